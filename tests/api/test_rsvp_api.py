"""JSON API v1 for events and RSVPs: the contract other tools rely on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from showcase.events.models import Rsvp, RsvpStatus
from showcase.extensions import db


def _payload(**overrides) -> dict:
    body = {"name": "Kim Haneul", "phone": "010-1234-5678", "email": "kim@example.com", "adults": 2,
            "children": 1, "infants": 1, "community_id": None, "locale": "en"}
    body.update(overrides)
    return body


def _count() -> int:
    return db.session.scalar(select(func.count(Rsvp.id)))


def test_get_event_has_the_contract_fields(client, make_event, make_rsvp):
    event = make_event(capacity=150)
    make_rsvp(event, adults=2, children=1)
    make_rsvp(make_event(capacity=0), adults=1)
    body = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert {k: body[k] for k in ("slug", "capacity", "seats_confirmed", "seats_left", "waitlist_households")} == {
        "slug": event.slug, "capacity": 150, "seats_confirmed": 3, "seats_left": 147, "waitlist_households": 0}
    assert body["title"] == event.title_ko and body["venue"] == event.venue_ko
    assert datetime.fromisoformat(body["starts_at"]) == event.starts_at


def test_post_rsvp_confirms_with_absolute_ticket_and_manage_urls(client, make_event):
    event = make_event(capacity=10, communities=1)
    response = client.post(f"/api/v1/events/{event.slug}/rsvps",
                           json=_payload(community_id=event.communities[0].id))
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "confirmed" and body["seats"] == 3 and body["waitlist_position"] is None
    assert body["ticket_url"].startswith("http://showcase.test/t/")
    assert body["manage_url"].startswith("http://showcase.test/rsvp/")
    rsvp = db.session.get(Rsvp, body["id"])
    assert (rsvp.locale, rsvp.infants, rsvp.community_id) == ("en", 1, event.communities[0].id)


def test_post_rsvp_waitlists_when_full_without_a_ticket(client, make_event, make_rsvp):
    event = make_event(capacity=2)
    make_rsvp(event, adults=2)
    body = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload()).get_json()
    assert body["status"] == "waitlisted" and body["waitlist_position"] == 1
    assert "ticket_url" not in body


@pytest.mark.parametrize(("changes", "field"), [
    ({"adults": 0}, "adults"), ({"adults": -1}, "adults"), ({"adults": "two"}, "adults"),
    ({"children": 3.5}, "children"), ({"adults": 5, "children": 2}, "adults"),
    ({"community_id": 424242}, "community_id"), ({"phone": "123", "email": ""}, "phone"),
    ({"email": "nope", "phone": ""}, "email"), ({"name": ""}, "name"), ({"name": "x" * 101}, "name"),
    ({"adults": [1, 2]}, "adults"), ({"name": {"first": "a"}}, "name"),
])
def test_post_rsvp_with_bad_fields_is_422_with_field_errors(client, make_event, changes, field):
    event = make_event(max_party_size=6)
    response = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload(**changes),
                           headers={"Accept-Language": "ko"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_rsvp" and field in body["fields"]
    assert body["message"] == "표시된 항목을 고쳐 주세요."
    assert _count() == 0


def test_post_rsvp_not_json_is_400(client, make_event):
    event = make_event()
    for data, kind in ((b"{not json", "application/json"), (b"\xff\xfe", "application/json"),
                       (b"[1,2]", "application/json"), (b"name=x", "application/x-www-form-urlencoded")):
        response = client.post(f"/api/v1/events/{event.slug}/rsvps", data=data, content_type=kind)
        assert response.status_code == 400 and response.get_json()["error"] == "bad_json"


def test_post_rsvp_when_closed_is_409_and_duplicate_is_409(client, make_event):
    closed = make_event(rsvp_closes_at=datetime.now(UTC) - timedelta(hours=1))
    response = client.post(f"/api/v1/events/{closed.slug}/rsvps", json=_payload())
    assert response.status_code == 409 and response.get_json()["error"] == "rsvps_closed"
    event = make_event()
    assert client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload()).status_code == 201
    again = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload(email="other@example.com"))
    assert again.status_code == 409 and again.get_json()["error"] == "duplicate_rsvp"


def test_post_rsvp_to_no_event_or_an_archived_one_is_404_and_stores_nothing(client, make_event):
    archived = make_event()
    archived.archived_at = datetime.now(UTC)
    db.session.commit()
    for slug in ("no-such-event", archived.slug):
        response = client.post(f"/api/v1/events/{slug}/rsvps", json=_payload(), headers={"Accept-Language": "ko"})
        assert response.status_code == 404
        assert response.get_json() == {"error": "not_found", "message": "이 주소에는 행사가 없습니다.", "fields": {}}
    assert _count() == 0


def test_delete_through_manage_token_cancels_and_promotes(client, make_event, make_rsvp):
    event = make_event(capacity=4)
    created = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload()).get_json()
    waiting = make_rsvp(event, adults=2)
    token = created["manage_url"].rsplit("/", 1)[1]
    response = client.delete(f"/api/v1/rsvps/{token}")
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    db.session.refresh(waiting)
    assert waiting.status == RsvpStatus.CONFIRMED
    assert client.get(f"/api/v1/events/{event.slug}").get_json()["seats_confirmed"] == 2
    assert client.delete(f"/api/v1/rsvps/{token[:-3]}").status_code == 404


def test_api_errors_are_json_never_html(client):
    for method, path in (("get", "/api/v1/events/nope"), ("get", "/api/v1/nothing-here"),
                         ("put", "/api/v1/events/x/rsvps"), ("delete", "/api/v1/rsvps/short")):
        response = getattr(client, method)(path)
        assert 400 <= response.status_code < 500
        assert response.is_json and set(response.get_json()) == {"error", "message", "fields"}


def test_openapi_document_describes_the_contract(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/events/{slug}", "/events/{slug}/rsvps", "/rsvps/{token}"} <= set(document["paths"])
    assert document["servers"][0]["url"] == "http://showcase.test/api/v1"
    rsvp = document["components"]["schemas"]["Rsvp"]["properties"]
    assert {"id", "status", "seats", "waitlist_position", "ticket_url", "manage_url"} <= set(rsvp)
