"""The door API (JSON, /api/v1): scan, undo, search, walk-ins and attendance.

A door is either a device holding a bearer token issued for the event (`flask door-token`) or a
signed-in staff member or organizer (the door screen itself); session callers must also send
the CSRF token in ``X-CSRFToken`` on writes, since the blueprint is exempt from form CSRF.
"""

from __future__ import annotations

from typing import overload

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms import ValidationError

from ..auth.models import Role
from ..error_pages import error_response
from ..events.contacts import display_phone
from ..events.households import Household
from ..events.models import Event
from ..events.refusals import EventsError
from ..extensions import csrf, db
from .admissions import admit_household, check_in, undo_admission
from .attendance import admitted_by_household, attendance, search_households
from .corrections import admit_fewer
from .door_copy import admitted_json, door_copy_json
from .doors import door_event, door_for_token, door_for_user
from .refusals import CheckinError
from .replays import DoorRequest, admit_once, parse_scanned_at, valid_client_id
from .verdicts import party_words, verdict_json

bp = Blueprint("checkin_api", __name__)
csrf.exempt(bp)

MAX_PEOPLE = 20


class _Refused(Exception):
    def __init__(self, response):
        super().__init__("refused")
        self.response = response


@bp.errorhandler(_Refused)
def _refused(exc: _Refused):
    return exc.response


@bp.errorhandler(CheckinError)
def _checkin_error(exc: CheckinError):
    return error_response(exc.status, exc.code, str(exc.message), {k: str(v) for k, v in exc.fields.items()})


@bp.errorhandler(EventsError)
def _events_error(exc: EventsError):
    fields = {("name" if k == "contact_name" else k): str(v) for k, v in exc.fields.items()}
    return error_response(exc.status, exc.code, str(exc.message), fields)


def _unauthorized():
    response = error_response(401, "unauthorized",
                              _("Send a door token (Authorization: Bearer …) or sign in as door staff."))
    response.headers["WWW-Authenticate"] = 'Bearer realm="door"'
    return response


def _door_and_event(slug: str):
    """The calling door and the event, or raise _Refused with 401/403/404."""
    header = request.headers.get("Authorization", "")
    device = None
    if header:
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer":
            raise _Refused(_unauthorized())
        device = door_for_token(token.strip())
        if device is None:
            raise _Refused(_unauthorized())
    elif not (current_user.is_authenticated and current_user.has_role(Role.STAFF, Role.ORGANIZER)):
        raise _Refused(_unauthorized())
    elif request.method != "GET" and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except (ValidationError, CSRFError):
            raise _Refused(error_response(400, "csrf", _(
                "This page expired. Please reload the door screen."))) from None
    event = door_event(slug)
    if event is None or event.archived_at is not None:
        raise _Refused(error_response(404, "not_found", _("There is no event at this address.")))
    if device is not None:
        if device.event_id != event.id:
            raise _Refused(error_response(403, "wrong_event_token",
                                          _("This door token is for another event.")))
        return device, event
    return door_for_user(current_user), event


def _json_body() -> dict:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise _Refused(error_response(400, "bad_json", _("Send a JSON object.")))
    return payload


@overload
def _count(payload: dict, key: str, low: int, high: int, default: int) -> int: ...
@overload
def _count(payload: dict, key: str, low: int, high: int, default: None = None) -> int | None: ...
def _count(payload: dict, key: str, low: int, high: int, default: int | None = None) -> int | None:
    value = payload.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Refused(error_response(422, "invalid", _("Please correct the highlighted fields."),
                                      {key: _("Enter a number from %(low)d to %(high)d.", low=low, high=high)}))
    return value


def _door_request(payload: dict) -> DoorRequest | None:
    """The door's client_id and scanned_at, when sent (422 when malformed)."""
    client_id, scanned_at = payload.get("client_id"), payload.get("scanned_at")
    if client_id is None:
        if scanned_at is not None:
            raise _Refused(error_response(422, "invalid", _("Please correct the highlighted fields."),
                                          {"client_id": _("Send a client_id with scanned_at.")}))
        return None
    stored_id = valid_client_id(client_id)
    if stored_id is None:
        raise _Refused(error_response(422, "invalid", _("Please correct the highlighted fields."),
                                      {"client_id": _("Send a UUID, such as the door makes.")}))
    when = None
    if scanned_at is not None:
        when = parse_scanned_at(scanned_at)
        if when is None:
            raise _Refused(error_response(422, "invalid", _("Please correct the highlighted fields."), {
                "scanned_at": _("Send the time of the scan in ISO 8601, within the last two days.")}))
    return DoorRequest(stored_id, when)


@bp.post("/events/<slug>/checkins")
def checkins(slug: str):
    door, event = _door_and_event(slug)
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
            return error_response(422, "invalid", _("Please correct the highlighted fields."),
                                  {"code": _("Send the scanned text as a string.")})
        if once is not None:
            verdict = admit_once(event.id, once, door, code=code, admit=admit)
        else:
            verdict = check_in(event.id, code, door, admit)
    return jsonify(verdict_json(verdict, timezone))


@bp.post("/events/<slug>/checkins/<int:admission_id>/fewer")
def fewer(slug: str, admission_id: int):
    """Only some of the people just admitted came in: one correction, in one transaction."""
    door, event = _door_and_event(slug)
    timezone = event.timezone
    admit = _count(_json_body(), "admit", 1, 1000)
    if admit is None:
        return error_response(422, "invalid", _("Please correct the highlighted fields."),
                              {"admit": _("Enter how many people came in.")})
    return jsonify(verdict_json(admit_fewer(event.id, admission_id, admit, door), timezone))


@bp.get("/events/<slug>/door-list")
def door_list_copy(slug: str):
    """The door list for working offline (the whole list, or only what changed: ?part=admitted)."""
    _door, event = _door_and_event(slug)
    full = db.session.get_one(Event, event.id)
    body = admitted_json(full) if request.args.get("part") == "admitted" else door_copy_json(full)
    if not request.headers.get("Authorization"):
        body["csrf"] = generate_csrf()   # a page loaded from the device's cache replays with a fresh one
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/events/<slug>/checkins/<int:admission_id>/undo")
def undo(slug: str, admission_id: int):
    door, event = _door_and_event(slug)
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
    _door, event = _door_and_event(slug)
    return jsonify(attendance_json(event))


@bp.get("/events/<slug>/households")
def households(slug: str):
    _door, event = _door_and_event(slug)
    found = search_households(event, request.args.get("q", ""))
    admitted = admitted_by_household([r.id for r in found])
    return jsonify({"households": [
        {"household_id": r.id, "household": r.contact_name, "status": r.status.value,
         "phone": display_phone(r.phone)[-9:] if r.phone else "", "party_size": r.party_size,
         "party": party_words(r), "seats": r.seats, "admitted_total": admitted.get(r.id, 0),
         "remaining": max(0, r.party_size - admitted.get(r.id, 0))} for r in found]})


@bp.post("/events/<slug>/walk-ins")
def walk_ins(slug: str):
    from .walkins import register_walk_in

    door, event = _door_and_event(slug)
    payload = _json_body()
    name, phone, email = (payload.get(k, "") for k in ("name", "phone", "email"))
    if not all(isinstance(v, str) for v in (name, phone, email)):
        return error_response(422, "invalid", _("Please correct the highlighted fields."))
    household = Household(contact_name=name[:100], phone=phone[:40], email=email[:254],
                          adults=_count(payload, "adults", 0, MAX_PEOPLE, 1),
                          children=_count(payload, "children", 0, MAX_PEOPLE, 0),
                          infants=_count(payload, "infants", 0, MAX_PEOPLE, 0),
                          locale=payload["locale"] if payload.get("locale") in ("ko", "en") else "ko")
    timezone = event.timezone
    verdict = register_walk_in(event, household, door, request=_door_request(payload))
    response = jsonify(verdict_json(verdict, timezone))
    response.status_code = 201
    return response
