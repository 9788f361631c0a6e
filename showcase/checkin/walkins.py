"""Walk-ins: a household registered at the door while seats remain, and admitted at once."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..database import utcnow
from ..events.households import Household
from ..events.models import Event
from ..events.placement import place_rsvp
from ..events.refusals import NotEnoughSeats
from .admissions import Verdict, admit_household
from .doors import Door
from .refusals import NoSeatsLeft
from .replays import DoorRequest, admit_once, stored_walk_in


def register_walk_in(event: Event, household: Household, door: Door,
                     now: datetime | None = None, request: DoorRequest | None = None) -> Verdict:
    """Seat a family that turned up without an RSVP (never waitlisted) and admit all of it.

    A name alone will do (a phone or an email is kept when given). With ``request`` (the door's
    client_id, and scanned_at when it was offline) a walk-in sent again is registered once.
    Raises NoSeatsLeft when the party does not fit, and the events errors InvalidHousehold
    (field errors) or DuplicateRsvp (the phone or email already has an RSVP: find it instead).
    """
    now = now or utcnow()
    if request is not None:
        stored = stored_walk_in(event.id, request.client_id)
        if stored is not None:
            return stored
    try:
        rsvp = place_rsvp(event.id, household, source="door", now=min(request.scanned_at, now)
                          if request is not None and request.scanned_at is not None else now, walk_in=True).rsvp
    except NotEnoughSeats as exc:
        raise NoSeatsLeft(_l("Not enough seats are left for this household.")) from exc
    if request is not None:
        return admit_once(event.id, request, door, household_id=rsvp.id, method="walk_in", now=now)
    return admit_household(event, rsvp.id, door, method="walk_in", now=now)
