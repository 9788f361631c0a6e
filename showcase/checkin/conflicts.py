"""Conflicts between doors: an offline door let in people another door had already admitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..events.models import Rsvp
from ..extensions import db
from ..i18n import format_in_zone
from .door_names import door_label
from .models import Admission


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
    """The event's conflicting admissions, latest first."""
    rows = db.session.execute(
        select(Admission.id, Admission.rsvp_id, Rsvp.contact_name, Rsvp.adults + Rsvp.children + Rsvp.infants,
               Admission.door_name, Admission.created_at, Admission.recorded_at, Admission.people_claimed,
               Admission.people)
        .join(Rsvp, Rsvp.id == Admission.rsvp_id)
        .where(Admission.event_id == event_id, Admission.conflict.is_(True), Admission.undone_at.is_(None))
        .order_by(Admission.recorded_at.desc(), Admission.id.desc())).all()
    return [DoorConflict(row[0], row[1], row[2], int(row[3]), row[4], row[5], row[6],
                         int(row[7] if row[7] is not None else row[8]), int(row[8])) for row in rows]
