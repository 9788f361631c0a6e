"""Walk-ins: a household registered at the door while seats remain, and admitted at once."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..database import unit_of_work, utcnow
from ..events.households import Household
from ..events.models import Event
from ..events.placement import place_rsvp
from ..events.refusals import NotEnoughSeats
from ..events.seats import lock_event
from .core import DoorRequest, Verdict, admit_household, admit_once, stored_answer, stored_walk_in
from .doors import Door, DoorEvent
from .refusals import NoSeatsLeft


def register_walk_in(event: Event | DoorEvent, household: Household, door: Door,
                     now: datetime | None = None, request: DoorRequest | None = None) -> Verdict:
    """Seat a family that turned up without an RSVP (never waitlisted) and admit all of it.

    One unit of work: the household, its messages and its admission are saved together or not at
    all. A name alone will do (a phone or an email is kept when given). With ``request`` (the
    door's client_id, and scanned_at when it was offline) a walk-in sent again is registered once.
    Raises NoSeatsLeft when the party does not fit, and the events errors InvalidHousehold
    (field errors) or DuplicateRsvp (the phone or email already has an RSVP: find it instead).
    """
    now = now or utcnow()
    try:
        with unit_of_work():
            return _register(event.id, household, door, now, request)
    except IntegrityError:
        if request is None:
            raise
        # the client_id was stored meanwhile at another event (this one's admissions wait for the
        # seat lock): answer what was stored, as a replay is answered
        return stored_answer(event.id, request.client_id)


def _register(event_id: int, household: Household, door: Door, now: datetime,
              request: DoorRequest | None) -> Verdict:
    if request is not None:
        lock_event(event_id)  # the seat lock first: a walk-in sent twice at once is looked up after it
        stored = stored_walk_in(event_id, request.client_id)
        if stored is not None:
            return stored
    placed_at = min(request.scanned_at, now) if request is not None and request.scanned_at is not None else now
    try:
        rsvp_id = place_rsvp(event_id, household, source="door", now=placed_at, walk_in=True).rsvp_id
    except NotEnoughSeats as exc:
        raise NoSeatsLeft(_l("Not enough seats are left for this household.")) from exc
    if request is not None:
        return admit_once(event_id, request, door, household_id=rsvp_id, method="walk_in", now=now)
    return admit_household(event_id, rsvp_id, door, method="walk_in", now=now)
