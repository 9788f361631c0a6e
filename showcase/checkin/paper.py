"""When the network fails: a printed door list, and entering its ticks as admissions afterwards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import unit_of_work, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.needs import need_words
from ..events.seats import lock_event
from ..extensions import db
from .attendance import admitted_by_household
from .codes import normalize_short_code, short_code
from .core import admitted_people, still_outside
from .doors import Door
from .models import Admission
from .refusals import InvalidEntry


@dataclass
class DoorListRow:
    """One household on the printed door list."""

    code: str
    name: str
    phone_last4: str
    adults: int
    children: int
    infants: int
    party_size: int
    admitted: int
    status: str
    #: what the household told us it needs ("Stroller", "Allergy: egg"), as the door screen shows it
    needs: list[str]
    #: the household did not agree to photos: the photographer must know at the door
    no_photos: bool

    @property
    def needs_text(self) -> str:
        """The needs on one line, as the printed list and its CSV show them."""
        return " · ".join(self.needs)


def door_list(event: Event) -> list[DoorListRow]:
    """Confirmed and waiting households of ``event`` by name, with a short code per ticket, their needs and
    whether they may be photographed (what the door screen shows when it works)."""
    rsvps = list(db.session.scalars(select(Rsvp).where(
        Rsvp.event_id == event.id, Rsvp.status != RsvpStatus.CANCELLED)))
    admitted = admitted_by_household([r.id for r in rsvps])
    rows = [DoorListRow(code=short_code(r), name=r.contact_name, phone_last4=r.phone[-4:],
                        adults=r.adults, children=r.children, infants=r.infants,
                        party_size=r.party_size, admitted=admitted.get(r.id, 0), status=r.status.value,
                        needs=need_words(r), no_photos=not r.photo_consent)
            for r in rsvps]
    rows.sort(key=lambda row: (row.status != RsvpStatus.CONFIRMED.value, row.name, row.code))
    return rows


@dataclass
class PaperLine:
    """One admission read from the paper list: which ticket, how many people, when."""

    rsvp: Rsvp
    people: int
    at: datetime


_LINE = re.compile(r"^(?P<code>[A-Za-z0-8][A-Za-z0-8-]{5,7})(?:\s+(?P<people>\d{1,2}))?"
                   r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$")


def parse_paper_admissions(event: Event, text: str, now: datetime | None = None) -> list[PaperLine]:
    """Read lines "CODE [PEOPLE] [HH:MM]" (time in the event's zone on its day; default now).

    Raises InvalidEntry with an error per line number; nothing is recorded then.
    """
    now = now or utcnow()
    lines = [line.strip() for line in text.splitlines()]
    if len(text) > 20_000 or len(lines) > 1000:
        raise InvalidEntry(_l("Enter at most 1000 lines at a time."))
    by_code = {short_code(r): r for r in db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id))}
    zone = ZoneInfo(event.timezone)
    day = event.starts_at.astimezone(zone).date()
    errors: dict[str, str] = {}
    parsed: list[PaperLine] = []
    wanted: dict[int, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            errors[str(number)] = _l("Write the 6-letter code, then the number of people and the time "
                                     "if you know them, e.g. \"K7QX2B 3 10:52\".")
            continue
        rsvp = by_code.get(normalize_short_code(match["code"]))
        if rsvp is None:
            errors[str(number)] = _l("No ticket of this event has the code %(code)s.",
                                     code=normalize_short_code(match["code"]))
            continue
        if rsvp.status != RsvpStatus.CONFIRMED:
            errors[str(number)] = _l("%(name)s is not confirmed (waitlisted or cancelled).", name=rsvp.contact_name)
            continue
        outside = still_outside(rsvp.party_size, admitted_people(rsvp.id) + wanted.get(rsvp.id, 0))
        people = int(match["people"]) if match["people"] else outside
        if people < 1 or people > outside:
            errors[str(number)] = _l("%(name)s has only %(outside)d people not yet admitted.",
                                     name=rsvp.contact_name, outside=outside)
            continue
        at = now
        if match["hour"] is not None:
            hour, minute = int(match["hour"]), int(match["minute"])
            if hour > 23 or minute > 59:
                errors[str(number)] = _l("Write the time as HH:MM, e.g. 10:52.")
                continue
            at = datetime.combine(day, time(hour, minute), tzinfo=zone)
            if at > now:
                errors[str(number)] = _l("This time is still to come.")
                continue
        wanted[rsvp.id] = wanted.get(rsvp.id, 0) + people
        parsed.append(PaperLine(rsvp=rsvp, people=people, at=at))
    if errors:
        raise InvalidEntry(_l("Nothing was recorded: correct the lines below and send them again."), errors)
    if not parsed:
        raise InvalidEntry(_l("Enter at least one line."))
    return parsed


def record_paper_admissions(event: Event, text: str, door: Door, now: datetime | None = None) -> int:
    """Record the paper list's admissions all at once (or none); returns the people admitted."""
    now = now or utcnow()
    with unit_of_work():
        lock_event(event.id)
        lines = parse_paper_admissions(event, text, now)  # checked again under the lock
        for line in lines:
            db.session.add(Admission(event_id=event.id, rsvp_id=line.rsvp.id, people=line.people,
                                     door_name=door.name, user_id=door.user_id, device_id=door.device_id,
                                     method="paper", created_at=line.at, recorded_at=now))
    return sum(line.people for line in lines)
