"""Admitting fewer than were let in: one atomic correction, not an undo followed by a new scan."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..database import utcnow
from ..extensions import db
from .admissions import (
    _INSERT,
    ADMITTED,
    PARTIALLY_ADMITTED,
    AdmissionSnapshot,
    Verdict,
    _household,
    _lock,
    last_admission,
    undoable_admission,
)
from .doors import Door
from .models import Admission
from .refusals import TooManyPeople


def admit_fewer(event_id: int, admission_id: int, people: int, door: Door, now: datetime | None = None) -> Verdict:
    """Only ``people`` of an admission's party came in: correct it in one transaction.

    The admission is marked undone and a new one for ``people`` takes its place (same moment,
    same door, same method), so the history keeps both. Allowed to the door that admitted (or
    an organizer) within the undo window; ``people`` must be fewer than were admitted.
    """
    now = now or utcnow()
    _lock(event_id)
    try:
        row = undoable_admission(event_id, admission_id, door, now)
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
        assert household is not None  # an admission's household is kept while the admission is
        admission = AdmissionSnapshot(new_id, row.door_name, row.created_at, now)
        verdict = Verdict(ADMITTED if admitted >= household.party_size else PARTIALLY_ADMITTED, rsvp=household,
                          admitted_total=admitted, admitted_now=people, admission=admission,
                          last=last_admission(row.rsvp_id))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return verdict
