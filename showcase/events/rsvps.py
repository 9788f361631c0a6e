"""Household RSVPs: placing, changing and cancelling them without ever overselling."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from .. import tokens
from ..database import utcnow
from ..extensions import db
from . import signals
from .contacts import normalize_email, normalize_phone
from .errors import (  # noqa: F401  (re-exported for callers)
    DuplicateRsvp,
    InvalidHousehold,
    NotEnoughSeats,
    RsvpNotChangeable,
    RsvpsClosed,
)
from .models import Community, Event, Rsvp, RsvpStatus
from .seats import confirmed_seats, lock_event, seats_needed
from .waitlist import confirm, fill_free_seats

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


def validate_household(event: Event, household: Household) -> tuple[str, str]:
    """Check a household against the event's rules; returns (phone, email) normalised."""
    phone, email, errors = _normalized_contacts(household)
    name = household.contact_name.strip()
    if not name:
        errors["contact_name"] = _l("Enter the name of the person we should contact.")
    errors.update(_check_party(event, Party(household.adults, household.children, household.infants)))
    if household.community_id is not None:
        community = db.session.get(Community, household.community_id)
        if community is None or community.event_id != event.id:
            errors["community_id"] = _l("Choose a community team from the list, or none.")
    if errors:
        raise InvalidHousehold(_l("Please correct the highlighted fields."), errors)
    return phone, email


def _existing_rsvp(event_id: int, phone: str, email: str) -> Rsvp | None:
    matches = []
    if phone:
        matches.append(Rsvp.phone == phone)
    if email:
        matches.append(Rsvp.email == email)
    return db.session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.status != RsvpStatus.CANCELLED, or_(*matches))
        .limit(1))


def place_rsvp(event_id: int, household: Household, *, source: str = "family",
               now: datetime | None = None, walk_in: bool = False) -> Rsvp:
    """Confirm a household if its whole party fits, otherwise put it on the waitlist.

    Raises RsvpsClosed outside the RSVP window (organizers and door staff, ``source`` other
    than "family", may add households at any time), InvalidHousehold and DuplicateRsvp.
    ``walk_in`` (a family standing at the door): seat it now or raise NotEnoughSeats instead of
    waitlisting, and do not first promote waiting households, who are not at the door.
    """
    event = lock_event(event_id)
    now = now or utcnow()  # taken under the lock: waitlist order is the order households were answered
    try:
        if source == "family":
            state = event.rsvp_window_state(now)
            if state == "not_yet_open":
                raise RsvpsClosed(_l("RSVPs for this event have not opened yet."))
            if state == "closed":
                raise RsvpsClosed(_l("RSVPs for this event are closed."))
        phone, email = validate_household(event, household)
        existing = _existing_rsvp(event.id, phone, email)
        if existing is not None:
            raise DuplicateRsvp(_l("This phone number or email already has an RSVP for this event. "
                                   "Use the link in your confirmation to see or change it."), existing.id)
        free = event.capacity - confirmed_seats(event.id)
        if not walk_in:
            free -= sum(r.seats for r in fill_free_seats(event, now, free))  # no fitting family left waiting
        salt = tokens.new_salt()
        rsvp = Rsvp(event_id=event.id, contact_name=household.contact_name.strip(), phone=phone,
                    email=email, adults=household.adults, children=household.children,
                    infants=household.infants,
                    seats=seats_needed(event, household.adults, household.children, household.infants),
                    community_id=household.community_id,
                    accessibility_needs=household.accessibility_needs.strip(),
                    photo_consent=household.photo_consent, locale=household.locale,
                    token_salt=salt, source=source, created_at=now, status=RsvpStatus.WAITLISTED,
                    waitlisted_at=now)
        rsvp.manage_token_hash = tokens.token_hash(tokens.derived_token(
            current_app.config["SECRET_KEY"], "manage", salt))
        rsvp.ticket_token_hash = tokens.token_hash(tokens.derived_token(
            current_app.config["SECRET_KEY"], "ticket", salt))
        if rsvp.seats <= free:
            confirm(rsvp, now)
        elif walk_in:
            # the door (showcase.checkin.walkins) words this refusal for staff in their language
            raise NotEnoughSeats(f"walk-in needs {rsvp.seats} seat(s), {max(free, 0)} free")
        db.session.add(rsvp)
        db.session.commit()
    except DuplicateRsvp as duplicate:
        db.session.rollback()
        signals.rsvp_link_requested.send(current_app._get_current_object(), rsvp_id=duplicate.rsvp_id)
        raise
    except BaseException:
        db.session.rollback()
        raise
    app = current_app._get_current_object()
    signal = signals.rsvp_confirmed if rsvp.status == RsvpStatus.CONFIRMED else signals.rsvp_waitlisted
    signal.send(app, rsvp_id=rsvp.id)
    return rsvp


def announce_promotions(promoted: list[Rsvp]) -> None:
    """Tell listeners that these households left the waitlist (after commit)."""
    app = current_app._get_current_object()
    for rsvp in promoted:
        signals.rsvp_promoted.send(app, rsvp_id=rsvp.id)


@contextmanager
def _locked_household(rsvp_id: int) -> Iterator[tuple[Rsvp, Event]]:
    """Lock the household's event and yield (household, event) read fresh under the lock.

    Commits when the block ends, rolls back if it raises.
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


def change_party(rsvp_id: int, party: Party, *, now: datetime | None = None,
                 by_organizer: bool = False) -> Rsvp:
    """Change a household's party: growing only if seats allow, shrinking frees seats for others."""
    now = now or utcnow()
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
    app = current_app._get_current_object()
    if rsvp in promoted:
        promoted.remove(rsvp)
        signals.rsvp_promoted.send(app, rsvp_id=rsvp.id)
    else:
        signals.rsvp_changed.send(app, rsvp_id=rsvp.id)
    announce_promotions(promoted)
    return rsvp


def cancel_rsvp(rsvp_id: int, *, now: datetime | None = None) -> Rsvp:
    """Cancel a household's RSVP, free its seats and promote whoever now fits (twice is harmless)."""
    now = now or utcnow()
    promoted: list[Rsvp] = []
    with _locked_household(rsvp_id) as (rsvp, event):
        already = rsvp.status == RsvpStatus.CANCELLED
        if not already:
            rsvp.status = RsvpStatus.CANCELLED
            rsvp.cancelled_at = now
            rsvp.waitlisted_at = None
            promoted = fill_free_seats(event, now)
    if not already:
        signals.rsvp_cancelled.send(current_app._get_current_object(), rsvp_id=rsvp.id)
        announce_promotions(promoted)
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
    existing = _existing_rsvp(event.id, phone, email)
    if existing is not None and existing.id != rsvp.id:
        raise DuplicateRsvp(_l("Another RSVP for this event already uses this phone number or email."),
                            existing.id)
    rsvp.contact_name = household.contact_name.strip()
    rsvp.phone, rsvp.email = phone, email
    rsvp.community_id = household.community_id
    rsvp.accessibility_needs = household.accessibility_needs.strip()
    rsvp.photo_consent = household.photo_consent
    rsvp.locale = household.locale
    db.session.commit()
    signals.rsvp_changed.send(current_app._get_current_object(), rsvp_id=rsvp.id)
    return rsvp
