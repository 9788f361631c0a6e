"""Finding an event, or one of its rows, from a URL, for views: anything missing or another event's is a 404."""

from __future__ import annotations

from typing import Protocol, TypeVar

from flask import abort

from ..extensions import db
from .models import Event
from .services import find_event


class _EventRow(Protocol):
    @property
    def event_id(self) -> int: ...


Row = TypeVar("Row", bound=_EventRow)


def event_or_404(slug: str, *, include_archived: bool = True) -> Event:
    """The event at ``slug``, or a 404 (archived events count as missing for the public)."""
    event = find_event(slug)
    if event is None or (not include_archived and event.archived_at is not None):
        abort(404)
    return event


def event_row_or_404(model: type[Row], row_id: int, event: Event) -> Row:
    """The ``model`` row ``row_id`` if it belongs to ``event``; a 404 otherwise (never another event's)."""
    row = db.session.get(model, row_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return row
