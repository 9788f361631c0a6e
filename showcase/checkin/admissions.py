"""Admitting households at the door exactly once: scans, partial parties, the waitlist, undo.

Every admission is decided under the event's lock (``lock_event``: BEGIN IMMEDIATE on SQLite,
SELECT … FOR UPDATE on PostgreSQL) with the household's admitted total recomputed inside it,
so four doors scanning the same ticket at the same moment let each person in at most once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.rsvps import find_by_ticket_token
from ..events.seats import confirmed_seats, lock_event
from ..events.waitlist import confirm
from ..extensions import db
from .codes import ticket_token_from_code
from .doors import Door
from .errors import HouseholdNotFound, NoSeatsLeft, TooManyPeople, UndoRefused
from .models import Admission, NoShowRelease

#: how long after an admission its door may still undo it
UNDO_WINDOW = timedelta(minutes=5)

ADMITTED = "admitted"
PARTIALLY_ADMITTED = "partially_admitted"
ALREADY_ADMITTED = "already_admitted"
NOT_FOUND = "not_found"
CANCELLED = "cancelled"
WAITLISTED = "waitlisted"
WRONG_EVENT = "wrong_event"


@dataclass
class Verdict:
    """What the door is told about one household (or code) after a scan or an admission."""

    result: str
    rsvp: Rsvp | None = None
    admitted_total: int = 0
    #: people let in by this very request (0 when nobody was)
    admitted_now: int = 0
    admission: Admission | None = None
    last: Admission | None = None
    #: seats nobody holds right now (for admitting from the waitlist)
    seats_free: int = 0
    released_at: datetime | None = None

    @property
    def party_size(self) -> int:
        """People in the household, lap infants included (0 when unknown)."""
        return self.rsvp.party_size if self.rsvp is not None else 0

    @property
    def remaining(self) -> int:
        """People of the household not yet admitted."""
        return max(0, self.party_size - self.admitted_total)


def admitted_people(rsvp_id: int) -> int:
    """People of a household admitted so far (undone admissions not counted)."""
    total = db.session.scalar(select(func.coalesce(func.sum(Admission.people), 0))
                              .where(Admission.rsvp_id == rsvp_id, Admission.undone_at.is_(None)))
    return int(total or 0)


def last_admission(rsvp_id: int) -> Admission | None:
    """The household's most recent admission still in force."""
    return db.session.scalar(select(Admission).where(Admission.rsvp_id == rsvp_id,
                                                     Admission.undone_at.is_(None))
                             .order_by(Admission.created_at.desc(), Admission.id.desc()).limit(1))


def _release_time(rsvp_id: int) -> datetime | None:
    return db.session.scalar(select(NoShowRelease.released_at).where(NoShowRelease.rsvp_id == rsvp_id))


def admission_summary(rsvp: Rsvp) -> dict:
    """For the ticket page: {"admitted": N, "party_size": M, "last_at": datetime|None, "released_at": …}."""
    last = last_admission(rsvp.id)
    return {"admitted": admitted_people(rsvp.id), "party_size": rsvp.party_size,
            "last_at": last.created_at if last else None, "released_at": _release_time(rsvp.id)}


def check_in(event: Event, code: str, door: Door, admit: int | None = None,
             now: datetime | None = None) -> Verdict:
    """Scan ``code`` at ``event``'s door: admit everyone still outside (or ``admit`` of them)."""
    token = ticket_token_from_code(code, current_app.config["BASE_URL"])
    rsvp = find_by_ticket_token(token) if token else None
    if rsvp is None:
        db.session.rollback()
        return Verdict(NOT_FOUND)
    return admit_household(event, rsvp.id, door, admit, method="scan", now=now)


def admit_household(event: Event, rsvp_id: int, door: Door, admit: int | None = None, *,
                    method: str = "scan", seat_if_free: bool = False,
                    now: datetime | None = None) -> Verdict:
    """Admit a household found by scan or search.

    A waiting household (or one whose seats were released) gets a verdict only, unless
    ``seat_if_free``: then it is confirmed and admitted when its seats are free (NoSeatsLeft if not).
    Raises TooManyPeople when ``admit`` exceeds the people still outside.
    """
    now = now or utcnow()
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None:
        db.session.rollback()
        return Verdict(NOT_FOUND)
    if rsvp.event_id != event.id:
        db.session.rollback()
        return Verdict(WRONG_EVENT, rsvp=rsvp)
    lock_event(event.id)
    try:
        db.session.refresh(rsvp)
        verdict = _decide(event, rsvp, door, admit, method, seat_if_free, now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return verdict


def _seats_free(event: Event) -> int:
    return max(0, event.capacity - confirmed_seats(event.id))


def _decide(event: Event, rsvp: Rsvp, door: Door, admit: int | None, method: str,
            seat_if_free: bool, now: datetime) -> Verdict:
    admitted = admitted_people(rsvp.id)
    if rsvp.status != RsvpStatus.CONFIRMED:
        released_at = _release_time(rsvp.id) if rsvp.status == RsvpStatus.CANCELLED else None
        seats_free = _seats_free(event)
        seatable = rsvp.status == RsvpStatus.WAITLISTED or released_at is not None
        if not (seat_if_free and seatable):
            result = WAITLISTED if rsvp.status == RsvpStatus.WAITLISTED else CANCELLED
            return Verdict(result, rsvp=rsvp, admitted_total=admitted, last=last_admission(rsvp.id),
                           seats_free=seats_free, released_at=released_at)
        if rsvp.seats > seats_free:
            raise NoSeatsLeft(_l("This household needs %(need)d seat(s) but only %(free)d are free.",
                                 need=rsvp.seats, free=seats_free))
        confirm(rsvp, now)
        rsvp.cancelled_at = None
        method = "waitlist"
    remaining = rsvp.party_size - admitted
    if remaining <= 0:
        return Verdict(ALREADY_ADMITTED, rsvp=rsvp, admitted_total=admitted, last=last_admission(rsvp.id))
    people = remaining if admit is None else admit
    if people < 1 or people > remaining:
        raise TooManyPeople(_l("Only %(remaining)d of this party are still outside.", remaining=remaining),
                            {"admit": _l("Enter a number from 1 to %(remaining)d.", remaining=remaining)})
    admission = Admission(event_id=event.id, rsvp_id=rsvp.id, people=people, door_name=door.name,
                          user_id=door.user_id, device_id=door.device_id, method=method,
                          created_at=now, recorded_at=now)
    db.session.add(admission)
    db.session.flush()
    result = ADMITTED if people == remaining else PARTIALLY_ADMITTED
    return Verdict(result, rsvp=rsvp, admitted_total=admitted + people, admitted_now=people,
                   admission=admission, last=admission)


def undo_admission(event: Event, admission_id: int, door: Door, now: datetime | None = None) -> Verdict:
    """Take back a mistaken admission, by the door that made it (or an organizer), within minutes."""
    now = now or utcnow()
    lock_event(event.id)
    try:
        admission = db.session.get(Admission, admission_id, populate_existing=True)
        if admission is None or admission.event_id != event.id:
            raise HouseholdNotFound(_l("There is no such admission at this event."))
        if admission.undone_at is not None:
            raise UndoRefused(_l("This admission was already undone."))
        same_door = (door.user_id is not None and door.user_id == admission.user_id) or (
            door.device_id is not None and door.device_id == admission.device_id)
        if not (same_door or door.is_organizer):
            raise UndoRefused(_l("Only the door that admitted this household can undo it."))
        if now - admission.recorded_at > UNDO_WINDOW:
            raise UndoRefused(_l("Admissions can only be undone within %(minutes)d minutes.",
                                 minutes=int(UNDO_WINDOW.total_seconds() // 60)))
        admission.undone_at = now
        admission.undone_by_user_id = door.user_id
        admission.undone_by_device_id = door.device_id
        db.session.flush()
        rsvp = admission.rsvp
        verdict = Verdict("undone", rsvp=rsvp, admitted_total=admitted_people(rsvp.id),
                          last=last_admission(rsvp.id), admission=admission)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return verdict
