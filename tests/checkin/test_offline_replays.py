"""Admissions made by a door that was offline, replayed through the door API with client_id and
scanned_at: applied exactly once and answered the same, never more people than the party, the
later of two doors' admissions of one household marked ``conflict``. Also the door list a device
keeps, "admit fewer" as one operation, and a walk-in with a name only.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL when configured).
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role, User
from showcase.checkin.conflicts import mark_conflict_checked
from showcase.checkin.models import Admission
from showcase.database import utcnow
from showcase.events.models import Rsvp
from showcase.events.needs import Needs
from showcase.extensions import db
from tests.live_server import request_json, serve


def _offline(code: str, admit: int, minutes_ago: int = 10, client_id: str | None = None) -> dict:
    return {"code": code, "admit": admit, "client_id": client_id or str(uuid.uuid4()),
            "scanned_at": (utcnow() - timedelta(minutes=minutes_ago)).isoformat()}


def _rows(rsvp_id: int) -> list[Admission]:
    db.session.rollback()
    return list(db.session.scalars(select(Admission).where(Admission.rsvp_id == rsvp_id).order_by(Admission.id)))


def test_the_same_client_id_twice_is_one_admission_and_the_same_answer(make_event, make_rsvp, door_token, scan,
                                                                        ticket_url):
    event = make_event(slug="replay")
    family = make_rsvp(event, adults=2, children=1)
    token = door_token(event)
    body = _offline(ticket_url(family), 3, minutes_ago=25)
    first = scan(event, token, **body)
    again = scan(event, token, **body)
    assert first.status_code == again.status_code == 200
    assert first.get_json() == again.get_json()
    assert first.get_json()["result"] == "admitted" and first.get_json()["conflict"] is False
    rows = _rows(family.id)
    assert [(r.people, r.client_id, r.conflict) for r in rows] == [(3, body["client_id"], False)]
    assert abs((rows[0].created_at - (utcnow() - timedelta(minutes=25))).total_seconds()) < 30   # when it happened
    assert rows[0].recorded_at > rows[0].created_at


def test_two_offline_doors_admitting_one_household_count_it_once_and_flag_the_later(
        client, make_event, make_rsvp, door_token, scan, ticket_url, login_as):
    event = make_event(slug="two-doors", capacity=20)
    whole = make_rsvp(event, contact_name="김두문", adults=2, children=2)
    split = make_rsvp(event, contact_name="박나눔", adults=2, children=2)
    shared = make_rsvp(event, contact_name="이함께", adults=2, children=2)
    door1, door2 = door_token(event, "Door 1"), door_token(event, "Door 2")

    assert scan(event, door1, **_offline(ticket_url(whole), 4, 20)).get_json()["result"] == "admitted"
    later = scan(event, door2, **_offline(ticket_url(whole), 4, 15)).get_json()
    assert (later["result"], later["conflict"], later["admitted_total"]) == ("already_admitted", True, 4)

    assert scan(event, door1, **_offline(ticket_url(split), 2, 20)).get_json()["result"] == "partially_admitted"
    over = scan(event, door2, **_offline(ticket_url(split), 4, 15)).get_json()
    assert (over["result"], over["conflict"], over["admitted_now"], over["admitted_total"]) == \
        ("admitted", True, 2, 4)

    first_half = scan(event, door1, **_offline(ticket_url(shared), 2, 20)).get_json()
    second_half = scan(event, door2, **_offline(ticket_url(shared), 2, 15)).get_json()
    assert (first_half["conflict"], second_half["conflict"], second_half["result"]) == (False, False, "admitted")

    assert [(r.people, r.conflict, r.people_claimed) for r in _rows(split.id)] == [(2, False, None), (2, True, 4)]
    assert [(r.people, r.conflict, r.people_claimed) for r in _rows(whole.id)] == [(4, False, None), (0, True, 4)]
    counts = client.get("/api/v1/events/two-doors/attendance", headers={"Authorization": f"Bearer {door1}"}).get_json()
    assert counts["admitted"] == 12 and counts["expected_remaining"] == 0

    copy = client.get("/api/v1/events/two-doors/door-list?part=admitted",
                      headers={"Authorization": f"Bearer {door1}"}).get_json()
    assert sorted((c["household"], c["claimed"], c["counted"], c["door"]) for c in copy["conflicts"]) == \
        [("김두문", 4, 0, "입구 2"), ("박나눔", 4, 2, "입구 2")]
    organizer = login_as("organizer")
    page = client.get("/manage/events/two-doors/arrivals").get_data(as_text=True)
    assert page.count('class="conflict-row"') == 2 and "김두문" in page and "박나눔" in page

    # the organizer checks one with the family: it leaves the page and every door's list, and is audited
    checked = _rows(whole.id)[1]
    response = client.post(f"/manage/events/two-doors/conflicts/{checked.id}/checked?lang=en", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Marked as checked with the family." in page and page.count('class="conflict-row"') == 1
    assert "김두문" not in page and "박나눔" in page
    copy = client.get("/api/v1/events/two-doors/door-list?part=admitted",
                      headers={"Authorization": f"Bearer {door1}"}).get_json()
    assert [c["household"] for c in copy["conflicts"]] == ["박나눔"]
    row = _rows(whole.id)[1]
    assert row.conflict_checked_by_id == organizer.id and row.conflict_checked_at is not None
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "door_conflict_checked")).all()
    assert entry.actor_id == organizer.id and entry.details["admission_id"] == checked.id
    client.post(f"/manage/events/two-doors/conflicts/{checked.id}/checked")  # twice: still one entry
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "door_conflict_checked")) == 1
    # an admission that is no conflict, or of another event, cannot be marked
    plain = _rows(shared.id)[0]
    refused = client.post(f"/manage/events/two-doors/conflicts/{plain.id}/checked?lang=ko")
    assert refused.status_code == 404 and "확인할" in refused.get_data(as_text=True)


def test_online_requests_with_a_client_id_keep_their_rules(make_event, make_rsvp, door_token, scan, ticket_url):
    event = make_event(slug="online-key")
    family = make_rsvp(event, adults=2)
    token = door_token(event)
    key = str(uuid.uuid4())
    too_many = scan(event, token, ticket_url(family), admit=3, client_id=key)
    assert too_many.status_code == 422                                  # online: the door is told, nothing stored
    assert scan(event, token, ticket_url(family), client_id=key).get_json()["result"] == "admitted"
    assert scan(event, token, ticket_url(family), client_id=key).get_json()["result"] == "admitted"   # replayed
    assert scan(event, token, ticket_url(family), client_id=str(uuid.uuid4())).get_json()["result"] == \
        "already_admitted"
    assert [r.people for r in _rows(family.id)] == [2]


def test_a_nul_in_scanned_at_is_refused_at_the_edge_and_nothing_stored(make_event, make_rsvp, door_token, scan,
                                                                        ticket_url):
    event = make_event(slug="nul-key")
    family = make_rsvp(event, adults=1)
    response = scan(event, door_token(event), ticket_url(family), client_id=str(uuid.uuid4()),
                    scanned_at="2026-12-01T10:00:00\x00")
    assert response.status_code == 400 and response.get_json()["error"] == "bad_input"
    assert _rows(family.id) == []


@pytest.mark.parametrize("extra, field", [
    ({"client_id": "not-a-uuid"}, "client_id"),
    ({"client_id": 12}, "client_id"),
    ({"scanned_at": "2026-01-01T10:00:00Z"}, "client_id"),
    ({"client_id": str(uuid.uuid4()), "scanned_at": "yesterday"}, "scanned_at"),
    ({"client_id": str(uuid.uuid4()), "scanned_at": "2020-01-01T10:00:00+09:00"}, "scanned_at"),
])
def test_a_malformed_client_id_or_scanned_at_is_refused_and_nothing_stored(
        make_event, make_rsvp, door_token, scan, ticket_url, extra, field):
    event = make_event(slug="bad-keys")
    family = make_rsvp(event, adults=1)
    response = scan(event, door_token(event), ticket_url(family), **extra)
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert _rows(family.id) == []


def test_a_forged_code_replayed_is_not_found_and_a_future_scan_time_is_taken_as_now(
        make_event, make_rsvp, door_token, scan, ticket_url):
    event = make_event(slug="forged")
    family = make_rsvp(event, adults=1)
    token = door_token(event)
    forged = ticket_url(family)[:-6] + "AAAAAA"
    assert scan(event, token, **_offline(forged, 1)).get_json()["result"] == "not_found"
    body = _offline(ticket_url(family), 1)
    body["scanned_at"] = (utcnow() + timedelta(hours=3)).isoformat()    # a phone whose clock runs fast
    assert scan(event, token, **body).get_json()["result"] == "admitted"
    row, = _rows(family.id)
    assert row.created_at <= row.recorded_at


def test_admit_fewer_is_one_operation(client, make_event, make_rsvp, door_token, scan, ticket_url):
    event = make_event(slug="fewer")
    family = make_rsvp(event, adults=2, children=2)
    token = door_token(event)
    admitted = scan(event, token, ticket_url(family)).get_json()
    headers = {"Authorization": f"Bearer {token}"}
    fewer = client.post(f"/api/v1/events/fewer/checkins/{admitted['admission_id']}/fewer", json={"admit": 3},
                        headers=headers)
    assert fewer.status_code == 200
    body = fewer.get_json()
    assert (body["result"], body["admitted_now"], body["admitted_total"], body["remaining"]) == \
        ("partially_admitted", 3, 3, 1)
    rows = _rows(family.id)
    assert [(r.people, r.undone_at is not None) for r in rows] == [(4, True), (3, False)]
    assert rows[1].created_at == rows[0].created_at                    # they came in when they came in
    refused = client.post(f"/api/v1/events/fewer/checkins/{body['admission_id']}/fewer", json={"admit": 3},
                          headers=headers)
    assert refused.status_code == 422 and len(_rows(family.id)) == 2
    other = door_token(event, "Door 9")
    assert client.post(f"/api/v1/events/fewer/checkins/{body['admission_id']}/fewer", json={"admit": 1},
                       headers={"Authorization": f"Bearer {other}"}).status_code == 409


def test_a_walk_in_with_a_name_only_replayed_is_registered_once(client, make_event, door_token):
    event = make_event(slug="walk-in-name", capacity=10)
    token = door_token(event)
    body = {"name": "이름만", "adults": 1, "children": 1, "client_id": str(uuid.uuid4()),
            "scanned_at": (utcnow() - timedelta(minutes=5)).isoformat()}
    first = client.post("/api/v1/events/walk-in-name/walk-ins", json=body, headers={"Authorization": f"Bearer {token}"})
    again = client.post("/api/v1/events/walk-in-name/walk-ins", json=body, headers={"Authorization": f"Bearer {token}"})
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    db.session.rollback()
    rsvps = list(db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id)))
    assert [(r.contact_name, r.phone, r.email, r.source) for r in rsvps] == [("이름만", "", "", "door")]
    assert db.session.scalar(select(func.sum(Admission.people)).where(Admission.event_id == event.id)) == 2


def test_the_door_list_holds_only_what_the_door_needs(client, make_event, make_rsvp, door_token, login_as, scan,
                                                     ticket_url):
    from showcase.events import rsvp_changes, rsvp_tokens
    from showcase.tokens import token_hash

    event = make_event(slug="copy", capacity=10, offered_needs="stroller,allergy")
    family = make_rsvp(event, contact_name="김명단", adults=2, children=1, phone="010-1234-5678",
                       email="kim@example.com", needs=Needs(stroller=True, allergy="땅콩"))
    gone = make_rsvp(event, contact_name="최취소", adults=1)
    rsvp_changes.cancel_rsvp(gone.id)
    token = door_token(event)
    copy = client.get("/api/v1/events/copy/door-list", headers={"Authorization": f"Bearer {token}"}).get_json()
    by_id = {h["id"]: h for h in copy["households"]}
    assert by_id[family.id] == {"key": token_hash(rsvp_tokens.ticket_token(family)), "id": family.id,
                                "status": "confirmed", "code": by_id[family.id]["code"], "name": "김명단",
                                "phone4": "5678", "adults": 2, "children": 1, "infants": 0, "party_size": 3,
                                "needs": ["유모차"], "photo_consent": False}
    assert by_id[gone.id] == {"key": by_id[gone.id]["key"], "id": gone.id, "status": "cancelled"}
    assert "kim@example.com" not in json.dumps(copy) and "땅콩" not in json.dumps(copy) and "csrf" not in copy
    assert copy["ticket_prefix"].endswith("/t/") and copy["keep_until"] and copy["seats_left"] == 7
    # the door reads how many are still outside, confirmed households only; it does not work it out
    assert copy["remaining"] == {str(family.id): 3}
    assert scan(event, token, code=ticket_url(family), admit=2).get_json()["remaining"] == 1
    part = client.get("/api/v1/events/copy/door-list?part=admitted", headers={"Authorization": f"Bearer {token}"})
    assert part.get_json()["remaining"] == {str(family.id): 1}
    login_as("staff")
    assert "csrf" in client.get("/api/v1/events/copy/door-list").get_json()      # a cached page gets a fresh token
    assert client.get("/api/v1/events/copy/door-list").headers["Cache-Control"] == "no-store"


# ---- four doors replaying their queues at once, over real HTTP --------------------------------------

@pytest.mark.slow
def test_four_doors_replaying_their_queues_at_once_apply_each_admission_once(
        app, make_event, make_rsvp, door_token, ticket_url):
    doors = 4
    event = make_event(capacity=400, slug="four-replays")
    everywhere = [make_rsvp(event, adults=2, children=n % 3) for n in range(5)]      # let in at every door
    halves = [make_rsvp(event, adults=2, children=2) for _ in range(8)]              # 2 at one door, 2 at another
    one_item = [make_rsvp(event, adults=1 + n % 3) for n in range(6)]                # one queued item, sent by all 4
    own = [make_rsvp(event, adults=1, children=n % 2) for n in range(24)]            # each at one door only
    tokens = [door_token(event, f"Door {n + 1}") for n in range(doors)]
    with serve(app) as base_url:
        queues: list[list[dict]] = [[] for _ in range(doors)]
        for n, rsvp in enumerate(everywhere):
            for d in range(doors):
                queues[d].append(_offline(ticket_url(rsvp), rsvp.party_size, 30 - d - n))
        for n, rsvp in enumerate(halves):
            queues[n % doors].append(_offline(ticket_url(rsvp), 2, 29))
            queues[(n + 1) % doors].append(_offline(ticket_url(rsvp), 2, 20))
        shared_items = [_offline(ticket_url(rsvp), rsvp.party_size, 18) for rsvp in one_item]
        for d in range(doors):
            queues[d].extend(shared_items)
        for n, rsvp in enumerate(own):
            queues[n % doors].append(_offline(ticket_url(rsvp), rsvp.party_size, 15))
        answers: dict[str, list[tuple[int, dict]]] = {}
        lock = threading.Lock()
        start = threading.Barrier(doors * 2)

        def replay(d: int, reverse: bool) -> None:                # each door's queue, sent twice at once
            start.wait()
            for item in (reversed(queues[d]) if reverse else queues[d]):
                status, answer = request_json(base_url, "POST", "/api/v1/events/four-replays/checkins", item, tokens[d])
                with lock:
                    answers.setdefault(item["client_id"], []).append((status, answer))

        threads = [threading.Thread(target=replay, args=(d, r)) for d in range(doors) for r in (False, True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)

    sent = {item["client_id"] for queue in queues for item in queue}
    assert set(answers) == sent, "every queued admission got an answer"
    for client_id, replies in answers.items():
        assert {status for status, _ in replies} == {200}
        assert all(answer == replies[0][1] for _, answer in replies), f"{client_id} answered differently"
    db.session.rollback()
    per_key = dict(db.session.execute(select(Admission.client_id, func.count()).where(
        Admission.event_id == event.id).group_by(Admission.client_id)).all())
    assert set(per_key) == sent and set(per_key.values()) == {1}, "each client_id stored exactly once"
    counted = dict(db.session.execute(select(Admission.rsvp_id, func.sum(Admission.people)).where(
        Admission.event_id == event.id, Admission.undone_at.is_(None)).group_by(Admission.rsvp_id)).all())
    households = everywhere + halves + one_item + own
    assert {r.id: counted[r.id] for r in households} == {r.id: r.party_size for r in households}
    conflicts = dict(db.session.execute(select(Admission.rsvp_id, func.count()).where(
        Admission.event_id == event.id, Admission.conflict.is_(True)).group_by(Admission.rsvp_id)).all())
    assert conflicts == {r.id: doors - 1 for r in everywhere}, "the later doors' admissions are the conflicts"
    total = db.session.scalar(select(func.sum(Admission.people)).where(Admission.event_id == event.id))
    assert total == sum(r.party_size for r in households)


@pytest.mark.slow
def test_organizers_checking_one_conflict_at_once_record_one_check(app, make_event, make_rsvp, make_user, door_token,
                                                                   scan, ticket_url):
    event = make_event(slug="check-race", capacity=20)
    family = make_rsvp(event, adults=2)
    door1, door2 = door_token(event, "Door 1"), door_token(event, "Door 2")
    scan(event, door1, **_offline(ticket_url(family), 2, 20))
    assert scan(event, door2, **_offline(ticket_url(family), 2, 15)).get_json()["conflict"] is True
    conflict = _rows(family.id)[1]
    organizer_ids = [make_user(Role.ORGANIZER).id for _ in range(6)]
    start, errors = threading.Barrier(len(organizer_ids)), []

    def press(user_id: int) -> None:
        with app.app_context():
            try:
                start.wait()
                mark_conflict_checked(event.id, conflict.id, db.session.get(User, user_id))
            except Exception as error:  # noqa: BLE001 - any failure is the test's answer
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press, args=(user_id,)) for user_id in organizer_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    db.session.rollback()
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "door_conflict_checked")).all()
    assert _rows(family.id)[1].conflict_checked_by_id == entry.actor_id
