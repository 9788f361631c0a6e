"""Admissions that carry the door's ``client_id``: applied exactly once, replayed from offline doors.

A door that lost the network decides on its own copy of the door list, lets the family in, and
queues the admission with a ``client_id`` (a UUID it made) and ``scanned_at``. Back online it
replays the queue, possibly more than once (a lost answer, a reload, four doors at once). The
key is unique in the database, so each admission is stored once; a replay is answered from the
stored row, by the same function that answered the first time, so it gets the same answer.

Two offline doors may let in the same household. The server never counts more people than the
party: the admission applied later counts only those still outside (possibly nobody) and is
marked ``conflict`` with the people its door let in, for staff to look into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from ...database import in_unit_of_work, unit_of_work, utcnow
from ...events.models import RsvpStatus
from ...extensions import db
from ..codes import ticket_token_from_code
from ..doors import Door
from ..models import Admission
from ..refusals import InvalidEntry
from .admit import AdmissionRequest, decide, find_household, refusal, too_many
from .households import (
    ADMITTED,
    ALREADY_ADMITTED,
    NOT_FOUND,
    PARTIALLY_ADMITTED,
    AdmissionSnapshot,
    HouseholdSnapshot,
    Verdict,
    lock_admissions,
    locked_household,
    record_admission,
    still_outside,
)

_CLIENT_ID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

_BY_CLIENT_ID = select(Admission.id, Admission.event_id, Admission.rsvp_id).where(
    Admission.client_id == bindparam("client_id"))


@dataclass(frozen=True)
class DoorRequest:
    """The door's own key for one admission and, when it was made offline, when it happened."""

    client_id: str
    #: when the door let the family in (None: the door was online, the server's clock applies)
    scanned_at: datetime | None = None

    @property
    def offline(self) -> bool:
        """Whether the family was let in before the server was asked."""
        return self.scanned_at is not None


def valid_client_id(text: object) -> str | None:
    """The client_id in its stored form (lower case), or None when it is not a UUID."""
    if not isinstance(text, str) or not _CLIENT_ID.fullmatch(text):
        return None
    return text.lower()


#: oldest scanned_at accepted: a door's queue from the day before is still welcome
OLDEST_SCAN = timedelta(days=2)


def parse_scanned_at(text: object, now: datetime | None = None) -> datetime | None:
    """An ISO 8601 time of a scan as aware UTC (no zone: UTC), or None when unreadable or too old.

    A time ahead of the server's clock (a phone's clock runs fast) is taken as now."""
    if not isinstance(text, str) or len(text) > 40 or not (text.isascii() and text.isprintable()):
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or utcnow()
    when = when.astimezone(UTC)
    if when < now - OLDEST_SCAN:
        return None
    return min(when, now)


def admit_once(event_id: int, once: DoorRequest, door: Door, *, code: str | None = None,
               household_id: int | None = None, admit: int | None = None, method: str = "scan",
               now: datetime | None = None) -> Verdict:
    """Admit the household of ``code`` (or ``household_id``) once for ``once.client_id``.

    Offline admissions are never refused for lack of people outside: they count at most those
    still outside and are marked as a conflict when the door let in more. Inside a caller's unit
    of work (a walk-in) it joins that unit, and a clash of client_ids is the caller's to answer.
    """
    token = None
    if code is not None:
        token = ticket_token_from_code(code, current_app.config["BASE_URL"])
        if token is None:
            return Verdict(NOT_FOUND)
    request = AdmissionRequest(event_id=event_id, door=door, now=now or utcnow(), token=token,
                               household_id=household_id, admit=admit, method=method)
    joined = in_unit_of_work()
    try:
        with unit_of_work():
            return _admit_once(request, once)
    except IntegrityError:
        if joined:
            raise
        # The same client_id was stored by a concurrent request for another household: answer
        # what was stored.
        return stored_answer(event_id, once.client_id)


def stored_answer(event_id: int, client_id: str) -> Verdict:
    """The answer stored under ``client_id``; InvalidEntry when there is none (a clash to retry)."""
    verdict = stored_walk_in(event_id, client_id)
    if verdict is None:
        raise InvalidEntry(_l("This admission could not be recorded. Please try again."))
    return verdict


def _admit_once(request: AdmissionRequest, once: DoorRequest) -> Verdict:
    lock_admissions(request.event_id, exclusive=False)
    verdict = _answer_if_stored(request.event_id, once.client_id)
    if verdict is not None:
        return verdict
    household, admitted = find_household(request)
    verdict = _answer_if_stored(request.event_id, once.client_id)   # stored while we waited for the lock
    if verdict is not None:
        return verdict
    verdict = refusal(request, household)
    if verdict is not None:
        return verdict
    assert household is not None  # refusal() answers a code of no household
    if household.status != RsvpStatus.CONFIRMED:   # a verdict only, as for any scan: nothing stored
        return decide(replace(request, seat_if_free=False), household, admitted)
    return _record(request, once, household, admitted)


def _record(request: AdmissionRequest, once: DoorRequest, household: HouseholdSnapshot, admitted: int) -> Verdict:
    remaining = still_outside(household.party_size, admitted)
    admit = request.admit
    if not once.offline:
        if remaining == 0:
            return _answer(household, None)
        if admit is not None and not 1 <= admit <= remaining:
            raise too_many(remaining)
        claimed = remaining if admit is None else admit
    else:
        claimed = admit if admit is not None else (remaining or household.party_size)
    counted = min(claimed, remaining)
    conflict = claimed > counted
    now, door = request.now, request.door
    scanned_at = min(once.scanned_at, now) if once.scanned_at is not None else now
    admission_id = record_admission(
        event_id=request.event_id, rsvp_id=household.id, people=counted, door_name=door.name,
        user_id=door.user_id, device_id=door.device_id, method=request.method, created_at=scanned_at,
        recorded_at=now, client_id=once.client_id, conflict=conflict,
        people_claimed=claimed if conflict else None)
    return _answer(household, admission_id)


def _answer_if_stored(event_id: int, client_id: str) -> Verdict | None:
    row = db.session.connection().execute(_BY_CLIENT_ID, {"client_id": client_id}).first()
    if row is None:
        return None
    if row.event_id != event_id:
        raise InvalidEntry(_l("This admission belongs to another event."), {"client_id": _l("Make a new client_id.")})
    household, _admitted = locked_household(household_id=row.rsvp_id)
    assert household is not None  # an admission's household is never deleted (purges anonymise)
    return _answer(household, row.id)


def _answer(household: HouseholdSnapshot, admission_id: int | None) -> Verdict:
    """The verdict for one stored admission (or for none: "already admitted"), as of when it was made."""
    up_to = [Admission.rsvp_id == household.id, Admission.undone_at.is_(None)]
    if admission_id is not None:
        up_to.append(Admission.id <= admission_id)
    admitted_then = int(db.session.scalar(select(func.coalesce(func.sum(Admission.people), 0)).where(*up_to)) or 0)
    last_row = db.session.execute(
        select(Admission.id, Admission.door_name, Admission.created_at, Admission.recorded_at)
        .where(*up_to, Admission.people > 0)
        .order_by(Admission.created_at.desc(), Admission.id.desc()).limit(1)).first()
    last = AdmissionSnapshot(*last_row) if last_row is not None else None
    if admission_id is None:
        return Verdict(ALREADY_ADMITTED, rsvp=household, admitted_total=admitted_then, last=last)
    row = db.session.execute(select(Admission.people, Admission.door_name, Admission.created_at,
                                    Admission.recorded_at, Admission.conflict)
                             .where(Admission.id == admission_id)).one()
    if row.people == 0:
        return Verdict(ALREADY_ADMITTED, rsvp=household, admitted_total=admitted_then, last=last, conflict=True)
    result = PARTIALLY_ADMITTED if still_outside(household.party_size, admitted_then) else ADMITTED
    admission = AdmissionSnapshot(admission_id, row.door_name, row.created_at, row.recorded_at)
    return Verdict(result, rsvp=household, admitted_total=admitted_then, admitted_now=row.people,
                   admission=admission, last=last, conflict=row.conflict)


def stored_walk_in(event_id: int, client_id: str) -> Verdict | None:
    """The answer already given to an admission (or walk-in) registered under ``client_id``, if any."""
    with unit_of_work():
        lock_admissions(event_id, exclusive=False)
        return _answer_if_stored(event_id, client_id)
