"""The organizer's per-event menu: each domain adds its own pages, so events knows none of them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import LazyString

EXTENSION_KEY = "showcase.event_nav"


@dataclass(frozen=True)
class EventNavLink:
    """One entry: an endpoint taking ``slug`` and its label."""

    endpoint: str
    label: LazyString | str
    order: int = 100


def add_event_nav_link(app: Flask, endpoint: str, label: LazyString | str, order: int = 100) -> None:
    """Show ``endpoint`` (which takes ``slug``) in every event's organizer menu."""
    links = app.extensions.setdefault(EXTENSION_KEY, [])
    links.append(EventNavLink(endpoint, label, order))
    links.sort(key=lambda link: link.order)


def nav_links_context() -> dict:
    """Template context: the per-event menu as ``event_nav_links``."""
    return {"event_nav_links": current_app.extensions.get(EXTENSION_KEY, [])}


def init_app(app: Flask) -> None:
    """Expose the menu to templates as ``event_nav_links``."""
    app.extensions.setdefault(EXTENSION_KEY, [])
    app.context_processor(nav_links_context)
