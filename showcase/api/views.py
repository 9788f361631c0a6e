"""JSON API v1: events and RSVPs (the door endpoints live with check-in)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..contributions import openapi_fragments
from ..events import rsvp_changes, rsvp_tokens
from ..events.forms import RsvpForm
from ..events.models import RsvpStatus
from ..events.placement import Placement, place_rsvp
from ..events.refusals import EventNotFound, EventsError, InvalidHousehold
from ..events.seats import seat_counts
from ..events.services import find_event
from ..events.waitlist import waitlist_position
from ..extensions import csrf, limiter
from ..tickets import links
from ..tickets.link_views import link_request_limit
from ..urls import absolute_url
from .openapi import openapi_document

bp = Blueprint("api", __name__)
csrf.exempt(bp)

#: the form's name of each API field named otherwise (the reverse of the refusals' renames)
FORM_NAMES = {api_name: form_name for form_name, api_name in EventsError.field_names.items()}
RSVP_FIELDS = ("name", "phone", "email", "adults", "children", "infants", "community_id", "locale",
               "accessibility_needs", "photo_consent")


def _event_or_404(slug: str):
    event = find_event(slug)
    if event is None or event.archived_at is not None:
        raise EventNotFound(_("There is no event at this address."))
    return event


def event_json(event) -> dict:
    """The public figures of an event."""
    counts = seat_counts(event)
    return {"slug": event.slug, "title": event.title_ko, "title_en": event.title_en,
            "starts_at": event.starts_at.isoformat(), "venue": event.venue_ko, "venue_en": event.venue_en,
            "capacity": event.capacity, "seats_confirmed": counts.seats_confirmed,
            "seats_left": counts.seats_left, "waitlist_households": counts.households_waiting,
            "url": absolute_url("events.show", slug=event.slug)}


def _answer_json(rsvp_id: int, status: RsvpStatus, seats: int, manage_token: str, ticket_token: str,
                 position: int | None) -> dict:
    body = {"id": rsvp_id, "status": status.value, "seats": seats, "waitlist_position": position,
            "manage_url": absolute_url("events.manage_rsvp", token=manage_token)}
    if status == RsvpStatus.CONFIRMED:
        body["ticket_url"] = absolute_url("tickets.ticket", token=ticket_token)
    return body


def rsvp_json(rsvp) -> dict:
    """What a family (or a tool acting for it) learns about its RSVP."""
    return _answer_json(rsvp.id, rsvp.status, rsvp.seats, rsvp_tokens.manage_token(rsvp), rsvp_tokens.ticket_token(rsvp),
                        waitlist_position(rsvp))


def placement_json(placement: Placement) -> dict:
    """The same for a household just placed, as it was answered under the seat lock."""
    return _answer_json(placement.rsvp_id, placement.status, placement.seats, placement.manage_token,
                        placement.ticket_token, placement.waitlist_position)


@bp.get("/events/<slug>")
def get_event(slug: str):
    return jsonify(event_json(_event_or_404(slug)))


def _form_from_json(payload: dict) -> tuple[RsvpForm, dict]:
    """The RSVP form filled from JSON, and errors for values that are not single values."""
    data: MultiDict[str, str] = MultiDict()
    not_scalar = {}
    for key in RSVP_FIELDS:
        value = payload.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "y" if value else ""
        elif isinstance(value, (dict, list)):
            not_scalar[FORM_NAMES.get(key, key)] = _("Give a single value, not a list or object.")
            continue
        data[FORM_NAMES.get(key, key)] = str(value)
    for count in ("children", "infants"):
        data.setdefault(count, "0")
    form = RsvpForm(formdata=data, meta={"csrf": False})  # community_id is checked by the service
    return form, not_scalar


@bp.post("/events/<slug>/rsvps")
@limiter.limit(lambda: current_app.config["RATELIMIT_RSVP"])
def create_rsvp(slug: str):
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise EventsError(_("Send a JSON object with the household's details."), code="bad_json", status=400)
    form, not_scalar = _form_from_json(payload)
    if not form.validate() or not_scalar:
        fields = {name: " ".join(str(m) for m in messages) for name, messages in form.errors.items()}
        raise InvalidHousehold(_("Please correct the highlighted fields."), fields | not_scalar)
    locale = payload["locale"] if payload.get("locale") in current_app.config["LANGUAGES"] else "ko"
    placement = place_rsvp(slug, form.household(locale))  # the event is read as it is locked
    body = placement_json(placement)
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = body["manage_url"]
    return response


@bp.delete("/rsvps/<token>")
@limiter.limit(lambda: current_app.config["RATELIMIT_RSVP"])
def cancel_rsvp(token: str):
    rsvp = rsvp_tokens.find_by_manage_token(token)
    if rsvp is None:
        raise EventsError(_("There is no RSVP for this link."), code="not_found", status=404)
    rsvp = rsvp_changes.cancel_rsvp(rsvp.id)
    return jsonify(rsvp_json(rsvp))


@bp.post("/events/<slug>/link-requests")
@link_request_limit
def create_link_request(slug: str):
    """Send a household its links again; 202 whether or not the contact is registered."""
    event = _event_or_404(slug)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise links.InvalidLinkRequest(_("Send a JSON object with a phone or an email."), code="bad_json", status=400)
    phone, email = payload.get("phone"), payload.get("email")
    wrong_type = {name: _("Give a single value, not a list or object.")
                  for name, value in (("phone", phone), ("email", email))
                  if value is not None and not isinstance(value, str)}
    if wrong_type:
        raise links.InvalidLinkRequest(_("Please correct the highlighted fields."), wrong_type)
    links.request_links(event, links.parse_contact(phone, email))
    return jsonify({"status": "accepted"}), 202


@bp.get("/openapi.json")
def openapi():
    document = openapi_document(current_app.config["BASE_URL"].rstrip("/") + "/api/v1",
                                openapi_fragments(current_app))
    return Response(json.dumps(document, ensure_ascii=False), mimetype="application/json")
