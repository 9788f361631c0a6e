"""The door API contract: verdicts, partial parties, undo, counts, tokens and sessions."""

from __future__ import annotations

from showcase.auth.models import Role
from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.models import RsvpStatus


def test_scan_admits_the_whole_party_once_then_says_already_admitted(app, make_event, make_rsvp, door_token,
                                                                     scan, ticket_url):
    event = make_event(capacity=20)
    family = make_rsvp(event, contact_name="김하늘", adults=2, children=1, infants=1)
    token = door_token(event, "Door 2")

    first = scan(event, token, ticket_url(family))
    assert first.status_code == 200
    body = first.get_json()
    assert body["result"] == "admitted"
    assert body["household"] == "김하늘"
    assert (body["party_size"], body["admitted_total"], body["remaining"]) == (4, 4, 0)
    assert body["last_checkin_at"] and body["last_door"] == "입구 2"   # a numbered door, in the reader's language
    assert body["title"] == "4명 입장" or body["title"] == "Admit 4"

    again = scan(event, token, rsvp_tokens.ticket_token(family)).get_json()   # the bare token works too
    assert again["result"] == "already_admitted"
    assert (again["admitted_total"], again["remaining"]) == (4, 0)
    assert "입구 2" in again["detail"] and "4" in again["detail"]


def test_partial_party_then_the_rest_and_too_many_is_422(make_event, make_rsvp, door_token, scan, ticket_url,
                                                         client):
    event = make_event()
    family = make_rsvp(event, adults=2, children=2)
    token = door_token(event)
    three = scan(event, token, ticket_url(family), admit=3).get_json()
    assert (three["result"], three["admitted_total"], three["remaining"]) == ("partially_admitted", 3, 1)

    too_many = scan(event, token, ticket_url(family), admit=2)
    assert too_many.status_code == 422
    assert too_many.get_json()["error"] == "too_many"

    rest = scan(event, token, ticket_url(family)).get_json()
    assert (rest["result"], rest["admitted_now"], rest["remaining"]) == ("admitted", 1, 0)

    counts = client.get(f"/api/v1/events/{event.slug}/attendance",
                        headers={"Authorization": f"Bearer {token}"}).get_json()
    assert counts["admitted"] == 4 and counts["expected_remaining"] == 0


def test_undo_is_recorded_and_lets_the_household_in_again(app, make_event, make_rsvp, door_token, scan,
                                                          ticket_url, client):
    from showcase.checkin.models import Admission
    from showcase.extensions import db

    event = make_event()
    family = make_rsvp(event, adults=2)
    token = door_token(event, "Door 1")
    other = door_token(event, "Door 3")
    admitted = scan(event, token, ticket_url(family)).get_json()

    refused = client.post(f"/api/v1/events/{event.slug}/checkins/{admitted['admission_id']}/undo",
                          headers={"Authorization": f"Bearer {other}"})
    assert refused.status_code == 409            # another door cannot undo it

    undone = client.post(f"/api/v1/events/{event.slug}/checkins/{admitted['admission_id']}/undo",
                         headers={"Authorization": f"Bearer {token}"})
    assert undone.status_code == 200
    assert undone.get_json()["result"] == "undone" and undone.get_json()["admitted_total"] == 0
    row = db.session.get(Admission, admitted["admission_id"])
    assert row.undone_at is not None and row.undone_by_device_id is not None

    assert scan(event, token, ticket_url(family)).get_json()["result"] == "admitted"


def test_verdicts_for_cancelled_waitlisted_and_other_events_tickets(make_event, make_rsvp, door_token, scan,
                                                                    ticket_url):
    event = make_event(capacity=2)
    other_event = make_event(capacity=10)
    seated = make_rsvp(event, adults=2)
    waiting = make_rsvp(event, adults=1)
    assert waiting.status == RsvpStatus.WAITLISTED
    gone = make_rsvp(other_event, adults=1)
    elsewhere = make_rsvp(other_event, adults=1)
    rsvp_changes.cancel_rsvp(gone.id)
    token = door_token(event)

    assert scan(event, token, ticket_url(waiting)).get_json()["result"] == "waitlisted"
    wrong = scan(event, token, ticket_url(elsewhere)).get_json()
    assert wrong["result"] == "wrong_event" and wrong["household"] is None
    rsvp_changes.cancel_rsvp(seated.id)          # frees seats; the waiting household is promoted
    assert scan(event, token, ticket_url(seated)).get_json()["result"] == "cancelled"
    assert scan(event, token, ticket_url(waiting)).get_json()["result"] == "admitted"


def test_tokens_missing_wrong_or_for_another_event(make_event, make_rsvp, door_token, scan, ticket_url, client):
    event = make_event()
    other = make_event()
    family = make_rsvp(event)
    other_token = door_token(other)
    assert scan(event, None, ticket_url(family)).status_code == 401
    assert scan(event, "not-a-real-token-at-all-xxxxxxxxxxxx", ticket_url(family)).status_code == 401
    assert scan(event, other_token, ticket_url(family)).status_code == 403
    basic = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": ticket_url(family)},
                        headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401 and basic.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(f"/api/v1/events/{event.slug}/attendance").status_code == 401
    assert client.get(f"/api/v1/events/{event.slug}/attendance",
                      headers={"Authorization": f"Bearer {other_token}"}).status_code == 403
    counts = client.get(f"/api/v1/events/{event.slug}/attendance",
                        headers={"Authorization": f"Bearer {door_token(event)}"}).get_json()
    assert counts["admitted"] == 0                      # nothing got in through any of that


def test_a_staff_session_is_a_door_but_a_judge_is_not(make_event, make_rsvp, login_as, client, ticket_url):
    event = make_event()
    family = make_rsvp(event, adults=3)
    login_as(Role.JUDGE)
    assert client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": ticket_url(family)}).status_code == 401
    staff = login_as(Role.STAFF)
    body = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": ticket_url(family)}).get_json()
    assert body["result"] == "admitted" and body["last_door"] == staff.name


def test_search_by_name_and_phone_and_admit_from_search(make_event, make_rsvp, door_token, client):
    event = make_event()
    make_rsvp(event, contact_name="박서준", phone="010-1111-2345", adults=2)
    make_rsvp(event, contact_name="이서연", phone="010-2222-9876")
    token = door_token(event)
    headers = {"Authorization": f"Bearer {token}"}
    by_name = client.get(f"/api/v1/events/{event.slug}/households?q=서준", headers=headers).get_json()
    assert [h["household"] for h in by_name["households"]] == ["박서준"]
    by_phone = client.get(f"/api/v1/events/{event.slug}/households?q=9876", headers=headers).get_json()
    assert [h["household"] for h in by_phone["households"]] == ["이서연"]
    weird = client.get(f"/api/v1/events/{event.slug}/households?q=%25_'", headers=headers)
    assert weird.status_code == 200 and weird.get_json()["households"] == []
    nul = client.get(f"/api/v1/events/{event.slug}/households?q=%25_%00'", headers=headers)
    assert nul.status_code == 400 and nul.get_json()["error"] == "bad_input"  # refused at the input edge
    household_id = by_name["households"][0]["household_id"]
    admitted = client.post(f"/api/v1/events/{event.slug}/checkins", json={"household_id": household_id},
                           headers=headers).get_json()
    assert admitted["result"] == "admitted" and admitted["admitted_total"] == 2


def test_walk_ins_while_seats_remain_then_refused_when_full(make_event, make_rsvp, door_token, client):
    event = make_event(capacity=4)
    make_rsvp(event, adults=2)
    headers = {"Authorization": f"Bearer {door_token(event)}"}
    url = f"/api/v1/events/{event.slug}/walk-ins"
    walk_in = client.post(url, json={"name": "최민수", "phone": "010-5555-1212", "adults": 1, "children": 1},
                          headers=headers)
    assert walk_in.status_code == 201
    assert walk_in.get_json()["result"] == "admitted" and walk_in.get_json()["admitted_total"] == 2
    full = client.post(url, json={"name": "정우성", "phone": "010-5555-3434", "adults": 1}, headers=headers)
    assert full.status_code == 409 and full.get_json()["error"] == "no_seats_left"
    bad = client.post(url, json={"name": "", "phone": "12", "adults": 1}, headers=headers)
    assert bad.status_code == 422 and set(bad.get_json()["fields"]) >= {"name", "phone"}
    counts = client.get(f"/api/v1/events/{event.slug}/attendance", headers=headers).get_json()
    assert (counts["walk_ins"], counts["admitted"], counts["seats_confirmed"]) == (2, 2, 4)
    assert counts["expected_remaining"] == 2


def test_waitlisted_family_who_came_anyway_is_seated_when_seats_are_free(
        app, make_event, make_rsvp, door_token, client, ticket_url):
    from datetime import timedelta

    from showcase.checkin.no_shows import release_no_shows
    from showcase.database import utcnow

    event = make_event(capacity=2, starts_at=utcnow() - timedelta(minutes=20))
    no_show = make_rsvp(event, adults=2, source="organizer")
    waiting = make_rsvp(event, adults=2, source="organizer")
    headers = {"Authorization": f"Bearer {door_token(event)}"}
    url = f"/api/v1/events/{event.slug}/checkins"
    refused = client.post(url, json={"household_id": waiting.id, "seat_if_free": True}, headers=headers)
    assert refused.status_code == 409
    released = release_no_shows(event)
    assert [r.id for r in released] == [no_show.id]
    seated = client.post(url, json={"household_id": waiting.id, "seat_if_free": True}, headers=headers).get_json()
    assert seated["result"] == "admitted" and seated["status"] == "confirmed"
    late = client.post(url, json={"code": ticket_url(no_show)}, headers=headers).get_json()
    assert late["result"] == "cancelled" and late["released_at"] and late["seats_free"] == 0


def test_openapi_documents_the_door_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/events/{slug}/checkins" in paths and "/events/{slug}/attendance" in paths
