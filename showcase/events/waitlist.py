"""The waitlist of whole households: order, positions and automatic promotion."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select

from ..database import utcnow
from ..extensions import db
from .models import Event, Rsvp, RsvpStatus
from .seats import confirmed_seats


def waiting_households(event_id: int) -> list[Rsvp]:
    """Households waiting for ``event_id``, first come first."""
    return list(db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.WAITLISTED)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)))


def waitlist_position(rsvp: Rsvp) -> int | None:
    """1-based place of a waiting household in its event's waitlist; None if not waiting."""
    if rsvp.status != RsvpStatus.WAITLISTED or rsvp.waitlisted_at is None:
        return None
    ahead = db.session.scalar(
        select(func.count(Rsvp.id)).where(
            Rsvp.event_id == rsvp.event_id, Rsvp.status == RsvpStatus.WAITLISTED,
            or_(Rsvp.waitlisted_at < rsvp.waitlisted_at,
                and_(Rsvp.waitlisted_at == rsvp.waitlisted_at, Rsvp.id < rsvp.id))))
    return int(ahead or 0) + 1


def confirm(rsvp: Rsvp, now: datetime) -> None:
    """Give a household its seats (the caller holds the event lock and has checked they fit)."""
    rsvp.status = RsvpStatus.CONFIRMED
    rsvp.confirmed_at = now
    rsvp.waitlisted_at = None


def fill_free_seats(event: Event, now: datetime | None = None, free: int | None = None) -> list[Rsvp]:
    """Confirm, in waitlist order, every waiting household whose whole party fits.

    A family too large for the seats left is passed over but keeps its place; smaller
    families behind it may take seats it cannot use. Call with the event locked; pass
    ``free`` when the caller has just counted the free seats.
    """
    now = now or utcnow()
    if free is None:
        free = event.capacity - confirmed_seats(event.id)
    promoted: list[Rsvp] = []
    if free <= 0:
        return promoted
    candidates = list(db.session.scalars(  # only households small enough to fit at all
        select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLISTED, Rsvp.seats <= free)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)))
    for rsvp in candidates:
        if rsvp.seats <= free:
            confirm(rsvp, now)
            free -= rsvp.seats
            promoted.append(rsvp)
            if free == 0:
                break
    return promoted
