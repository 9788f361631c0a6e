"""Counting seats and taking the per-event lock under which seats are allocated."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..database import begin_write_transaction
from ..extensions import db
from .models import Event, Rsvp, RsvpStatus


@dataclass(frozen=True)
class SeatCounts:
    """An event's seat figures at one moment."""

    capacity: int
    seats_confirmed: int
    households_confirmed: int
    seats_waiting: int
    households_waiting: int

    @property
    def seats_left(self) -> int:
        """Seats nobody holds (never negative)."""
        return max(0, self.capacity - self.seats_confirmed)


def seats_needed(event: Event, adults: int, children: int, infants: int) -> int:
    """Seats a party takes at ``event``: lap infants only when the event says they need one."""
    return adults + children + (infants if event.infants_take_seat else 0)


def confirmed_seats(event_id: int) -> int:
    """Seats held by confirmed households."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(Rsvp.seats), 0))
        .where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED))
    return int(total or 0)


def seat_counts(event: Event) -> SeatCounts:
    """Confirmed and waiting seats and households for ``event``, in one query."""
    rows = db.session.execute(
        select(Rsvp.status, func.count(Rsvp.id), func.coalesce(func.sum(Rsvp.seats), 0))
        .where(Rsvp.event_id == event.id, Rsvp.status != RsvpStatus.CANCELLED)
        .group_by(Rsvp.status)).all()
    by_status = {status: (int(count), int(seats)) for status, count, seats in rows}
    confirmed = by_status.get(RsvpStatus.CONFIRMED, (0, 0))
    waiting = by_status.get(RsvpStatus.WAITLISTED, (0, 0))
    return SeatCounts(capacity=event.capacity, seats_confirmed=confirmed[1],
                      households_confirmed=confirmed[0], seats_waiting=waiting[1],
                      households_waiting=waiting[0])


def lock_event(event_id: int) -> Event:
    """Begin a write transaction holding ``event_id``'s seats until commit, and return the event.

    SQLite: BEGIN IMMEDIATE. PostgreSQL: SELECT … FOR UPDATE on the event row, so RSVPs for
    different events do not wait for each other.
    """
    begin_write_transaction()
    return db.session.execute(
        select(Event).where(Event.id == event_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()
