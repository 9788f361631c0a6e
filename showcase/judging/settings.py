"""An event's judging settings: the window, blind judging, the minimum of scores, and the lock."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..database import current_unit, utcnow
from ..events.models import Event
from ..extensions import db
from .models import JudgingSettings
from .refusals import JudgingError

#: the settings of an event whose organizer has not changed them
DEFAULTS = {"blind": False, "min_scores": 3}


def settings_for(event: Event) -> JudgingSettings:
    """The event's judging settings to read: the stored row, or the defaults (not stored, so a
    page that only shows them writes nothing)."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None:
        settings = JudgingSettings(event_id=event.id, **DEFAULTS)
    return settings


def settings_for_update(event: Event) -> JudgingSettings:
    """The event's judging settings to change: the stored row, added with the defaults if missing."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None:
        settings = JudgingSettings(event_id=event.id, **DEFAULTS)
        db.session.add(settings)
        db.session.flush()
    return settings


def lock_settings_row(event: Event) -> JudgingSettings:
    """The event's judging row, locked for the open unit of work (serialises scoring against locking).

    On SQLite the unit already holds the write lock; on PostgreSQL ``SELECT … FOR UPDATE`` takes the
    row's. A missing row is added in a savepoint: a request adding it at the same moment wins, and
    this one locks that row.
    """
    current_unit()  # the lock lasts as long as the unit: outside one it would be nobody's
    settings = _locked_row(event)
    if settings is None:
        try:
            with db.session.begin_nested():
                db.session.add(JudgingSettings(event_id=event.id, **DEFAULTS))
        except IntegrityError:
            pass  # added by another request meanwhile: lock that one
        settings = _locked_row(event)
    return settings  # type: ignore[return-value]


def _locked_row(event: Event) -> JudgingSettings | None:
    return db.session.scalars(select(JudgingSettings).where(JudgingSettings.event_id == event.id)
                              .with_for_update().execution_options(populate_existing=True)).one_or_none()


def window_state(settings: JudgingSettings, now: datetime | None = None) -> str:
    """"locked", "not_yet_open", "closed" or "open" at ``now``."""
    now = now or utcnow()
    if settings.locked_at is not None:
        return "locked"
    if settings.opens_at is not None and now < settings.opens_at:
        return "not_yet_open"
    if settings.closes_at is not None and now >= settings.closes_at:
        return "closed"
    return "open"


def window_refusal(state: str) -> JudgingError | None:
    """The refusal for scoring in ``state``, or None when scoring is open."""
    if state == "locked":
        return JudgingError(_l("The results are locked: no score can change any more."), "locked", 409)
    if state == "closed":
        return JudgingError(_l("The judging window has closed: scores can no longer be saved."), "window_closed", 409)
    if state == "not_yet_open":
        return JudgingError(_l("Judging has not opened yet."), "window_not_open", 409)
    return None


def refuse_if_locked(settings: JudgingSettings) -> None:
    """Raise when the results are locked (nothing about judging may change then)."""
    if settings.locked_at is not None:
        raise JudgingError(_l("The results are locked: this can no longer be changed."), "locked", 409)
