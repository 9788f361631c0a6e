"""Finding an event from a URL, for views: a missing one is a 404."""

from __future__ import annotations

from flask import abort

from .models import Event
from .services import find_event


def event_or_404(slug: str, *, include_archived: bool = True) -> Event:
    """The event at ``slug``, or a 404 (archived events count as missing for the public)."""
    event = find_event(slug)
    if event is None or (not include_archived and event.archived_at is not None):
        abort(404)
    return event
