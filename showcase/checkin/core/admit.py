"""Admitting households at the door exactly once: scans, partial parties, the waitlist.

Every admission is decided inside a unit of work that holds the household's row lock, with the
household's admitted total recomputed after the lock is granted, so four doors scanning the
same ticket at the same moment let each person in at most once. On SQLite the unit is BEGIN
IMMEDIATE (one writer at a time); on PostgreSQL the event row is also locked: FOR KEY SHARE by
plain admissions (which then commit in parallel, sharing fsyncs, instead of queueing one commit
at a time behind one row) and FOR UPDATE, exactly as ``events.seats.lock_event``, by anything
that moves seats (seating a waiting household, walk-ins, releases) or rewrites history (undo,
paper entry), so those never interleave with an admission. A scan is the hot path at the door
(150 people in half an hour), so it reads plain rows (no ORM objects to load and expire) and
answers with snapshots taken inside the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from ...database import unit_of_work, utcnow
from ...events.models import Event, Rsvp, RsvpStatus
from ...events.waitlist import confirm
from ...extensions import db
from ...tokens import hashes_match, token_hash
from ..codes import ticket_token_from_code
from ..doors import Door
from ..refusals import NoSeatsLeft, TooManyPeople
from .households import (
    ADMITTED,
    ALREADY_ADMITTED,
    CANCELLED,
    NOT_FOUND,
    PARTIALLY_ADMITTED,
    WAITLISTED,
    WRONG_EVENT,
    AdmissionSnapshot,
    HouseholdSnapshot,
    Verdict,
    last_admission,
    lock_admissions,
    locked_household,
    record_admission,
    release_time,
    seats_free,
    still_outside,
)


@dataclass(frozen=True, kw_only=True)
class AdmissionRequest:
    """One admission a door asks for: whose household, how many of it, how, and when."""

    event_id: int
    door: Door
    now: datetime
    #: the scanned ticket's token (the household is found by its hash), or else ``household_id``
    token: str | None = None
    household_id: int | None = None
    #: how many of the party come in now (None: everyone still outside)
    admit: int | None = None
    method: str = "scan"
    #: seat a waiting (or released) household first when its seats are free
    seat_if_free: bool = False


def check_in(event_id: int, code: str, door: Door, admit: int | None = None,
             now: datetime | None = None) -> Verdict:
    """Scan ``code`` at the door of event ``event_id``: admit everyone still outside (or ``admit``)."""
    token = ticket_token_from_code(code, current_app.config["BASE_URL"])
    if token is None:
        return Verdict(NOT_FOUND)
    return admit_now(AdmissionRequest(event_id=event_id, door=door, now=now or utcnow(), token=token, admit=admit))


def admit_household(event: Event | int, rsvp_id: int, door: Door, admit: int | None = None, *,
                    method: str = "scan", seat_if_free: bool = False,
                    now: datetime | None = None) -> Verdict:
    """Admit a household found by search (or by id).

    A waiting household (or one whose seats were released) gets a verdict only, unless
    ``seat_if_free``: then it is confirmed and admitted when its seats are free (NoSeatsLeft if not).
    Raises TooManyPeople when ``admit`` exceeds the people still outside.
    """
    event_id = event if isinstance(event, int) else event.id  # an Event or a DoorEvent
    return admit_now(AdmissionRequest(event_id=event_id, door=door, now=now or utcnow(), household_id=rsvp_id,
                                      admit=admit, method=method, seat_if_free=seat_if_free))


def admit_now(request: AdmissionRequest) -> Verdict:
    """Decide ``request`` in one unit of work (joining the caller's, as a walk-in's)."""
    with unit_of_work():
        lock_admissions(request.event_id, exclusive=request.seat_if_free)
        household, admitted = find_household(request)
        refused = refusal(request, household)
        if refused is not None:
            return refused
        assert household is not None  # refusal() answers a code of no household
        return decide(request, household, admitted)


def find_household(request: AdmissionRequest) -> tuple[HouseholdSnapshot | None, int]:
    """The household ``request`` names, its row locked, and the people of it admitted so far."""
    if request.token is not None:
        return locked_household(token_digest=token_hash(request.token))
    return locked_household(household_id=request.household_id)


def refusal(request: AdmissionRequest, household: HouseholdSnapshot | None) -> Verdict | None:
    """"Unknown code" or "another event's ticket", when so; None when the household is this event's."""
    if household is None or (request.token is not None
                             and not hashes_match(household.ticket_token_hash, request.token)):
        return Verdict(NOT_FOUND)
    if household.event_id != request.event_id:
        return Verdict(WRONG_EVENT, rsvp=household)
    return None


def too_many(remaining: int) -> TooManyPeople:
    """The refusal of an ``admit`` above the people still outside."""
    return TooManyPeople(_l("Only %(remaining)d of this party are still outside.", remaining=remaining),
                         {"admit": _l("Enter a number from 1 to %(remaining)d.", remaining=remaining)})


def decide(request: AdmissionRequest, household: HouseholdSnapshot, admitted: int) -> Verdict:
    """The verdict for the locked ``household``, admitting whoever may come in now."""
    method = request.method
    if household.status != RsvpStatus.CONFIRMED:
        released_at = release_time(household.id) if household.status == RsvpStatus.CANCELLED else None
        free = seats_free(request.event_id)
        seatable = household.status == RsvpStatus.WAITLISTED or released_at is not None
        if not (request.seat_if_free and seatable):
            result = WAITLISTED if household.status == RsvpStatus.WAITLISTED else CANCELLED
            return Verdict(result, rsvp=household, admitted_total=admitted, last=last_admission(household.id),
                           seats_free=free, released_at=released_at)
        if household.seats > free:
            raise NoSeatsLeft(_l("This household needs %(need)d seat(s) but only %(free)d are free.",
                                 need=household.seats, free=free))
        rsvp = db.session.get_one(Rsvp, household.id)
        confirm(rsvp, request.now)
        rsvp.cancelled_at = None
        db.session.flush()
        seated, admitted = locked_household(household_id=household.id)
        assert seated is not None  # the row just seated, under the lock
        household = seated
        method = "waitlist"
    remaining = still_outside(household.party_size, admitted)
    if remaining == 0:
        return Verdict(ALREADY_ADMITTED, rsvp=household, admitted_total=admitted,
                       last=last_admission(household.id))
    people = remaining if request.admit is None else request.admit
    if people < 1 or people > remaining:
        raise too_many(remaining)
    door, now = request.door, request.now
    admission_id = record_admission(
        event_id=request.event_id, rsvp_id=household.id, people=people, door_name=door.name,
        user_id=door.user_id, device_id=door.device_id, method=method, created_at=now, recorded_at=now)
    admission = AdmissionSnapshot(admission_id, door.name, now, now)
    result = ADMITTED if people == remaining else PARTIALLY_ADMITTED
    return Verdict(result, rsvp=household, admitted_total=admitted + people, admitted_now=people,
                   admission=admission, last=admission)
