"""Where the app finds its own files, whether it runs from a source checkout or from a wheel.

In a checkout, ``templates/`` and ``static/`` sit at the top level beside ``showcase/`` (the
layout is fixed). A wheel installs copies of them as data files under ``<prefix>/share/showcase``
(see ``[tool.setuptools.data-files]`` in pyproject.toml). Catalogs, migrations and the OpenAPI
fragments travel inside the package in both cases, found beside the modules that use them.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

PACKAGE_FOLDER = Path(__file__).resolve().parent
CHECKOUT_FOLDER = PACKAGE_FOLDER.parent


def _is_checkout() -> bool:
    """True when the package runs from its source tree (plain or editable install)."""
    return (CHECKOUT_FOLDER / "pyproject.toml").is_file() and (CHECKOUT_FOLDER / "templates").is_dir()


def _installed_share_folder() -> Path:
    """``share/showcase`` of the installation scheme the wheel went into (venv, system or --user)."""
    candidates = [Path(sysconfig.get_path("data")), Path(sys.prefix)]
    if sysconfig.get_preferred_scheme("user") in sysconfig.get_scheme_names():
        candidates.append(Path(sysconfig.get_path("data", sysconfig.get_preferred_scheme("user"))))
    for data_folder in candidates:
        share = data_folder / "share" / "showcase"
        if (share / "templates").is_dir():
            return share
    return candidates[0] / "share" / "showcase"


SITE_FOLDER = CHECKOUT_FOLDER if _is_checkout() else _installed_share_folder()
TEMPLATES_FOLDER = SITE_FOLDER / "templates"
STATIC_FOLDER = SITE_FOLDER / "static"
#: the instance folder when SHOWCASE_INSTANCE_PATH is unset: ``instance/`` in a checkout, else
#: ``<prefix>/var/showcase-instance`` (Flask's own default for an installed package)
DEFAULT_INSTANCE_FOLDER = (CHECKOUT_FOLDER / "instance" if _is_checkout()
                           else Path(sys.prefix) / "var" / "showcase-instance")
