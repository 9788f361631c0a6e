"""Creating and changing events, and finding them."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from ..audit import services as audit
from ..audit.services import Actor
from ..database import unit_of_work, utcnow
from ..extensions import db
from .models import Event, Rsvp, RsvpStatus
from .refusals import CapacityTooLow, InvalidEvent
from .seats import confirmed_seats, lock_event, seats_needed
from .signals import announce_promotions
from .waitlist import fill_free_seats

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class EventDetails:
    """Everything an organizer sets on an event."""

    slug: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    timezone: str
    starts_at: datetime
    ends_at: datetime | None
    venue_ko: str
    venue_en: str
    address_ko: str
    address_en: str
    host_ko: str
    host_en: str
    capacity: int
    rsvp_opens_at: datetime | None
    rsvp_closes_at: datetime | None
    max_party_size: int
    infants_take_seat: bool
    #: structured needs the RSVP form asks about (showcase.events.needs keys, comma-separated)
    offered_needs: str = ""
    #: how households are told: "email", "text" or "both" (see Event.message_channels)
    message_channels: str = "both"


EVENT_BY_SLUG = select(Event).where(Event.slug == bindparam("slug"))  # built once: every public page asks


def find_event(slug: str) -> Event | None:
    """The event with ``slug``, or None."""
    return db.session.scalar(EVENT_BY_SLUG, {"slug": slug})


def upcoming_events(now: datetime | None = None) -> list[Event]:
    """Events not archived that have not ended, soonest first."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(Event).where(Event.archived_at.is_(None), Event.starts_at >= now.replace(hour=0, minute=0))
        .order_by(Event.starts_at)))


def all_events() -> list[Event]:
    """Every event, newest first, for organizers."""
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc())))


def _check_details(details: EventDetails, event_id: int | None) -> None:
    errors: dict = {}
    if not SLUG_PATTERN.match(details.slug or ""):
        errors["slug"] = _l("Use lower-case letters, digits and hyphens, like shared-parenting.")
    else:
        clash = find_event(details.slug)
        if clash is not None and clash.id != event_id:
            errors["slug"] = _l("Another event already uses this address.")
    if details.ends_at and details.ends_at <= details.starts_at:
        errors["ends_at"] = _l("The end must come after the start.")
    if details.rsvp_opens_at and details.rsvp_closes_at and details.rsvp_closes_at <= details.rsvp_opens_at:
        errors["rsvp_closes_at"] = _l("RSVPs must close after they open.")
    if details.rsvp_closes_at and details.rsvp_closes_at > details.starts_at:
        errors["rsvp_closes_at"] = _l("RSVPs must close before the event starts.")
    if errors:
        raise InvalidEvent(_l("Please correct the highlighted fields."), errors)


def create_event(details: EventDetails) -> Event:
    """Create an event from an organizer's details."""
    _check_details(details, None)
    event = Event(**{f.name: getattr(details, f.name) for f in fields(details)})
    with unit_of_work():
        db.session.add(event)
    return event


def update_event(event_id: int, details: EventDetails, now: datetime | None = None, *,
                 actor: Actor | None = None) -> Event:
    """Apply an organizer's changes; refuses a capacity below the seats already confirmed.

    Raising the capacity (or letting infants sit on laps) confirms waiting households that now fit.
    A changed capacity goes into the audit log, in the same transaction.
    """
    now = now or utcnow()
    _check_details(details, event_id)
    with unit_of_work():
        event = lock_event(event_id)
        infants_changed = event.infants_take_seat != details.infants_take_seat
        capacity_before = event.capacity
        for f in fields(details):
            setattr(event, f.name, getattr(details, f.name))
        if infants_changed:
            active = db.session.scalars(select(Rsvp).where(
                Rsvp.event_id == event.id, Rsvp.status != RsvpStatus.CANCELLED))
            for rsvp in active:
                rsvp.seats = seats_needed(event, rsvp.adults, rsvp.children, rsvp.infants)
        held = confirmed_seats(event.id)
        if event.capacity < held:
            raise CapacityTooLow(
                _l("%(held)d seats are already confirmed, so the capacity cannot be lower than that. "
                   "Cancel or move households first.", held=held),
                {"capacity": _l("At least %(held)d.", held=held)})
        announce_promotions(fill_free_seats(event, now))
        if event.capacity != capacity_before:
            audit.record("capacity_changed", actor=actor, event_id=event.id, target=event.slug,
                         details={"from": capacity_before, "to": event.capacity})
    return event


def set_capacity(event_id: int, capacity: int, now: datetime | None = None) -> Event:
    """Change only the number of seats (same rules as update_event)."""
    event = db.session.get(Event, event_id)
    details = EventDetails(**{f.name: getattr(event, f.name) for f in fields(EventDetails)})
    details.capacity = capacity
    return update_event(event_id, details, now)
