"""What a domain's ``init_app`` adds to the app beyond Flask's own registries: demo data and
fragments of the API document. Kept in ``app.extensions``, so each app has its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

DEMO_SEEDERS_KEY = "showcase.demo_seeders"
OPENAPI_FRAGMENTS_KEY = "showcase.openapi_fragments"

#: a domain's demo data: given the demo event, creates what is missing and returns lines to print
DemoSeeder = Callable[[Any], list[str]]


def add_demo_seeder(app: Flask, seeder: DemoSeeder) -> None:
    """Run ``seeder(event)`` during `flask seed-demo`, after the seeders of earlier domains."""
    app.extensions.setdefault(DEMO_SEEDERS_KEY, []).append(seeder)


def demo_seeders(app: Flask) -> list[DemoSeeder]:
    """The demo seeders in the order the domains added them."""
    return list(app.extensions.get(DEMO_SEEDERS_KEY, []))


def add_openapi_fragment(app: Flask, path: Path) -> None:
    """Merge the JSON file at ``path`` (more ``paths`` and ``components``) into /api/v1/openapi.json."""
    app.extensions.setdefault(OPENAPI_FRAGMENTS_KEY, []).append(Path(path))


def openapi_fragments(app: Flask) -> list[Path]:
    """The API document's fragments, in the order the domains added them."""
    return list(app.extensions.get(OPENAPI_FRAGMENTS_KEY, []))
