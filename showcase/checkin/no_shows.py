"""Releasing the seats of confirmed households that had not arrived by the organizer's chosen time.

Released households are cancelled WITHOUT promoting the waitlist: the seats are meant for the
families standing at the door (walk-ins, and waitlisted families who came anyway and are
admitted from the waitlist at the door), not for waiting families who may be at home. Each
release is recorded (NoShowRelease) and announced with ``signals.no_show_released`` inside the
same unit of work, so the tickets domain's message to the family commits with the release; their
ticket then scans as "cancelled" with the release time, and the door may still seat them if
seats are free.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ..database import unit_of_work, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.seats import lock_event
from ..extensions import db
from . import signals
from .models import Admission, NoShowPolicy, NoShowRelease
from .refusals import InvalidEntry


def release_policy(event_id: int) -> NoShowPolicy | None:
    """The event's chosen release time, if any."""
    return db.session.scalar(select(NoShowPolicy).where(NoShowPolicy.event_id == event_id))


def set_release_time(event: Event, release_at: datetime | None, user_id: int | None) -> NoShowPolicy | None:
    """Choose (or clear, with None) when no-shows lose their seats; it must be at or after the start."""
    if release_at is not None and release_at < event.starts_at:
        raise InvalidEntry(_l("Choose a time at or after the start of the event."),
                           {"release_at": _l("At or after the start of the event.")})
    with unit_of_work():
        policy = release_policy(event.id)
        if release_at is None:
            if policy is not None and policy.released_at is None:
                db.session.delete(policy)
                return None
            return policy
        if policy is not None and policy.released_at is not None:
            raise InvalidEntry(_l("The seats of households that did not come were already released."))
        if policy is None:
            policy = NoShowPolicy(event_id=event.id, release_at=release_at, set_by_user_id=user_id)
            db.session.add(policy)
        else:
            policy.release_at, policy.set_by_user_id = release_at, user_id
    return policy


def no_show_households(event_id: int) -> list[Rsvp]:
    """Confirmed households of which nobody has been admitted (walk-ins excluded)."""
    admitted = exists().where(Admission.rsvp_id == Rsvp.id, Admission.undone_at.is_(None))
    return list(db.session.scalars(select(Rsvp).where(
        Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED, Rsvp.source != "door", ~admitted)
        .order_by(Rsvp.contact_name)))


def release_no_shows(event: Event, user_id: int | None = None, now: datetime | None = None) -> list[Rsvp]:
    """Release now the seats of every confirmed household nobody of which has arrived."""
    now = now or utcnow()
    if now < event.starts_at:
        raise InvalidEntry(_l("Seats can only be released after the event has started."))
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
    with unit_of_work():
        lock_event(event.id)
        released = no_show_households(event.id)
        for rsvp in released:
            rsvp.status = RsvpStatus.CANCELLED
            rsvp.cancelled_at = now
            rsvp.waitlisted_at = None
            db.session.add(NoShowRelease(event_id=event.id, rsvp_id=rsvp.id, seats=rsvp.seats,
                                         released_at=now, released_by_user_id=user_id))
        policy = db.session.scalar(select(NoShowPolicy).where(NoShowPolicy.event_id == event.id))
        if policy is None:
            policy = NoShowPolicy(event_id=event.id, release_at=now, set_by_user_id=user_id)
            db.session.add(policy)
        policy.released_at = now
        for rsvp in released:  # the families' messages commit with the release, or neither does
            signals.no_show_released.send(app, rsvp_id=rsvp.id)
    return released


def release_due(now: datetime | None = None) -> int:
    """Run every release whose chosen time has come (called each minute by a job); households released.

    Each event's release is a unit of work of its own: the events have nothing to do with each other."""
    now = now or utcnow()
    due = db.session.scalars(select(NoShowPolicy).where(
        NoShowPolicy.released_at.is_(None), NoShowPolicy.release_at <= now)).all()
    count = 0
    for policy in due:
        event = db.session.get_one(Event, policy.event_id)
        count += len(release_no_shows(event, policy.set_by_user_id, now))
    return count


def released_households(event_id: int) -> list[NoShowRelease]:
    """The releases recorded for an event."""
    return list(db.session.scalars(select(NoShowRelease).where(NoShowRelease.event_id == event_id)
                                   .order_by(NoShowRelease.released_at)))


def mark_notified(rsvp_id: int, now: datetime | None = None) -> None:
    """Record that a released household was told (for whoever sends the message)."""
    with unit_of_work():
        release = db.session.scalar(select(NoShowRelease).where(NoShowRelease.rsvp_id == rsvp_id))
        if release is not None and release.notified_at is None:
            release.notified_at = now or utcnow()
