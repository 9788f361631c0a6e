"""A wheel built from the tree is complete: every domain's Korean and English catalogs, the
migrations, the OpenAPI fragments, templates/ and static/; installed into a fresh virtualenv it
migrates a database and serves a Korean page with its stylesheet."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "showcase"
DATA = "showcase-0.1.0.data/data/share/showcase/"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from the working tree (build requirements from the configured index)."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    [built] = out.glob("showcase-*.whl")
    return built


def _tracked(folder: str) -> set[str]:
    """Files git tracks under ``folder`` (relative to the repository)."""
    listing = subprocess.run(["git", "-C", str(REPO), "ls-files", folder], capture_output=True, text=True, check=True)
    return set(listing.stdout.split())


def test_the_wheel_carries_catalogs_migrations_openapi_templates_and_static(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())

    catalog_folders = sorted(PACKAGE.glob("**/translations"))
    assert len(catalog_folders) >= 12  # the package's own and every domain's
    for folder in catalog_folders:
        for language in ("ko", "en"):
            for suffix in ("po", "mo"):
                relative = (folder / language / "LC_MESSAGES" / f"messages.{suffix}").relative_to(REPO).as_posix()
                assert relative in names, f"{relative} missing from the wheel (catalogs compiled by scripts/setup.sh?)"

    migrations = {path.relative_to(REPO).as_posix() for path in (PACKAGE / "migrations").rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts}
    assert migrations and migrations <= names, sorted(migrations - names)
    assert "showcase/migrations/alembic.ini" in names and "showcase/migrations/env.py" in names

    openapi = {path.relative_to(REPO).as_posix() for path in PACKAGE.glob("*/openapi.json")}
    assert "showcase/api/openapi.json" in openapi and openapi <= names, sorted(openapi - names)

    site_files = _tracked("templates") | _tracked("static") | {"static/vendor/jsqr/jsQR.js"}
    missing = sorted(name for name in site_files if DATA + name not in names)
    assert not missing, f"not in the wheel (add the folder to [tool.setuptools.data-files]): {missing}"


def test_an_installed_wheel_migrates_and_serves_a_korean_page(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                              "--no-index", str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-3000:]

    # The fresh venv gets the wheel; its dependencies come from this venv's site-packages, put on
    # PYTHONPATH (its .pth files, such as this checkout's editable install, are not read from there).
    script = textwrap.dedent("""
        import showcase
        from flask_migrate import upgrade
        from showcase import create_app

        print(showcase.__file__)
        app = create_app()
        with app.app_context():
            upgrade()
        client = app.test_client()
        login = client.get("/login", headers={"Accept-Language": "ko"})
        print(login.status_code)
        print(login.get_data(as_text=True))
        css = client.get("/static/css/app.css")
        print(css.status_code, len(css.data))
        css.close()
    """)
    instance = tmp_path / "instance"
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
                   "PYTHONPATH": sysconfig.get_paths()["purelib"],
                   "SHOWCASE_INSTANCE_PATH": str(instance),
                   "SHOWCASE_DATABASE_URL": f"sqlite:///{instance / 'showcase.db'}"}
    run = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env=environment)
    assert run.returncode == 0, run.stderr[-3000:]
    module_file, login_status, *page_and_css = run.stdout.splitlines()
    assert Path(module_file).is_relative_to(venv), module_file   # the wheel's copy, not this checkout
    assert login_status == "200"
    page, css = "\n".join(page_and_css[:-1]), page_and_css[-1]
    assert "행사 담당자, 입구 스태프, 심사위원용입니다." in page   # auth's Korean catalog, installed
    assert 'lang="ko"' in page
    status, size = css.split()
    assert status == "200" and int(size) > 1000   # static/ found under <venv>/share/showcase
