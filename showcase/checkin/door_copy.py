"""The door list a door device keeps for working offline: only what admitting needs.

For each household the door can admit it holds the SHA-256 of the ticket token (what the
server stores, so a scanned code is matched on the device and a forged one refused), the
short code of the printed list, the name and last four phone digits staff search by, the
party's make-up, the people admitted so far, and what the verdict tells staff and the
photographer: the yes/no needs (wheelchair, stroller, nursing room, sign language) and the photo
consent. What families wrote themselves (a child's allergy, ages, other needs) stays on the
server and the printed list: a lost phone must not carry a hall's health notes. Households that
cannot be admitted carry only their key and status, so an offline door can say "cancelled"
instead of "unknown code".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..database import utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.needs import need_words
from ..events.seats import seat_counts
from ..extensions import db
from ..i18n import format_in_zone
from .codes import short_code
from .conflicts import door_conflicts
from .core import still_outside
from .door_names import door_label
from .models import Admission

#: how long after the start a device keeps the list when the event has no end time
KEEP_AFTER_START = timedelta(hours=12)


def keep_until(event: Event) -> datetime:
    """When door devices must delete their copy of the list (the event is over)."""
    return (event.ends_at or event.starts_at + KEEP_AFTER_START) + timedelta(hours=1)


def _admitted(event_id: int) -> dict[int, tuple[int, datetime | None, str | None]]:
    """Per household: people admitted, and the time and door of the latest admission."""
    totals = dict(db.session.execute(
        select(Admission.rsvp_id, func.sum(Admission.people))
        .where(Admission.event_id == event_id, Admission.undone_at.is_(None)).group_by(Admission.rsvp_id)).all())
    latest: dict[int, tuple[datetime, str]] = {}
    for rsvp_id, created_at, door_name in db.session.execute(
            select(Admission.rsvp_id, Admission.created_at, Admission.door_name)
            .where(Admission.event_id == event_id, Admission.undone_at.is_(None), Admission.people > 0)
            .order_by(Admission.created_at)).all():
        latest[rsvp_id] = (created_at, door_name)
    return {rsvp_id: (int(total), *latest.get(rsvp_id, (None, None))) for rsvp_id, total in totals.items()}


def _still_outside(event_id: int, admitted: dict[int, tuple]) -> dict[str, int]:
    """People of each confirmed household not admitted yet, by household id: the door reads this
    number (and subtracts only what it admitted itself while offline)."""
    parties = db.session.execute(select(Rsvp.id, Rsvp.adults, Rsvp.children, Rsvp.infants)
                                 .where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED))
    return {str(rsvp_id): still_outside(adults + children + infants, admitted.get(rsvp_id, (0,))[0])
            for rsvp_id, adults, children, infants in parties}


def admitted_json(event: Event) -> dict:
    """What changes every few seconds: people admitted and still outside per household, free
    seats, conflicts."""
    counts = seat_counts(event)
    admitted = _admitted(event.id)
    return {
        "generated_at": utcnow().isoformat(),
        "seats_left": counts.seats_left,
        "admitted": {str(rsvp_id): {"admitted": total, "last_door": door_label(door),
                                    "last_at": format_in_zone(at, event.timezone, "time") if at else None}
                     for rsvp_id, (total, at, door) in admitted.items()},
        "remaining": _still_outside(event.id, admitted),
        "conflicts": [conflict.as_json(event.timezone) for conflict in door_conflicts(event.id)],
    }


def door_copy_json(event: Event) -> dict:
    """The whole list for the device, then the figures of ``admitted_json``."""
    households = []
    for rsvp in db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.contact_name)):
        if rsvp.status == RsvpStatus.CONFIRMED:
            households.append({"key": rsvp.ticket_token_hash, "id": rsvp.id, "status": "confirmed",
                               "code": short_code(rsvp), "name": rsvp.contact_name, "phone4": rsvp.phone[-4:],
                               "adults": rsvp.adults, "children": rsvp.children, "infants": rsvp.infants,
                               "party_size": rsvp.party_size, "needs": need_words(rsvp, notes=False),
                               "photo_consent": rsvp.photo_consent})
        else:
            households.append({"key": rsvp.ticket_token_hash, "id": rsvp.id, "status": rsvp.status.value})
    return {"event": event.slug, "ticket_prefix": current_app.config["BASE_URL"].rstrip("/") + "/t/",
            "keep_until": keep_until(event).isoformat(), "capacity": event.capacity,
            "households": households, **admitted_json(event)}
