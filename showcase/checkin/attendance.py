"""Live counts for the door and the organizer: admitted, still expected, walk-ins, arrivals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select

from ..database import utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.seats import seat_counts
from ..extensions import db
from .core import still_outside
from .doors import DoorEvent
from .models import Admission, NoShowRelease

BUCKET = timedelta(minutes=5)
#: most 5-minute bars in the arrivals chart (the latest four hours)
MAX_BUCKETS = 48


@dataclass
class Attendance:
    """An event's door figures at one moment (people, lap infants included, unless named seats)."""

    capacity: int
    seats_confirmed: int
    seats_left: int
    admitted: int
    expected_remaining: int
    walk_ins: int
    walk_in_households: int
    households_admitted: int
    households_expected: int
    released_households: int
    arrivals: list[tuple[datetime, int]] = field(default_factory=list)


def _bucket_start(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 5, second=0, microsecond=0)


def arrivals_per_bucket(event_id: int, now: datetime) -> list[tuple[datetime, int]]:
    """People admitted per 5 minutes, from the first admission (or the last four hours) to now."""
    times = db.session.execute(select(Admission.created_at, Admission.people).where(
        Admission.event_id == event_id, Admission.undone_at.is_(None),
        Admission.created_at >= now - BUCKET * MAX_BUCKETS)).all()
    if not times:
        return []
    first = _bucket_start(min(t for t, _ in times))
    last = _bucket_start(max(now, max(t for t, _ in times)))
    buckets: dict[datetime, int] = {}
    moment = first
    while moment <= last:
        buckets[moment] = 0
        moment += BUCKET
    for created, people in times:
        buckets[_bucket_start(created)] = buckets.get(_bucket_start(created), 0) + people
    return sorted(buckets.items())[-MAX_BUCKETS:]


def attendance(event: Event, now: datetime | None = None) -> Attendance:
    """Counts for ``event`` right now."""
    now = now or utcnow()
    counts = seat_counts(event)
    admitted_by_rsvp = dict(db.session.execute(
        select(Admission.rsvp_id, func.sum(Admission.people))
        .where(Admission.event_id == event.id, Admission.undone_at.is_(None))
        .group_by(Admission.rsvp_id)).all())
    expected = households_expected = 0
    for rsvp_id, people in db.session.execute(
            select(Rsvp.id, Rsvp.adults + Rsvp.children + Rsvp.infants)
            .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED)).all():
        outside = still_outside(int(people), int(admitted_by_rsvp.get(rsvp_id, 0)))
        expected += outside
        households_expected += 1 if outside else 0
    walk_in_rows = db.session.execute(
        select(func.count(func.distinct(Admission.rsvp_id)), func.coalesce(func.sum(Admission.people), 0))
        .join(Rsvp, Rsvp.id == Admission.rsvp_id)
        .where(Admission.event_id == event.id, Admission.undone_at.is_(None), Rsvp.source == "door")).one()
    released = db.session.scalar(select(func.count(NoShowRelease.id))
                                 .where(NoShowRelease.event_id == event.id))
    return Attendance(capacity=event.capacity, seats_confirmed=counts.seats_confirmed,
                      seats_left=counts.seats_left,
                      admitted=int(sum(admitted_by_rsvp.values())), expected_remaining=expected,
                      walk_ins=int(walk_in_rows[1]), walk_in_households=int(walk_in_rows[0]),
                      households_admitted=len(admitted_by_rsvp), households_expected=households_expected,
                      released_households=int(released or 0),
                      arrivals=arrivals_per_bucket(event.id, now))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_SEARCH_RESULTS = 20


def search_households(event: Event | DoorEvent, query: str) -> list[Rsvp]:
    """Households of ``event`` whose name contains ``query``, or whose phone ends in its 4 digits."""
    text = _CONTROL.sub("", query).strip()[:50]
    digits = re.sub(r"[\s-]", "", text)
    if len(text) < 2 and not digits.isdigit():
        return []
    conditions = []
    if digits.isdigit() and 3 <= len(digits) <= 11:
        conditions.append(Rsvp.phone.endswith(digits[-4:] if len(digits) > 4 else digits))
    else:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(Rsvp.contact_name).like(f"%{escaped.lower()}%", escape="\\"))
    return list(db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event.id, or_(*conditions))
        .order_by(case((Rsvp.status == RsvpStatus.CONFIRMED, 0), (Rsvp.status == RsvpStatus.WAITLISTED, 1),
                       else_=2), Rsvp.contact_name, Rsvp.id).limit(MAX_SEARCH_RESULTS)))


def admitted_by_household(rsvp_ids: list[int]) -> dict[int, int]:
    """People admitted so far for each of ``rsvp_ids``."""
    if not rsvp_ids:
        return {}
    return {rsvp_id: int(total) for rsvp_id, total in db.session.execute(
        select(Admission.rsvp_id, func.sum(Admission.people))
        .where(Admission.rsvp_id.in_(rsvp_ids), Admission.undone_at.is_(None))
        .group_by(Admission.rsvp_id)).all()}
