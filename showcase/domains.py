"""Finding each domain package's optional modules (models, jobs, commands, demo data)."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def optional_module(name: str) -> ModuleType | None:
    """Import ``name`` if it (and its package) exists; None otherwise. Other import errors propagate."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name in (name, name.rsplit(".", 1)[0]):
            return None
        raise


def import_domain_modules(submodule: str) -> list[ModuleType]:
    """Import ``showcase.<domain>.<submodule>`` for every domain package that has one."""
    import showcase

    found = []
    for module in pkgutil.iter_modules(showcase.__path__):
        if module.ispkg:
            imported = optional_module(f"showcase.{module.name}.{submodule}")
            if imported is not None:
                found.append(imported)
    return found
