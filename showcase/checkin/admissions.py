"""Admitting households at the door exactly once: scans, partial parties, the waitlist, undo.

Every admission is decided inside a write transaction that holds the household's row lock, with
the household's admitted total recomputed after the lock is granted, so four doors scanning the
same ticket at the same moment let each person in at most once. On SQLite the transaction is
BEGIN IMMEDIATE (one writer at a time); on PostgreSQL the event row is also locked: FOR KEY SHARE
by plain admissions (which then commit in parallel, sharing fsyncs, instead of queueing one
commit at a time behind one row) and FOR UPDATE, exactly as ``events.seats.lock_event``, by
anything that moves seats (seating a waiting household, walk-ins, releases) or rewrites history
(undo, paper entry), so those never interleave with an admission. A scan is the hot path at the door (150 people in
half an hour), so it reads plain rows (no ORM objects to load and expire) and answers with
snapshots taken inside the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, insert, select, update

from ..database import begin_write_transaction, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.seats import confirmed_seats
from ..events.waitlist import confirm
from ..extensions import db
from ..tickets.admission_status import AdmissionSummary
from ..tokens import hashes_match, token_hash
from .codes import ticket_token_from_code
from .doors import Door
from .models import Admission, NoShowRelease
from .refusals import HouseholdNotFound, NoSeatsLeft, TooManyPeople, UndoRefused

#: how long after an admission its door may still undo it
UNDO_WINDOW = timedelta(minutes=5)

ADMITTED = "admitted"
PARTIALLY_ADMITTED = "partially_admitted"
ALREADY_ADMITTED = "already_admitted"
NOT_FOUND = "not_found"
CANCELLED = "cancelled"
WAITLISTED = "waitlisted"
WRONG_EVENT = "wrong_event"


@dataclass(frozen=True)
class HouseholdSnapshot:
    """A household as the door saw it inside the transaction."""

    id: int
    event_id: int
    status: RsvpStatus
    contact_name: str
    adults: int
    children: int
    infants: int
    seats: int
    ticket_token_hash: str = ""

    @property
    def party_size(self) -> int:
        """People in the party, lap infants included."""
        return self.adults + self.children + self.infants


@dataclass(frozen=True)
class AdmissionSnapshot:
    """One admission as recorded."""

    id: int
    door_name: str
    created_at: datetime
    recorded_at: datetime


@dataclass
class Verdict:
    """What the door is told about one household (or code) after a scan or an admission."""

    result: str
    rsvp: HouseholdSnapshot | None = None
    admitted_total: int = 0
    #: people let in by this very request (0 when nobody was)
    admitted_now: int = 0
    admission: AdmissionSnapshot | None = None
    last: AdmissionSnapshot | None = None
    #: seats nobody holds right now (for admitting from the waitlist)
    seats_free: int = 0
    released_at: datetime | None = None
    #: an offline door let in people another door had already admitted (see replays.py)
    conflict: bool = False

    @property
    def party_size(self) -> int:
        """People in the household, lap infants included (0 when unknown)."""
        return self.rsvp.party_size if self.rsvp is not None else 0

    @property
    def remaining(self) -> int:
        """People of the household not yet admitted."""
        return max(0, self.party_size - self.admitted_total)


_HOUSEHOLD = (Rsvp.id, Rsvp.event_id, Rsvp.status, Rsvp.contact_name, Rsvp.adults, Rsvp.children,
              Rsvp.infants, Rsvp.seats, Rsvp.ticket_token_hash)
# Statements of the hot path, built once. The household row is locked FOR UPDATE (doors admitting
# the same household queue behind each other), THEN its admitted total is summed by a separate
# statement: under READ COMMITTED that statement sees every admission committed before the lock
# was granted (a subquery inside the locking statement could still see the older snapshot).
_BY_TICKET = select(*_HOUSEHOLD).where(Rsvp.ticket_token_hash == bindparam("key")).with_for_update(of=Rsvp)
_BY_ID = select(*_HOUSEHOLD).where(Rsvp.id == bindparam("key")).with_for_update(of=Rsvp)
_ADMITTED = select(func.coalesce(func.sum(Admission.people), 0)).where(
    Admission.rsvp_id == bindparam("rsvp_id"), Admission.undone_at.is_(None))
#: the seat lock of lock_event (exclusive): walk-ins, seating from the waitlist, undo, paper entry
_LOCK = select(Event.id).where(Event.id == bindparam("event_id")).with_for_update()
#: what a plain admission takes: FOR KEY SHARE on the event row, so it waits for (and holds off)
#: anyone holding the seat lock, yet admissions of different households commit in parallel
_INSERT = insert(Admission).returning(Admission.id)
_SHARE = select(Event.id).where(Event.id == bindparam("event_id")).with_for_update(read=True, key_share=True)


def _household(by_ticket: bool, key: str | int | None) -> tuple[HouseholdSnapshot | None, int]:
    """The household (its row locked) and the people of it admitted so far."""
    connection = db.session.connection()
    row = connection.execute(_BY_TICKET if by_ticket else _BY_ID, {"key": key}).first()
    if row is None:
        return None, 0
    return HouseholdSnapshot(*row), int(connection.execute(_ADMITTED, {"rsvp_id": row.id}).scalar_one())


def admitted_people(rsvp_id: int) -> int:
    """People of a household admitted so far (undone admissions not counted)."""
    total = db.session.scalar(select(func.coalesce(func.sum(Admission.people), 0))
                              .where(Admission.rsvp_id == rsvp_id, Admission.undone_at.is_(None)))
    return int(total or 0)


def last_admission(rsvp_id: int) -> AdmissionSnapshot | None:
    """The household's most recent admission still in force."""
    row = db.session.execute(
        select(Admission.id, Admission.door_name, Admission.created_at, Admission.recorded_at)
        .where(Admission.rsvp_id == rsvp_id, Admission.undone_at.is_(None), Admission.people > 0)
        .order_by(Admission.created_at.desc(), Admission.id.desc()).limit(1)).first()
    return AdmissionSnapshot(*row) if row is not None else None


def _release_time(rsvp_id: int) -> datetime | None:
    return db.session.scalar(select(NoShowRelease.released_at).where(NoShowRelease.rsvp_id == rsvp_id))


def ticket_admission(rsvp: Rsvp) -> AdmissionSummary | None:
    """What the ticket page says about the door: None until someone of the party is inside."""
    admitted = admitted_people(rsvp.id)
    if not admitted:
        return None
    last = last_admission(rsvp.id)
    return AdmissionSummary(admitted=admitted, party_size=rsvp.party_size,
                            last_checkin_at=last.created_at if last else None)


def _lock(event_id: int, exclusive: bool = True) -> None:
    """Begin the write transaction and lock the event row: exclusively (the seat lock, as
    lock_event takes it) or shared with other admissions. SQLite: BEGIN IMMEDIATE either way."""
    begin_write_transaction()
    db.session.connection().execute(_LOCK if exclusive else _SHARE, {"event_id": event_id})


def check_in(event_id: int, code: str, door: Door, admit: int | None = None,
             now: datetime | None = None) -> Verdict:
    """Scan ``code`` at the door of event ``event_id``: admit everyone still outside (or ``admit``)."""
    token = ticket_token_from_code(code, current_app.config["BASE_URL"])
    if token is None:
        return Verdict(NOT_FOUND)
    return _admit(event_id, True, token_hash(token), door, admit, "scan", False, now or utcnow(), token=token)


def admit_household(event: Event | int, rsvp_id: int, door: Door, admit: int | None = None, *,
                    method: str = "scan", seat_if_free: bool = False,
                    now: datetime | None = None) -> Verdict:
    """Admit a household found by search (or by id).

    A waiting household (or one whose seats were released) gets a verdict only, unless
    ``seat_if_free``: then it is confirmed and admitted when its seats are free (NoSeatsLeft if not).
    Raises TooManyPeople when ``admit`` exceeds the people still outside.
    """
    event_id = event if isinstance(event, int) else event.id  # an Event or a DoorEvent
    return _admit(event_id, False, rsvp_id, door, admit, method, seat_if_free, now or utcnow())


def _admit(event_id: int, by_ticket: bool, key: str | int, door: Door, admit: int | None, method: str,
           seat_if_free: bool, now: datetime, token: str | None = None) -> Verdict:
    _lock(event_id, exclusive=seat_if_free)
    try:
        household, admitted = _household(by_ticket, key)
        if household is None or (token is not None and not hashes_match(household.ticket_token_hash, token)):
            verdict = Verdict(NOT_FOUND)
        elif household.event_id != event_id:
            verdict = Verdict(WRONG_EVENT, rsvp=household)
        else:
            verdict = _decide(event_id, household, admitted, door, admit, method, seat_if_free, now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return verdict


def _seats_free(event_id: int) -> int:
    capacity = db.session.execute(select(Event.capacity).where(Event.id == event_id)).scalar_one()
    return max(0, int(capacity) - confirmed_seats(event_id))


def _decide(event_id: int, household: HouseholdSnapshot, admitted: int, door: Door, admit: int | None,
            method: str, seat_if_free: bool, now: datetime) -> Verdict:
    if household.status != RsvpStatus.CONFIRMED:
        released_at = _release_time(household.id) if household.status == RsvpStatus.CANCELLED else None
        seats_free = _seats_free(event_id)
        seatable = household.status == RsvpStatus.WAITLISTED or released_at is not None
        if not (seat_if_free and seatable):
            result = WAITLISTED if household.status == RsvpStatus.WAITLISTED else CANCELLED
            return Verdict(result, rsvp=household, admitted_total=admitted, last=last_admission(household.id),
                           seats_free=seats_free, released_at=released_at)
        if household.seats > seats_free:
            raise NoSeatsLeft(_l("This household needs %(need)d seat(s) but only %(free)d are free.",
                                 need=household.seats, free=seats_free))
        rsvp = db.session.get_one(Rsvp, household.id)
        confirm(rsvp, now)
        rsvp.cancelled_at = None
        db.session.flush()
        seated, admitted = _household(False, household.id)
        assert seated is not None  # confirmed just now, its row locked
        household = seated
        method = "waitlist"
    remaining = household.party_size - admitted
    if remaining <= 0:
        return Verdict(ALREADY_ADMITTED, rsvp=household, admitted_total=admitted,
                       last=last_admission(household.id))
    people = remaining if admit is None else admit
    if people < 1 or people > remaining:
        raise TooManyPeople(_l("Only %(remaining)d of this party are still outside.", remaining=remaining),
                            {"admit": _l("Enter a number from 1 to %(remaining)d.", remaining=remaining)})
    admission_id = db.session.connection().execute(_INSERT, {
        "event_id": event_id, "rsvp_id": household.id, "people": people, "door_name": door.name,
        "user_id": door.user_id, "device_id": door.device_id, "method": method, "created_at": now,
        "recorded_at": now}).scalar_one()
    admission = AdmissionSnapshot(admission_id, door.name, now, now)
    result = ADMITTED if people == remaining else PARTIALLY_ADMITTED
    return Verdict(result, rsvp=household, admitted_total=admitted + people, admitted_now=people,
                   admission=admission, last=admission)


def undoable_admission(event_id: int, admission_id: int, door: Door, now: datetime):
    """The admission (a row) that ``door`` may still take back or correct now; refuses otherwise.

    Only the door that admitted (or an organizer), within the undo window, and not twice.
    """
    row = db.session.execute(select(Admission.id, Admission.event_id, Admission.rsvp_id, Admission.people,
                                    Admission.user_id, Admission.device_id, Admission.recorded_at,
                                    Admission.undone_at, Admission.door_name, Admission.created_at,
                                    Admission.method)
                             .where(Admission.id == admission_id)).first()
    if row is None or row.event_id != event_id:
        raise HouseholdNotFound(_l("There is no such admission at this event."))
    if row.undone_at is not None:
        raise UndoRefused(_l("This admission was already undone."))
    same_door = (door.user_id is not None and door.user_id == row.user_id) or (
        door.device_id is not None and door.device_id == row.device_id)
    if not (same_door or door.is_organizer):
        raise UndoRefused(_l("Only the door that admitted this household can undo it."))
    if now - row.recorded_at > UNDO_WINDOW:
        raise UndoRefused(_l("Admissions can only be undone within %(minutes)d minutes.",
                             minutes=int(UNDO_WINDOW.total_seconds() // 60)))
    return row


def undo_admission(event: Event | int, admission_id: int, door: Door, now: datetime | None = None) -> Verdict:
    """Take back a mistaken admission, by the door that made it (or an organizer), within minutes."""
    now = now or utcnow()
    event_id = event if isinstance(event, int) else event.id
    _lock(event_id)
    try:
        row = undoable_admission(event_id, admission_id, door, now)
        db.session.execute(update(Admission).where(Admission.id == admission_id).values(
            undone_at=now, undone_by_user_id=door.user_id, undone_by_device_id=door.device_id))
        household, admitted = _household(False, row.rsvp_id)
        verdict = Verdict("undone", rsvp=household, admitted_total=admitted,
                          last=last_admission(row.rsvp_id),
                          admission=AdmissionSnapshot(row.id, row.door_name, row.created_at, row.recorded_at))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return verdict
