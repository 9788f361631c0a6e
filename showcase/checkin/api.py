"""The door API (JSON, /api/v1): scan, undo, search, walk-ins and attendance.

Every route is for the doors of its event (``door_access.DOOR_CALLERS``: a device's bearer token, or
a signed-in staff member or organizer), checked once for the whole blueprint.
"""

from __future__ import annotations

from typing import overload

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from ..auth.roles import guard
from ..events.contacts import display_phone
from ..events.field_limits import MAX_PEOPLE_PER_COUNT
from ..events.households import Household
from ..events.models import Event
from ..extensions import csrf, db
from .attendance import admitted_by_household, attendance, search_households
from .core import (
    DoorRequest,
    admit_fewer,
    admit_household,
    admit_once,
    check_in,
    parse_scanned_at,
    still_outside,
    undo_admission,
    valid_client_id,
)
from .door_access import DOOR_CALLERS, calling_door
from .door_copy import admitted_json, door_copy_json
from .refusals import CheckinError, InvalidEntry
from .verdicts import party_words, verdict_json

bp = Blueprint("checkin_api", __name__)
csrf.exempt(bp)
guard(bp, DOOR_CALLERS)


def _json_body() -> dict:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise CheckinError(_("Send a JSON object."), code="bad_json", status=400)
    return payload


def _invalid(fields: dict | None = None) -> InvalidEntry:
    return InvalidEntry(_("Please correct the highlighted fields."), fields)


@overload
def _count(payload: dict, key: str, low: int, high: int, default: int) -> int: ...
@overload
def _count(payload: dict, key: str, low: int, high: int, default: None = None) -> int | None: ...
def _count(payload: dict, key: str, low: int, high: int, default: int | None = None) -> int | None:
    value = payload.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid({key: _("Enter a number from %(low)d to %(high)d.", low=low, high=high)})
    return value


def _door_request(payload: dict) -> DoorRequest | None:
    """The door's client_id and scanned_at, when sent (422 when malformed)."""
    client_id, scanned_at = payload.get("client_id"), payload.get("scanned_at")
    if client_id is None:
        if scanned_at is not None:
            raise _invalid({"client_id": _("Send a client_id with scanned_at.")})
        return None
    valid = valid_client_id(client_id)
    if valid is None:
        raise _invalid({"client_id": _("Send a UUID, such as the door makes.")})
    when = None
    if scanned_at is not None:
        when = parse_scanned_at(scanned_at)
        if when is None:
            raise _invalid({"scanned_at": _("Send the time of the scan in ISO 8601, within the last two days.")})
    return DoorRequest(valid, when)


@bp.post("/events/<slug>/checkins")
def checkins(slug: str):
    door, event = calling_door()
    timezone = event.timezone  # read now: the event row is not loaded again after the admission
    payload = _json_body()
    admit = _count(payload, "admit", 1, 1000)
    once = _door_request(payload)
    seat = payload.get("seat_if_free") is True
    if payload.get("household_id") is not None:
        household_id = _count(payload, "household_id", 1, 2**31 - 1)
        assert household_id is not None  # the payload has one: _count returned it or refused
        if once is not None and not seat:
            verdict = admit_once(event.id, once, door, household_id=household_id, admit=admit, method="search")
        else:
            verdict = admit_household(event.id, household_id, door, admit,
                                      method="waitlist" if seat else "search", seat_if_free=seat)
    else:
        code = payload.get("code")
        if not isinstance(code, str):
            raise _invalid({"code": _("Send the scanned text as a string.")})
        if once is not None:
            verdict = admit_once(event.id, once, door, code=code, admit=admit)
        else:
            verdict = check_in(event.id, code, door, admit)
    return jsonify(verdict_json(verdict, timezone))


@bp.post("/events/<slug>/checkins/<int:admission_id>/fewer")
def fewer(slug: str, admission_id: int):
    """Only some of the people just admitted came in: one correction, in one transaction."""
    door, event = calling_door()
    timezone = event.timezone
    admit = _count(_json_body(), "admit", 1, 1000)
    if admit is None:
        raise _invalid({"admit": _("Enter how many people came in.")})
    return jsonify(verdict_json(admit_fewer(event.id, admission_id, admit, door), timezone))


@bp.get("/events/<slug>/door-list")
def door_list_copy(slug: str):
    """The door list for working offline (the whole list, or only what changed: ?part=admitted)."""
    _door, event = calling_door()
    full = db.session.get_one(Event, event.id)
    body = admitted_json(full) if request.args.get("part") == "admitted" else door_copy_json(full)
    if not request.headers.get("Authorization"):
        body["csrf"] = generate_csrf()   # a page loaded from the device's cache replays with a fresh one
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/events/<slug>/checkins/<int:admission_id>/undo")
def undo(slug: str, admission_id: int):
    door, event = calling_door()
    timezone = event.timezone
    return jsonify(verdict_json(undo_admission(event.id, admission_id, door), timezone))


def attendance_json(event) -> dict:
    """The attendance contract's fields, then extra figures and the arrivals chart."""
    figures = attendance(event)
    return {"capacity": figures.capacity, "seats_confirmed": figures.seats_confirmed,
            "admitted": figures.admitted, "expected_remaining": figures.expected_remaining,
            "walk_ins": figures.walk_ins, "seats_left": figures.seats_left,
            "walk_in_households": figures.walk_in_households,
            "households_admitted": figures.households_admitted,
            "households_expected": figures.households_expected,
            "released_households": figures.released_households,
            "arrivals": [{"at": at.isoformat(), "people": people} for at, people in figures.arrivals]}


@bp.get("/events/<slug>/attendance")
def attendance_view(slug: str):
    _door, event = calling_door()
    return jsonify(attendance_json(event))


@bp.get("/events/<slug>/households")
def households(slug: str):
    _door, event = calling_door()
    found = search_households(event, request.args.get("q", ""))
    admitted = admitted_by_household([r.id for r in found])
    return jsonify({"households": [
        {"household_id": r.id, "household": r.contact_name, "status": r.status.value,
         "phone": display_phone(r.phone)[-9:] if r.phone else "", "party_size": r.party_size,
         "party": party_words(r), "seats": r.seats, "admitted_total": admitted.get(r.id, 0),
         "remaining": still_outside(r.party_size, admitted.get(r.id, 0))} for r in found]})


@bp.post("/events/<slug>/walk-ins")
def walk_ins(slug: str):
    from .walkins import register_walk_in

    door, event = calling_door()
    payload = _json_body()
    name, phone, email = (payload.get(k, "") for k in ("name", "phone", "email"))
    if not all(isinstance(v, str) for v in (name, phone, email)):
        raise _invalid()
    household = Household(contact_name=name[:100], phone=phone[:40], email=email[:254],
                          adults=_count(payload, "adults", 0, MAX_PEOPLE_PER_COUNT, 1),
                          children=_count(payload, "children", 0, MAX_PEOPLE_PER_COUNT, 0),
                          infants=_count(payload, "infants", 0, MAX_PEOPLE_PER_COUNT, 0),
                          locale=payload["locale"] if payload.get("locale") in ("ko", "en") else "ko")
    timezone = event.timezone
    verdict = register_walk_in(event, household, door, request=_door_request(payload))
    response = jsonify(verdict_json(verdict, timezone))
    response.status_code = 201
    return response
