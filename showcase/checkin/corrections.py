"""Admitting fewer than were let in: one atomic correction, not an undo followed by a new scan."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..database import utcnow
from ..extensions import db
from .admissions import (
    _INSERT,
    ADMITTED,
    PARTIALLY_ADMITTED,
    UNDO_WINDOW,
    AdmissionSnapshot,
    Verdict,
    _household,
    _lock,
    last_admission,
)
from .doors import Door
from .models import Admission
from .refusals import HouseholdNotFound, TooManyPeople, UndoRefused


def admit_fewer(event_id: int, admission_id: int, people: int, door: Door, now: datetime | None = None) -> Verdict:
    """Only ``people`` of an admission's party came in: correct it in one transaction.

    The admission is marked undone and a new one for ``people`` takes its place (same moment,
    same door, same method), so the history keeps both. Allowed to the door that admitted (or
    an organizer) within the undo window; ``people`` must be fewer than were admitted.
    """
    now = now or utcnow()
    _lock(event_id)
    try:
        row = db.session.execute(select(
            Admission.id, Admission.event_id, Admission.rsvp_id, Admission.people, Admission.user_id,
            Admission.device_id, Admission.recorded_at, Admission.undone_at, Admission.door_name,
            Admission.created_at, Admission.method).where(Admission.id == admission_id)).first()
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
        if not 1 <= people < row.people:
            raise TooManyPeople(_l("Enter a number from 1 to %(most)d.", most=row.people - 1),
                                {"admit": _l("Enter a number from 1 to %(most)d.", most=row.people - 1)})
        db.session.execute(update(Admission).where(Admission.id == admission_id).values(
            undone_at=now, undone_by_user_id=door.user_id, undone_by_device_id=door.device_id))
        new_id = db.session.connection().execute(_INSERT, {
            "event_id": event_id, "rsvp_id": row.rsvp_id, "people": people, "door_name": row.door_name,
            "user_id": row.user_id, "device_id": row.device_id, "method": row.method,
            "created_at": row.created_at, "recorded_at": now}).scalar_one()
        household, admitted = _household(False, row.rsvp_id)
        admission = AdmissionSnapshot(new_id, row.door_name, row.created_at, now)
        verdict = Verdict(ADMITTED if admitted >= household.party_size else PARTIALLY_ADMITTED, rsvp=household,
                          admitted_total=admitted, admitted_now=people, admission=admission,
                          last=last_admission(row.rsvp_id))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return verdict
