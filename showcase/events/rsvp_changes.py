"""Changing a placed household: its party, its details, cancelling, and promotion by hand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..audit import services as audit
from ..audit.services import Actor
from ..database import unit_of_work, utcnow
from ..extensions import db
from . import signals
from .households import (
    Household,
    Party,
    check_party,
    community_errors,
    contact_errors,
    details_errors,
    record_consent,
    refuse_if_any,
    validate_household,
)
from .models import Event, Rsvp, RsvpStatus
from .needs import apply_needs, offered
from .refusals import DuplicateRsvp, InvalidHousehold, NotEnoughSeats, RsvpNotChangeable
from .seats import confirmed_seats, lock_event, rsvp_with_contact, seats_needed
from .signals import announce_promotions
from .waitlist import confirm, fill_free_seats


@contextmanager
def _locked_household(rsvp_id: int) -> Iterator[tuple[Rsvp, Event]]:
    """Lock the household's event and yield (household, event) read fresh under the lock, in one
    unit of work: it commits when the block ends and rolls back if the block raises."""
    with unit_of_work():
        rsvp = db.session.get(Rsvp, rsvp_id)
        if rsvp is None:
            raise RsvpNotChangeable(_l("This RSVP does not exist."))
        event = lock_event(rsvp.event_id)
        db.session.refresh(rsvp)
        yield rsvp, event


def change_party(rsvp_id: int, party: Party, *, now: datetime | None = None,
                 by_organizer: bool = False) -> Rsvp:
    """Change a household's party: growing only if seats allow, shrinking frees seats for others."""
    now = now or utcnow()
    with _locked_household(rsvp_id) as (rsvp, event):
        _change_party_locked(rsvp, event, party, now, by_organizer)
    return rsvp


def _change_party_locked(rsvp: Rsvp, event: Event, party: Party, now: datetime, by_organizer: bool) -> None:
    """The party change itself, with the event locked; announces it (or the promotion it makes)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
    if rsvp.status == RsvpStatus.CANCELLED:
        raise RsvpNotChangeable(_l("This RSVP was cancelled and can no longer change."))
    if not by_organizer and now >= event.starts_at:
        raise RsvpNotChangeable(_l("The event has started; ask the staff at the door."))
    errors = check_party(event, party)
    if errors:
        raise InvalidHousehold(_l("Please correct the highlighted fields."), errors)
    new_seats = seats_needed(event, party.adults, party.children, party.infants)
    if rsvp.status == RsvpStatus.CONFIRMED and new_seats > rsvp.seats:
        free = event.capacity - confirmed_seats(event.id)
        if new_seats - rsvp.seats > free:
            raise NotEnoughSeats(_l("Only %(free)d more seat(s) are free, so the party cannot "
                                    "grow by %(more)d.", free=free, more=new_seats - rsvp.seats))
    rsvp.adults, rsvp.children, rsvp.infants = party.adults, party.children, party.infants
    rsvp.seats = new_seats
    rsvp.updated_at = now
    promoted = fill_free_seats(event, now)
    if rsvp not in promoted:
        signals.rsvp_changed.send(app, rsvp=rsvp)
    announce_promotions(promoted)  # the household itself, if it now fits


def cancel_rsvp(rsvp_id: int, *, now: datetime | None = None) -> Rsvp:
    """Cancel a household's RSVP, free its seats and promote whoever now fits (twice is harmless)."""
    now = now or utcnow()
    with _locked_household(rsvp_id) as (rsvp, event):
        if rsvp.status != RsvpStatus.CANCELLED:
            rsvp.status = RsvpStatus.CANCELLED
            rsvp.cancelled_at = now
            rsvp.waitlisted_at = None
            signals.rsvp_cancelled.send(current_app._get_current_object(), rsvp=rsvp)  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
            announce_promotions(fill_free_seats(event, now))
    return rsvp


def promote_by_hand(rsvp_id: int, *, actor: Actor | None = None, now: datetime | None = None) -> Rsvp:
    """An organizer confirms a waiting household out of turn, if its whole party fits (audited)."""
    now = now or utcnow()
    with _locked_household(rsvp_id) as (rsvp, event):
        if rsvp.status != RsvpStatus.WAITLISTED:
            raise RsvpNotChangeable(_l("Only a household on the waitlist can be promoted."))
        free = event.capacity - confirmed_seats(event.id)
        if rsvp.seats > free:
            raise NotEnoughSeats(_l("This household needs %(need)d seats but only %(free)d are free. "
                                    "Raise the capacity first.", need=rsvp.seats, free=free))
        confirm(rsvp, now)
        announce_promotions([rsvp])
        audit.record("promoted_by_hand", actor=actor, event_id=event.id, target=f"rsvp {rsvp.id}",
                     details={"seats": rsvp.seats})
    return rsvp


def edit_household(rsvp_id: int, household: Household, party: Party | None = None, *,
                   now: datetime | None = None) -> Rsvp:
    """An organizer corrects a household's name, contacts, community and needs and, when ``party``
    differs from today's, its party too: all of it in one transaction, or nothing."""
    now = now or utcnow()
    with _locked_household(rsvp_id) as (rsvp, event):
        refuse_if_any(details_errors(household))
        phone, email = validate_household(event, household)
        _store_details(rsvp, event, household, phone, email, now)
        if party is not None and (party.adults, party.children, party.infants) != (rsvp.adults, rsvp.children,
                                                                                     rsvp.infants):
            _change_party_locked(rsvp, event, party, now, by_organizer=True)
        else:
            signals.rsvp_changed.send(current_app._get_current_object(), rsvp=rsvp)  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
    return rsvp


def _store_details(rsvp: Rsvp, event: Event, household: Household, phone: str, email: str,
                   now: datetime) -> bool:
    """Write a household's contact, team, needs and consent; True when its contact changed."""
    other = rsvp_with_contact(event.id, phone, email, except_id=rsvp.id)
    if other is not None:
        raise DuplicateRsvp(_l("Another RSVP for this event already uses this phone number or email."), other)
    contact_changed = (rsvp.contact_name, rsvp.phone, rsvp.email) != (household.contact_name.strip(), phone, email)
    rsvp.contact_name = household.contact_name.strip()
    rsvp.phone, rsvp.email = phone, email
    rsvp.community_id = household.community_id
    rsvp.accessibility_needs = household.accessibility_needs.strip()
    apply_needs(rsvp, household.needs, offered(event))
    record_consent(rsvp, household, now)
    rsvp.locale = household.locale
    rsvp.updated_at = now
    return contact_changed


def change_details(rsvp_id: int, household: Household, *, now: datetime | None = None) -> Rsvp:
    """A family changes its contact, team, needs or photo consent from its manage page.

    The party is not touched (change_party does that). Only a new contact sends the family a
    message (so it reaches the new phone or address); new needs or consent need none.
    """
    now = now or utcnow()
    with _locked_household(rsvp_id) as (rsvp, event):
        if rsvp.status == RsvpStatus.CANCELLED:
            raise RsvpNotChangeable(_l("This RSVP was cancelled and can no longer change."))
        phone, email, errors = contact_errors(household)
        refuse_if_any({**errors, **details_errors(household), **community_errors(event, household.community_id)})
        if _store_details(rsvp, event, household, phone, email, now):
            signals.rsvp_changed.send(current_app._get_current_object(), rsvp=rsvp)  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
    return rsvp
