"""Household RSVPs: placing, changing and cancelling them without ever overselling."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import tokens
from ..database import insert_now, utcnow
from ..extensions import db
from . import signals
from .contacts import normalize_email, normalize_phone
from .errors import (  # noqa: F401  (re-exported for callers)
    DuplicateRsvp,
    EventNotFound,
    InvalidHousehold,
    NotEnoughSeats,
    RsvpNotChangeable,
    RsvpsClosed,
)
from .models import Community, Event, Rsvp, RsvpStatus
from .seats import (
    confirmed_seats,
    lock_event,
    lock_event_by_slug,
    newcomer_standing,
    rsvp_with_contact,
    seats_needed,
)
from .waitlist import confirm, fill_free_seats, waitlist_position

MAX_PEOPLE_PER_COUNT = 20


@dataclass
class Household:
    """What a family tells us when it RSVPs (already type-checked by a form)."""

    contact_name: str
    phone: str = ""
    email: str = ""
    adults: int = 1
    children: int = 0
    infants: int = 0
    community_id: int | None = None
    accessibility_needs: str = ""
    photo_consent: bool = False
    locale: str = "ko"


@dataclass
class Party:
    """A party's make-up."""

    adults: int
    children: int = 0
    infants: int = 0

    @property
    def people(self) -> int:
        """Everyone, lap infants included."""
        return self.adults + self.children + self.infants


def manage_token(rsvp: Rsvp) -> str:
    """The private token in a household's manage link."""
    return tokens.derived_token(current_app.config["SECRET_KEY"], "manage", rsvp.token_salt)


def ticket_token(rsvp: Rsvp) -> str:
    """The private token in a household's ticket link (and its QR code)."""
    return tokens.derived_token(current_app.config["SECRET_KEY"], "ticket", rsvp.token_salt)


def _find_by_hash(column, token: str) -> Rsvp | None:
    if not tokens.plausible_token(token):
        return None
    digest = tokens.token_hash(token)
    rsvp = db.session.scalar(select(Rsvp).where(column == digest))
    if rsvp is None or not tokens.hashes_match(getattr(rsvp, column.key), token):
        return None
    return rsvp


def find_by_manage_token(token: str) -> Rsvp | None:
    """The RSVP a manage token belongs to, or None."""
    return _find_by_hash(Rsvp.manage_token_hash, token)


def find_by_ticket_token(token: str) -> Rsvp | None:
    """The RSVP a ticket token belongs to, or None."""
    return _find_by_hash(Rsvp.ticket_token_hash, token)


def _check_party(event: Event, party: Party) -> dict:
    errors: dict = {}
    if party.adults < 1:
        errors["adults"] = _l("At least one adult must come with the party.")
    for name in ("adults", "children", "infants"):
        value = getattr(party, name)
        if value < 0 or value > MAX_PEOPLE_PER_COUNT:
            errors[name] = _l("Enter a number from 0 to %(most)d.", most=MAX_PEOPLE_PER_COUNT)
    if not errors and party.people > event.max_party_size:
        errors["adults"] = _l("A household may bring at most %(most)d people, lap infants included.",
                              most=event.max_party_size)
    return errors


def _normalized_contacts(household: Household) -> tuple[str, str, dict]:
    errors: dict = {}
    phone = email = ""
    try:
        phone = normalize_phone(household.phone or "")
    except ValueError:
        errors["phone"] = _l("Enter a mobile number such as 010-1234-5678.")
    try:
        email = normalize_email(household.email or "")
    except ValueError:
        errors["email"] = _l("Enter a valid email address, such as name@example.com.")
    if not errors and not phone and not email:
        errors["phone"] = _l("Give a mobile number or an email address so we can reach you.")
    return phone, email, errors


def _validate_community(event: Event, community_id: int | None) -> dict:
    if community_id is None:
        return {}
    community = db.session.get(Community, community_id)
    if community is None or community.event_id != event.id:
        return {"community_id": _l("Choose a community team from the list, or none.")}
    return {}


def _contact_errors(household: Household) -> tuple[str, str, dict]:
    """The phone and email normalised, and what is wrong with them or the name (no event needed)."""
    phone, email, errors = _normalized_contacts(household)
    if not household.contact_name.strip():
        errors["contact_name"] = _l("Enter the name of the person we should contact.")
    return phone, email, errors


def _rule_errors(event: Event, party: Party, community_id: int | None) -> dict:
    """What the event's rules (as read now) say against this party and community."""
    return {**_check_party(event, party), **_validate_community(event, community_id)}


def _refuse_if_any(errors: dict) -> None:
    if errors:
        raise InvalidHousehold(_l("Please correct the highlighted fields."), errors)


def validate_household(event: Event, household: Household) -> tuple[str, str]:
    """Check a household against the event's rules; returns (phone, email) normalised."""
    phone, email, errors = _contact_errors(household)
    party = Party(household.adults, household.children, household.infants)
    _refuse_if_any({**errors, **_rule_errors(event, party, household.community_id)})
    return phone, email


def _household_row(household: Household, phone: str, email: str, source: str) -> Rsvp:
    """A not yet placed Rsvp row with its token hashes (none of it needs the event or its lock)."""
    rsvp = Rsvp(contact_name=household.contact_name.strip(), phone=phone, email=email,
                adults=household.adults, children=household.children, infants=household.infants,
                community_id=household.community_id,
                accessibility_needs=household.accessibility_needs.strip(),
                photo_consent=household.photo_consent, locale=household.locale,
                token_salt=tokens.new_salt(), source=source, status=RsvpStatus.WAITLISTED)
    rsvp.manage_token_hash = tokens.token_hash(manage_token(rsvp))
    rsvp.ticket_token_hash = tokens.token_hash(ticket_token(rsvp))
    return rsvp


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
    answer the family without another query.
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
    phone, email, contact_errors = _contact_errors(household)
    rsvp = _household_row(household, phone, email, source)
    try:
        locked = lock_event_by_slug(event) if isinstance(event, str) else lock_event(event)
        if locked is None or (source == "family" and locked.archived_at is not None):
            raise EventNotFound(_l("There is no event at this address."))
        # the time is taken under the lock: waitlist order is the order households were answered
        placement = _place_locked(locked, rsvp, now or utcnow(), source, walk_in, contact_errors)
        db.session.commit()
    except DuplicateRsvp as duplicate:
        db.session.rollback()
        signals.rsvp_link_requested.send(current_app._get_current_object(), rsvp_id=duplicate.rsvp_id)
        raise
    except BaseException:
        db.session.rollback()
        raise
    announce_commit()
    return placement


def _place_locked(event: Event, rsvp: Rsvp, now: datetime, source: str, walk_in: bool,
                  contact_errors: dict) -> Placement:
    """The decision itself, with ``event`` locked and read fresh."""
    if source == "family":
        _check_window(event, now)  # a closed event says so before any field error
    party = Party(rsvp.adults, rsvp.children, rsvp.infants)
    _refuse_if_any({**contact_errors, **_rule_errors(event, party, rsvp.community_id)})
    standing = newcomer_standing(event.id, rsvp.phone, rsvp.email, now)
    if standing.duplicate_id is not None:
        raise DuplicateRsvp(_l("This phone number or email already has an RSVP for this event. "
                               "Use the link in your confirmation to see or change it."), standing.duplicate_id)
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
    signal.send(current_app._get_current_object(), rsvp=rsvp)
    return Placement(rsvp, rsvp.id, rsvp.status, rsvp.seats, manage_token(rsvp), ticket_token(rsvp),
                     _position_of_newcomer(rsvp, standing.households_waiting, promoted))


def _position_of_newcomer(rsvp: Rsvp, waiting_before: int, promoted: list[Rsvp]) -> int | None:
    """A newcomer's place in line, under the lock: behind everyone who was waiting before it."""
    if rsvp.status != RsvpStatus.WAITLISTED:
        return None
    if promoted:  # rare (seats were free while families waited): count the line as it is now
        return waitlist_position(rsvp)
    return waiting_before + 1


def announce_promotions(promoted: list[Rsvp]) -> None:
    """Tell listeners, inside the transaction and before commit, that these households got seats."""
    app = current_app._get_current_object()
    for rsvp in promoted:
        signals.rsvp_promoted.send(app, rsvp=rsvp)


def announce_commit() -> None:
    """Tell listeners that the RSVP changes announced in the last transaction are committed."""
    signals.rsvps_committed.send(current_app._get_current_object())


@contextmanager
def _locked_household(rsvp_id: int) -> Iterator[tuple[Rsvp, Event]]:
    """Lock the household's event and yield (household, event) read fresh under the lock.

    Commits when the block ends, then sends ``rsvps_committed``; rolls back if the block raises.
    """
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None:
        raise RsvpNotChangeable(_l("This RSVP does not exist."))
    event = lock_event(rsvp.event_id)
    try:
        db.session.refresh(rsvp)
        yield rsvp, event
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    announce_commit()


def change_party(rsvp_id: int, party: Party, *, now: datetime | None = None,
                 by_organizer: bool = False) -> Rsvp:
    """Change a household's party: growing only if seats allow, shrinking frees seats for others."""
    now = now or utcnow()
    app = current_app._get_current_object()
    with _locked_household(rsvp_id) as (rsvp, event):
        if rsvp.status == RsvpStatus.CANCELLED:
            raise RsvpNotChangeable(_l("This RSVP was cancelled and can no longer change."))
        if not by_organizer and now >= event.starts_at:
            raise RsvpNotChangeable(_l("The event has started; ask the staff at the door."))
        errors = _check_party(event, party)
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
    return rsvp


def cancel_rsvp(rsvp_id: int, *, now: datetime | None = None) -> Rsvp:
    """Cancel a household's RSVP, free its seats and promote whoever now fits (twice is harmless)."""
    now = now or utcnow()
    with _locked_household(rsvp_id) as (rsvp, event):
        if rsvp.status != RsvpStatus.CANCELLED:
            rsvp.status = RsvpStatus.CANCELLED
            rsvp.cancelled_at = now
            rsvp.waitlisted_at = None
            signals.rsvp_cancelled.send(current_app._get_current_object(), rsvp=rsvp)
            announce_promotions(fill_free_seats(event, now))
    return rsvp


def promote_by_hand(rsvp_id: int, *, now: datetime | None = None) -> Rsvp:
    """An organizer confirms a waiting household out of turn, if its whole party fits."""
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
    return rsvp


def update_contact(rsvp_id: int, household: Household) -> Rsvp:
    """An organizer corrects a household's name, contacts, community or needs."""
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None:
        raise RsvpNotChangeable(_l("This RSVP does not exist."))
    event = rsvp.event
    phone, email = validate_household(event, household)
    other = rsvp_with_contact(event.id, phone, email, except_id=rsvp.id)
    if other is not None:
        raise DuplicateRsvp(_l("Another RSVP for this event already uses this phone number or email."), other)
    rsvp.contact_name = household.contact_name.strip()
    rsvp.phone, rsvp.email = phone, email
    rsvp.community_id = household.community_id
    rsvp.accessibility_needs = household.accessibility_needs.strip()
    rsvp.photo_consent = household.photo_consent
    rsvp.locale = household.locale
    signals.rsvp_changed.send(current_app._get_current_object(), rsvp=rsvp)
    db.session.commit()
    announce_commit()
    return rsvp
