"""Placing a household: confirmed if its whole party fits, otherwise on the waitlist, never oversold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..database import insert_now, unit_of_work, utcnow
from . import signals
from .households import (
    Household,
    Party,
    contact_errors,
    details_errors,
    new_household_row,
    refuse_if_any,
    rule_errors,
)
from .models import Event, Rsvp, RsvpStatus
from .needs import Needs, apply_needs, offered
from .refusals import DuplicateRsvp, EventNotFound, NotEnoughSeats, RsvpsClosed
from .rsvp_tokens import manage_token, ticket_token
from .seats import lock_event, lock_event_by_slug, newcomer_standing, seats_needed
from .signals import announce_promotions
from .waitlist import confirm, fill_free_seats, waitlist_position

#: a household RSVPs twice: its links are sent again (tickets.links), at most once per quarter hour
DUPLICATE_MESSAGE = _l("This phone number or email already has an RSVP for this event, so we have sent "
                       "its links again to the phone and email given with it. Nothing new was booked.")


def _check_window(event: Event, now: datetime) -> None:
    state = event.rsvp_window_state(now)
    if state == "not_yet_open":
        raise RsvpsClosed(_l("RSVPs for this event have not opened yet."))
    if state == "closed":
        raise RsvpsClosed(_l("RSVPs for this event are closed."))


@dataclass(frozen=True)
class Placement:
    """A household just placed and what it was answered, taken under the lock.

    ``rsvp`` is expired by the commit (reading it loads it fresh); the other fields let a view
    answer the family without another query. Inside a caller's unit of work (a walk-in), the
    household commits with the rest of the caller's action.
    """

    rsvp: Rsvp
    rsvp_id: int
    status: RsvpStatus
    seats: int
    manage_token: str
    ticket_token: str
    waitlist_position: int | None  # its place in line when answered; None when it has seats


def place_rsvp(event: int | str, household: Household, *, source: str = "family",
               now: datetime | None = None, walk_in: bool = False) -> Placement:
    """Confirm a household if its whole party fits, otherwise put it on the waitlist.

    ``event`` is the event's id, or its slug (how the API names it: the event is then read in
    the statement that locks it, one query fewer). Raises EventNotFound (a slug of no event, or
    an archived one for a family), RsvpsClosed outside the RSVP window (organizers and door
    staff, ``source`` other than "family", may add households at any time), InvalidHousehold
    and DuplicateRsvp.
    ``walk_in`` (a family standing at the door): seat it now or raise NotEnoughSeats instead of
    waitlisting, and do not first promote waiting households, who are not at the door.
    Contacts are normalised and tokens hashed before the seat lock is taken; under it, only
    what depends on the event as it is now and on other households is decided.
    """
    phone, email, refused_contacts = contact_errors(household, need_contact=not walk_in)
    refused_contacts.update(details_errors(household))
    rsvp = new_household_row(household, phone, email, source)
    with unit_of_work() as unit:
        locked = lock_event_by_slug(event) if isinstance(event, str) else lock_event(event)
        if locked is None or (source == "family" and locked.archived_at is not None):
            raise EventNotFound(_l("There is no event at this address."))
        # the time is taken under the lock: waitlist order is the order households were answered
        try:
            return _place_locked(locked, rsvp, now or utcnow(), source, walk_in, refused_contacts,
                                 household.needs)
        except DuplicateRsvp as duplicate:
            app, rsvp_id = current_app._get_current_object(), duplicate.rsvp_id  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
            unit.after_rollback(lambda: signals.rsvp_link_requested.send(app, rsvp_id=rsvp_id))
            raise


def _place_locked(event: Event, rsvp: Rsvp, now: datetime, source: str, walk_in: bool,
                  refused_contacts: dict, needs: Needs) -> Placement:
    """The decision itself, with ``event`` locked and read fresh."""
    if source == "family":
        _check_window(event, now)  # a closed event says so before any field error
    party = Party(rsvp.adults, rsvp.children, rsvp.infants)
    refuse_if_any({**refused_contacts, **rule_errors(event, party, rsvp.community_id)})
    apply_needs(rsvp, needs, offered(event))  # only what the event offers, as it is now
    rsvp.photo_consent_at = now  # the guardian's answer, yes or no, and when it was given
    standing = newcomer_standing(event.id, rsvp.phone, rsvp.email, now)
    if standing.duplicate_id is not None:
        raise DuplicateRsvp(DUPLICATE_MESSAGE, standing.duplicate_id)
    free = event.capacity - standing.seats_confirmed
    # families waiting while seats are free (capacity raised, say) go first; nobody waits: no query
    waiting = standing.households_waiting > 0
    promoted = fill_free_seats(event, now, free) if waiting and not walk_in else []
    free -= sum(r.seats for r in promoted)  # no fitting family is left waiting
    rsvp.event_id = event.id
    rsvp.seats = seats_needed(event, rsvp.adults, rsvp.children, rsvp.infants)
    rsvp.created_at = rsvp.waitlisted_at = now
    if rsvp.seats <= free:
        confirm(rsvp, now)
    elif walk_in:
        # the door (showcase.checkin.walkins) words this refusal for staff in their language
        raise NotEnoughSeats(f"walk-in needs {rsvp.seats} seat(s), {max(free, 0)} free")
    insert_now(rsvp)  # one row, written at once: a flush of it costs three times as much
    announce_promotions(promoted)
    signal = signals.rsvp_confirmed if rsvp.status == RsvpStatus.CONFIRMED else signals.rsvp_waitlisted
    signal.send(current_app._get_current_object(), rsvp=rsvp)  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
    return Placement(rsvp, rsvp.id, rsvp.status, rsvp.seats, manage_token(rsvp), ticket_token(rsvp),
                     _position_of_newcomer(rsvp, standing.households_waiting, promoted))


def _position_of_newcomer(rsvp: Rsvp, waiting_before: int, promoted: list[Rsvp]) -> int | None:
    """A newcomer's place in line, under the lock: behind everyone who was waiting before it."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    if promoted:  # rare (seats were free while families waited): count the line as it is now
        return waitlist_position(rsvp)
    return waiting_before + 1
