"""Conflicts between doors: an offline door let in people another door had already admitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..audit import services as audit
from ..auth.models import User
from ..database import changed_rows, unit_of_work, utcnow
from ..events.models import Rsvp
from ..extensions import db
from ..i18n import format_in_zone
from .door_names import door_label
from .models import Admission
from .refusals import CheckinError


@dataclass(frozen=True)
class DoorConflict:
    """One admission counted short because the household was already (partly) inside."""

    admission_id: int
    household_id: int
    household: str
    party_size: int
    door_name: str
    scanned_at: datetime
    recorded_at: datetime
    #: people the door let in
    claimed: int
    #: people the server could count (the rest had been admitted elsewhere)
    counted: int

    def as_json(self, timezone: str) -> dict:
        """The conflict for the door screen, times in the event's zone."""
        return {"admission_id": self.admission_id, "household_id": self.household_id,
                "household": self.household, "party_size": self.party_size,
                "door": door_label(self.door_name), "at": format_in_zone(self.scanned_at, timezone, "time"),
                "claimed": self.claimed, "counted": self.counted}


def door_conflicts(event_id: int) -> list[DoorConflict]:
    """The event's conflicting admissions nobody has checked yet, latest first."""
    rows = db.session.execute(
        select(Admission.id, Admission.rsvp_id, Rsvp.contact_name, Rsvp.adults + Rsvp.children + Rsvp.infants,
               Admission.door_name, Admission.created_at, Admission.recorded_at, Admission.people_claimed,
               Admission.people)
        .join(Rsvp, Rsvp.id == Admission.rsvp_id)
        .where(Admission.event_id == event_id, Admission.conflict.is_(True), Admission.undone_at.is_(None),
               Admission.conflict_checked_at.is_(None))
        .order_by(Admission.recorded_at.desc(), Admission.id.desc())).all()
    return [DoorConflict(row[0], row[1], row[2], int(row[3]), row[4], row[5], row[6],
                         int(row[7] if row[7] is not None else row[8]), int(row[8])) for row in rows]


def mark_conflict_checked(event_id: int, admission_id: int, organizer: User, now: datetime | None = None) -> Admission:
    """Record that an organizer checked a conflict with the family (audited); it leaves the lists."""
    with unit_of_work():  # read and write in one unit (SQLite refuses a read's upgrade); a refusal rolls it back
        admission = db.session.get(Admission, admission_id)
        if admission is None or admission.event_id != event_id or not admission.conflict or admission.undone_at:
            raise CheckinError(_l("There is no such admission at two doors to check."), code="no_conflict",
                               status=404)
        # one conditional UPDATE: two organizers pressing at once record one check and one audit entry
        claimed = changed_rows(db.session.execute(update(Admission).where(
            Admission.id == admission.id, Admission.conflict_checked_at.is_(None))
            .values(conflict_checked_at=now or utcnow(), conflict_checked_by_id=organizer.id)))
        if claimed:
            audit.record("door_conflict_checked", actor=organizer, event_id=event_id,
                         target=f"rsvp {admission.rsvp_id}",
                         details={"admission_id": admission.id, "door": admission.door_name,
                                  "let_in": admission.people_claimed, "counted": admission.people})
    db.session.refresh(admission)
    return admission
