"""What a domain's ``init_app`` adds to the app beyond Flask's own registries: demo data,
fragments of the API document and what a page of a lower domain shows for it. Kept in
``app.extensions``, so each app has its own."""

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


PAGE_CONTEXT_KEY = "showcase.page_context"

#: what a higher domain shows on a lower domain's page: given the page's event, more template context
PageContext = Callable[[Any], dict[str, Any]]


def add_page_context(app: Flask, page: str, provider: PageContext) -> None:
    """Have ``page`` (its endpoint, e.g. "submissions_manage.review_grid") rendered with ``provider(event)`` too."""
    app.extensions.setdefault(PAGE_CONTEXT_KEY, {}).setdefault(page, []).append(provider)


def page_context(app: Flask, page: str, event: Any, **defaults: Any) -> dict[str, Any]:
    """``defaults`` (what the page shows when no domain adds anything) updated by each provider of ``page``."""
    context = dict(defaults)
    for provider in app.extensions.get(PAGE_CONTEXT_KEY, {}).get(page, []):
        context.update(provider(event))
    return context
