"""Bad input at the door: nothing admits anyone, each gets its verdict or a 4xx, never a 500."""

from __future__ import annotations

import random
import string

import pytest
from sqlalchemy import func, select

from showcase.checkin.models import Admission
from showcase.events import rsvp_tokens
from showcase.extensions import db
from showcase.input_edges import unsafe_text


def _admitted() -> int:
    return db.session.scalar(select(func.count(Admission.id)))


@pytest.fixture
def door(app, make_event, make_rsvp, door_token, ticket_url):
    """An event with one family, its door token, and another event's family."""
    event = make_event(capacity=10)
    other = make_event(capacity=10)
    family = make_rsvp(event, adults=2, children=1)
    stranger = make_rsvp(other, adults=1)
    return {"event": event, "token": door_token(event), "family": family, "url": ticket_url(family),
            "other_url": ticket_url(stranger)}


def test_named_bad_codes_get_their_verdicts(door, scan, client):
    event, token, url = door["event"], door["token"], door["url"]
    bare = url.rsplit("/", 1)[1]
    cases = {
        "": "not_found", "   ": "not_found", "hello": "not_found", "x" * 5000: "not_found",
        url[:-1]: "not_found",                               # truncated
        url[:-5] + "AAAAA": "not_found",                     # mangled
        url + "/qr.png": "not_found",                        # a URL with extra path
        url + "?utm=1": "not_found",
        url.replace("/t/", "/t//"): "not_found",
        "ftp://" + url.split("://", 1)[1]: "not_found",
        "http://evil.example/t/" + bare: "not_found",        # another host
        bare + bare: "not_found",
        "한글티켓코드입니다한글티켓코드입니다한글": "not_found",
        "'; DROP TABLE rsvps; --": "not_found",
        door["other_url"]: "wrong_event",
    }
    for code, expected in cases.items():
        response = scan(event, token, code)
        assert response.status_code == 200, (code, response.status_code)
        assert response.get_json()["result"] == expected, code
    # a NUL or a lone surrogate (an undecodable byte) is refused at the input edge, with a message
    for code in (bare[:-1] + "\u0000", bare[:-1] + "\udcff"):
        response = scan(event, token, code)
        assert response.status_code == 400 and response.get_json()["error"] == "bad_input", code
    assert _admitted() == 0

    for body in (b"\xff\xfe\x00garbage", b"{\"code\": \"\xff\xff\"}", b"[1, 2]", b"null", b"{"):
        response = client.post(f"/api/v1/events/{event.slug}/checkins", data=body,
                               headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        assert response.status_code == 400, body
        assert response.get_json()["error"] == "bad_json"
    for code in (None, 12345, ["x"], {"a": 1}, True):
        assert scan(event, token, code).status_code == 422
    for admit in (0, -1, "2", 2.5, True, 10**9):
        assert scan(event, token, url, admit=admit).status_code == 422, admit
    assert _admitted() == 0
    assert scan(event, token, url).get_json()["result"] == "admitted"   # the real one still works


def test_unknown_event_and_odd_paths_are_json_errors(door, client):
    headers = {"Authorization": f"Bearer {door['token']}"}
    assert client.post("/api/v1/events/nope/checkins", json={"code": door["url"]}, headers=headers).status_code == 404
    assert client.post(f"/api/v1/events/{door['event'].slug}/checkins/999999/undo", headers=headers).status_code == 404
    response = client.get(f"/api/v1/events/{door['event'].slug}/checkins", headers=headers)
    assert response.status_code == 405 and response.is_json
    for value in ("Bearer", "Bearer ", "Bearer \u00ff\u00fe", "bearer " + "a" * 5000, "Token abc"):
        assert client.post(f"/api/v1/events/{door['event'].slug}/checkins", json={"code": door["url"]},
                           headers={"Authorization": value}).status_code == 401
    assert _admitted() == 0


def _mutations(url: str, rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + "-_/:.?#%&=~ 한\u0000\u00e9"
    kind = rng.randrange(9)
    position = rng.randrange(len(url))
    if kind == 0:
        return url[:position]                                                  # truncated
    if kind == 1:
        replacement = rng.choice(alphabet)
        while replacement == url[position]:
            replacement = rng.choice(alphabet)
        return url[:position] + replacement + url[position + 1:]               # one character changed
    if kind == 2:
        return url[:position] + rng.choice(alphabet) + url[position:]          # one inserted
    if kind == 3:
        return url[:position] + url[position + 1:]                             # one dropped
    if kind == 4:
        return url + "/" + "".join(rng.choices(alphabet, k=rng.randrange(1, 12)))  # extra path
    if kind == 5:
        return "".join(rng.choices(alphabet, k=rng.randrange(0, 120)))         # random text
    if kind == 6:
        return url.rsplit("/", 1)[1][::-1]                                     # reversed token
    if kind == 7:
        token = url.rsplit("/", 1)[1]
        return token.swapcase() if token.swapcase() != token else token + "A"  # case flipped
    return url * rng.randrange(2, 40)                                          # repeated / oversized


@pytest.mark.slow
def test_ten_thousand_random_and_mutated_codes_admit_nobody(door, scan, ticket_url):
    rng = random.Random(20250620)
    event, token = door["event"], door["token"]
    seen = set()
    results: dict[str, int] = {}
    for _ in range(10_000):
        code = _mutations(rng.choice([door["url"], door["other_url"]]), rng)
        if code in (door["url"], door["url"].rsplit("/", 1)[1]):
            continue                                                           # a mutation back to the original
        seen.add(code)
        response = scan(event, token, code)
        if unsafe_text(code):  # control characters and lone surrogates stop at the input edge
            assert response.status_code == 400, (code, response.status_code)
            continue
        assert response.status_code in (200, 422), (code, response.status_code)
        result = response.get_json().get("result", "error")
        results[result] = results.get(result, 0) + 1
        assert result not in ("admitted", "partially_admitted", "already_admitted"), code
    assert len(seen) > 4000                                                    # many distinct shapes
    assert _admitted() == 0
    assert set(results) <= {"not_found", "wrong_event"}
    assert rsvp_tokens.find_by_ticket_token(door["url"].rsplit("/", 1)[1]) is not None
