"""The door screen as an installable app that works offline (its web app manifest), and the
paper fallback offered before the event."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from ..database import utcnow
from ..events.models import Event
from ..i18n import localized


def door_list_before_event(event: Event, now: datetime | None = None) -> bool:
    """Whether the event is still to start: the printed door list is then offered prominently."""
    return (now or utcnow()) < event.starts_at


def door_manifest(event: Event, start_url: str, icon_192: str, icon_512: str) -> dict:
    """The manifest of ``event``'s door screen, named in the reader's language."""
    title = localized(event, "title")
    return {
        "name": _("Door: %(title)s", title=title),
        "short_name": _("Door"),
        "start_url": start_url,
        "scope": start_url,
        "id": start_url,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1f5f8b",
        "icons": [{"src": icon_192, "sizes": "192x192", "type": "image/png", "purpose": "any maskable"},
                  {"src": icon_512, "sizes": "512x512", "type": "image/png", "purpose": "any maskable"}],
    }
