"""Taking back a mistaken admission, or admitting fewer than were let in: each one atomic correction."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ...database import unit_of_work, utcnow
from ...events.models import Event
from ...extensions import db
from ..doors import Door
from ..models import Admission
from ..refusals import HouseholdNotFound, TooManyPeople, UndoRefused
from .households import (
    ADMITTED,
    PARTIALLY_ADMITTED,
    UNDO_WINDOW,
    UNDONE,
    AdmissionSnapshot,
    Verdict,
    last_admission,
    lock_admissions,
    locked_household,
    record_admission,
    still_outside,
)


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


def _mark_undone(admission_id: int, door: Door, now: datetime) -> None:
    db.session.execute(update(Admission).where(Admission.id == admission_id).values(
        undone_at=now, undone_by_user_id=door.user_id, undone_by_device_id=door.device_id))


def undo_admission(event: Event | int, admission_id: int, door: Door, now: datetime | None = None) -> Verdict:
    """Take back a mistaken admission, by the door that made it (or an organizer), within minutes."""
    now = now or utcnow()
    event_id = event if isinstance(event, int) else event.id
    with unit_of_work():
        lock_admissions(event_id, exclusive=True)
        row = undoable_admission(event_id, admission_id, door, now)
        _mark_undone(admission_id, door, now)
        household, admitted = locked_household(household_id=row.rsvp_id)
        return Verdict(UNDONE, rsvp=household, admitted_total=admitted, last=last_admission(row.rsvp_id),
                       admission=AdmissionSnapshot(row.id, row.door_name, row.created_at, row.recorded_at))


def admit_fewer(event_id: int, admission_id: int, people: int, door: Door, now: datetime | None = None) -> Verdict:
    """Only ``people`` of an admission's party came in: correct it in one transaction.

    The admission is marked undone and a new one for ``people`` takes its place (same moment,
    same door, same method), so the history keeps both. Allowed to the door that admitted (or
    an organizer) within the undo window; ``people`` must be fewer than were admitted.
    """
    now = now or utcnow()
    with unit_of_work():
        lock_admissions(event_id, exclusive=True)
        row = undoable_admission(event_id, admission_id, door, now)
        if not 1 <= people < row.people:
            raise TooManyPeople(_l("Enter a number from 1 to %(most)d.", most=row.people - 1),
                                {"admit": _l("Enter a number from 1 to %(most)d.", most=row.people - 1)})
        _mark_undone(admission_id, door, now)
        new_id = record_admission(
            event_id=event_id, rsvp_id=row.rsvp_id, people=people, door_name=row.door_name,
            user_id=row.user_id, device_id=row.device_id, method=row.method,
            created_at=row.created_at, recorded_at=now)
        household, admitted = locked_household(household_id=row.rsvp_id)
        assert household is not None  # its admission was just written
        admission = AdmissionSnapshot(new_id, row.door_name, row.created_at, now)
        result = PARTIALLY_ADMITTED if still_outside(household.party_size, admitted) else ADMITTED
        return Verdict(result, rsvp=household, admitted_total=admitted, admitted_now=people,
                       admission=admission, last=last_admission(row.rsvp_id))
