"""Counting seats and taking the per-event lock under which seats are allocated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from ..database import current_unit
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


@dataclass(frozen=True)
class Standing:
    """What a newcomer's answer depends on, read in one query under the event lock."""

    seats_confirmed: int
    households_waiting: int
    duplicate_id: int | None


def _active_rsvp_with(column, value):  # one lookup per contact, each through its own index
    return (select(Rsvp.id).where(column == value, column != "", Rsvp.event_id == bindparam("event_id"),
                                  Rsvp.status != RsvpStatus.CANCELLED, Rsvp.id != bindparam("except_id"))
            .limit(1).scalar_subquery())


#: an active RSVP of the event, other than ``except_id``, already using the phone or the email
#: ("" never matches: an RSVP without a phone, or email, is no duplicate of another without one)
SAME_CONTACT = func.coalesce(_active_rsvp_with(Rsvp.phone, bindparam("phone")),
                             _active_rsvp_with(Rsvp.email, bindparam("email")))


def rsvp_with_contact(event_id: int, phone: str, email: str, except_id: int = 0) -> int | None:
    """The id of an active RSVP for the event (not ``except_id``) that uses ``phone`` or ``email``."""
    return db.session.scalar(select(SAME_CONTACT), {"event_id": event_id, "phone": phone, "email": email,
                                                     "except_id": except_id})


def _newcomer_standing_query():
    of_event = Rsvp.event_id == bindparam("event_id")
    seats = (select(func.coalesce(func.sum(Rsvp.seats), 0))
             .where(of_event, Rsvp.status == RsvpStatus.CONFIRMED).scalar_subquery())
    waiting = (select(func.count(Rsvp.id))
               .where(of_event, Rsvp.status == RsvpStatus.WAITLISTED, Rsvp.waitlisted_at <= bindparam("now"))
               .scalar_subquery())
    return select(seats, waiting, SAME_CONTACT)


#: built once: this runs for every RSVP, under the seat lock
NEWCOMER_STANDING = _newcomer_standing_query()


def newcomer_standing(event_id: int, phone: str, email: str, now: datetime) -> Standing:
    """Seats confirmed, households waiting since ``now`` or earlier (ahead of a newcomer answered
    at ``now``), and an active RSVP already using ``phone`` or ``email``."""
    row = db.session.execute(NEWCOMER_STANDING, {"event_id": event_id, "phone": phone, "email": email,
                                                 "now": now, "except_id": 0}).one()
    return Standing(int(row[0] or 0), int(row[1] or 0), row[2])


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


def _lock_event_where(condition):
    return select(Event).where(condition).with_for_update().execution_options(populate_existing=True)


LOCK_EVENT = _lock_event_where(Event.id == bindparam("event_id"))
LOCK_EVENT_BY_SLUG = _lock_event_where(Event.slug == bindparam("slug"))


def lock_event(event_id: int) -> Event:
    """Hold ``event_id``'s seats until the current unit of work ends, and return the event read fresh.

    SQLite: the unit's BEGIN IMMEDIATE holds every seat already. PostgreSQL: SELECT … FOR UPDATE on
    the event row, so RSVPs for different events do not wait for each other.
    """
    current_unit()
    return db.session.execute(LOCK_EVENT, {"event_id": event_id}).scalar_one()


def lock_event_by_slug(slug: str) -> Event | None:
    """``lock_event`` for the event at ``slug`` (None if there is none), read in the same statement."""
    current_unit()
    return db.session.execute(LOCK_EVENT_BY_SLUG, {"slug": slug}).scalar_one_or_none()
