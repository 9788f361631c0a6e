"""What every admission reads and writes: households as the door sees them, who is still outside,
verdicts, and the locks and statements of the hot path (plain rows, built once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select

from ...database import current_unit
from ...events.models import Event, Rsvp, RsvpStatus
from ...events.seats import confirmed_seats
from ...extensions import db
from ...tickets.admission_status import AdmissionSummary
from ..models import Admission, NoShowRelease

#: how long after an admission its door may still undo it
UNDO_WINDOW = timedelta(minutes=5)

ADMITTED = "admitted"
PARTIALLY_ADMITTED = "partially_admitted"
ALREADY_ADMITTED = "already_admitted"
NOT_FOUND = "not_found"
CANCELLED = "cancelled"
WAITLISTED = "waitlisted"
WRONG_EVENT = "wrong_event"
UNDONE = "undone"


def still_outside(party_size: int, admitted: int) -> int:
    """How many of a party of ``party_size`` are still outside once ``admitted`` are in (never negative).

    The one rule for the door list, the verdicts, the search results and the counts.
    """
    return max(0, party_size - admitted)


@dataclass(frozen=True)
class HouseholdSnapshot:
    """A household as the door saw it inside the transaction, with what the verdict tells staff."""

    id: int
    event_id: int
    status: RsvpStatus
    contact_name: str
    adults: int
    children: int
    infants: int
    seats: int
    ticket_token_hash: str = ""
    # what the household told us it needs (the columns events.needs.need_words reads) and its consent
    need_wheelchair: bool = False
    need_stroller: bool = False
    need_nursing_room: bool = False
    need_sign_language: bool = False
    allergy_note: str = ""
    children_ages: str = ""
    accessibility_needs: str = ""
    photo_consent: bool = False

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
        return still_outside(self.party_size, self.admitted_total)


_HOUSEHOLD = (Rsvp.id, Rsvp.event_id, Rsvp.status, Rsvp.contact_name, Rsvp.adults, Rsvp.children,
              Rsvp.infants, Rsvp.seats, Rsvp.ticket_token_hash, Rsvp.need_wheelchair, Rsvp.need_stroller,
              Rsvp.need_nursing_room, Rsvp.need_sign_language, Rsvp.allergy_note, Rsvp.children_ages,
              Rsvp.accessibility_needs, Rsvp.photo_consent)
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
_SHARE = select(Event.id).where(Event.id == bindparam("event_id")).with_for_update(read=True, key_share=True)
_INSERT = insert(Admission).returning(Admission.id)
_LAST = (select(Admission.id, Admission.door_name, Admission.created_at, Admission.recorded_at)
         .where(Admission.rsvp_id == bindparam("rsvp_id"), Admission.undone_at.is_(None), Admission.people > 0)
         .order_by(Admission.created_at.desc(), Admission.id.desc()).limit(1))


def lock_admissions(event_id: int, *, exclusive: bool) -> None:
    """In the current unit of work, lock the event row: exclusively (the seat lock, as lock_event
    takes it) or shared with other admissions. SQLite: the unit's BEGIN IMMEDIATE holds it all."""
    current_unit()
    db.session.connection().execute(_LOCK if exclusive else _SHARE, {"event_id": event_id})


def locked_household(*, token_digest: str | None = None,
                     household_id: int | None = None) -> tuple[HouseholdSnapshot | None, int]:
    """The household of a ticket (by its token's hash) or of an id, its row locked, and the people
    of it admitted so far (counted after the lock was granted)."""
    connection = db.session.connection()
    by_ticket = token_digest is not None
    row = connection.execute(_BY_TICKET if by_ticket else _BY_ID,
                             {"key": token_digest if by_ticket else household_id}).first()
    if row is None:
        return None, 0
    return HouseholdSnapshot(*row), int(connection.execute(_ADMITTED, {"rsvp_id": row.id}).scalar_one())


def record_admission(**values) -> int:
    """INSERT one admission (the columns of ``Admission`` by name); its id."""
    return db.session.connection().execute(_INSERT, values).scalar_one()


def admitted_people(rsvp_id: int) -> int:
    """People of a household admitted so far (undone admissions not counted)."""
    return int(db.session.connection().execute(_ADMITTED, {"rsvp_id": rsvp_id}).scalar_one())


def last_admission(rsvp_id: int) -> AdmissionSnapshot | None:
    """The household's most recent admission still in force."""
    row = db.session.connection().execute(_LAST, {"rsvp_id": rsvp_id}).first()
    return AdmissionSnapshot(*row) if row is not None else None


def release_time(rsvp_id: int) -> datetime | None:
    """When the household's seats were released because nobody had arrived (None: never)."""
    return db.session.scalar(select(NoShowRelease.released_at).where(NoShowRelease.rsvp_id == rsvp_id))


def seats_free(event_id: int) -> int:
    """Seats of the event nobody holds right now."""
    capacity = db.session.scalars(select(Event.capacity).where(Event.id == event_id)).one()
    return max(0, capacity - confirmed_seats(event_id))


def ticket_admission(rsvp: Rsvp) -> AdmissionSummary | None:
    """What the ticket page says about the door: None until someone of the party is inside."""
    admitted = admitted_people(rsvp.id)
    if not admitted:
        return None
    last = last_admission(rsvp.id)
    return AdmissionSummary(admitted=admitted, party_size=rsvp.party_size,
                            last_checkin_at=last.created_at if last else None)
