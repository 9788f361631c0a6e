"""An event's submission window and limits, read and changed by organizers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..database import unit_of_work, utcnow
from ..events.models import Event
from ..extensions import db
from .models import DEFAULT_MAX_DURATION_SECONDS, DEFAULT_MAX_SIZE_BYTES, SubmissionSettings
from .refusals import InvalidSettings

MB = 1024 * 1024


@dataclass
class WindowSettings:
    """What an organizer sets: when uploads open and close (aware datetimes) and the limits."""

    opens_at: datetime | None
    closes_at: datetime | None
    max_duration_seconds: int = DEFAULT_MAX_DURATION_SECONDS
    max_size_bytes: int = DEFAULT_MAX_SIZE_BYTES


def settings_for(event: Event) -> SubmissionSettings:
    """The event's settings row, or unsaved defaults (open until the event starts; limits from
    config SUBMISSION_MAX_DURATION_SECONDS / SUBMISSION_MAX_SIZE_BYTES, else 90 s and 500 MB)."""
    settings = db.session.get(SubmissionSettings, event.id)
    if settings is None:
        config = current_app.config
        settings = SubmissionSettings(
            event_id=event.id, opens_at=None, closes_at=None,
            max_duration_seconds=config.get("SUBMISSION_MAX_DURATION_SECONDS", DEFAULT_MAX_DURATION_SECONDS),
            max_size_bytes=config.get("SUBMISSION_MAX_SIZE_BYTES", DEFAULT_MAX_SIZE_BYTES))
    return settings


def closes_at(event: Event, settings: SubmissionSettings | None = None) -> datetime:
    """When uploads stop: the set deadline, else the event's start."""
    settings = settings or settings_for(event)
    return settings.closes_at or event.starts_at


def window_state(event: Event, now: datetime | None = None) -> str:
    """"open", "not_yet_open" or "closed" at ``now``."""
    now = now or utcnow()
    settings = settings_for(event)
    if settings.opens_at and now < settings.opens_at:
        return "not_yet_open"
    if now >= closes_at(event, settings):
        return "closed"
    return "open"


def save_settings(event: Event, values: WindowSettings) -> SubmissionSettings:
    """Store the event's window and limits; InvalidSettings when inconsistent."""
    problems = {}
    if values.opens_at and values.closes_at and values.closes_at <= values.opens_at:
        problems["closes_at"] = _l("The deadline must be after the opening.")
    if not 5 <= values.max_duration_seconds <= 600:
        problems["max_duration_seconds"] = _l("Enter a number from %(min)s to %(max)s.", min=5, max=600)
    if not 1 * MB <= values.max_size_bytes <= 4096 * MB:
        problems["max_size_mb"] = _l("Enter a number from %(min)s to %(max)s.", min=1, max=4096)
    if problems:
        raise InvalidSettings(_l("Please correct the marked fields."), fields=problems)
    with unit_of_work():
        settings = db.session.get(SubmissionSettings, event.id)
        if settings is None:
            settings = SubmissionSettings(event_id=event.id)
            db.session.add(settings)
        settings.opens_at = values.opens_at
        settings.closes_at = values.closes_at
        settings.max_duration_seconds = values.max_duration_seconds
        settings.max_size_bytes = values.max_size_bytes
    return settings
