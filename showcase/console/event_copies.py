"""Many events: duplicating one as a template for the next (program, rubric, settings), archiving old ones."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

from sqlalchemy import inspect, select

from ..audit import services as audit
from ..auth.models import User
from ..database import unit_of_work, utcnow
from ..events.models import Community, Event
from ..events.services import EventDetails, create_event
from ..extensions import db
from ..judging.models import Criterion, JudgingSettings
from ..privacy.models import RetentionPolicy
from ..program.models import ProgramItem, ProgramSettings
from ..submissions.models import SubmissionSettings

#: per-event rows copied as they are (one or many per event)
COPIED_LISTS = (ProgramItem, Criterion)
#: per-event settings rows (keyed by event_id); their dates move with the event, their "done" marks are cleared
COPIED_SETTINGS = (ProgramSettings, JudgingSettings, SubmissionSettings, RetentionPolicy)
#: columns that record something that happened to the old event, never carried over
CLEARED = {"published_at", "published_file", "published_sha256", "published_size", "published_layout",
           "published_language", "locked_at", "locked_by_id", "published_gallery_at", "purged_at", "updated_at"}


def _copy(row: object, event_id: int, shift) -> object:
    mapper = inspect(type(row))
    values = {}
    for column in mapper.columns:
        key = column.key
        if key == "event_id":
            values[key] = event_id
        elif column.primary_key or key in CLEARED:
            continue
        else:
            value = getattr(row, key)
            values[key] = shift(value) if isinstance(value, datetime) else value
    return type(row)(**values)


def duplicate_event(source: Event, slug: str, starts_at: datetime, actor: User | None,
                    copy_teams: bool = False) -> Event:
    """A new event like ``source`` on ``starts_at`` (every date moved alike), with its program, rubric and
    settings; no households, entries, scores or door records. Teams (names only) when ``copy_teams``."""
    delta = starts_at - source.starts_at

    def shift(value: datetime | None) -> datetime | None:
        return value + delta if value is not None else None

    details = EventDetails(**{f.name: getattr(source, f.name) for f in fields(EventDetails)})
    details.slug, details.starts_at = slug, starts_at
    details.ends_at, details.rsvp_opens_at, details.rsvp_closes_at = (
        shift(source.ends_at), shift(source.rsvp_opens_at), shift(source.rsvp_closes_at))
    with unit_of_work():  # one unit: the event and everything copied into it, or nothing at all
        event = create_event(details)  # validates (slug free and well-formed, dates consistent); joins this unit
        db.session.flush()  # the new event's id, for the rows copied into it
        for model in COPIED_LISTS + COPIED_SETTINGS:
            for row in db.session.scalars(select(model).where(model.event_id == source.id)):
                db.session.add(_copy(row, event.id, shift))
        if copy_teams:
            for team in source.communities:
                db.session.add(Community(event_id=event.id, name=team.name, district=team.district,
                                         households=team.households))
        audit.record("event_duplicated", actor=actor, event_id=event.id, target=event.slug,
                     details={"from": source.slug, "teams": copy_teams})
    return event


def set_archived(event: Event, archived: bool, actor: User | None) -> Event:
    """Archive an event (hidden from the public and the door, kept for organizers) or bring it back."""
    with unit_of_work():
        event.archived_at = utcnow() if archived else None
        if archived:
            audit.record("event_archived", actor=actor, event_id=event.id, target=event.slug)
    return event
