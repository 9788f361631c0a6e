"""Bad input refused once, at the edges: never a 500, nothing stored, nothing personal logged.

Runs on SQLite and on PostgreSQL (SHOWCASE_TEST_DATABASE_URL): PostgreSQL refuses a NUL byte in
text and integers above 2**31, so a value that slipped past the edges would fail there.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from showcase.checkin.doors import issue_door_token
from showcase.error_pages import log_unexpected
from showcase.events.models import Rsvp
from showcase.extensions import db

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def _count() -> int:
    return db.session.scalar(select(func.count(Rsvp.id)))


def _form(**overrides) -> dict:
    data = {"contact_name": "김하늘", "phone": "010-1234-5678", "email": "", "adults": "2",
            "children": "1", "infants": "0", "community_id": "", "accessibility_needs": "",
            "photo_consent": "y"}
    return data | overrides


def _payload(**overrides) -> dict:
    body = {"name": "Kim Haneul", "phone": "010-1234-5678", "email": "kim@example.com", "adults": 2,
            "children": 1, "infants": 0, "community_id": None, "locale": "en"}
    return body | overrides


@pytest.mark.parametrize("field, value", [
    ("contact_name", "김\x00하늘"), ("email", "kim\x00@example.com"), ("phone", "010\x00-1234-5678"),
    ("accessibility_needs", "휠체어\x1b[31m"), ("contact_name", "Kim\x7fHaneul"), ("community_id", "1\x00")])
def test_rsvp_form_refuses_nul_and_control_characters(client, make_event, field, value):
    event = make_event()
    response = client.post(f"/events/{event.slug}", data=_form(**{field: value}), headers=KO)
    assert response.status_code == 400
    assert "제어 문자" in response.get_data(as_text=True)
    assert _count() == 0


def test_rsvp_form_keeps_newlines_and_tabs_in_free_text(client, make_event):
    event = make_event()
    response = client.post(f"/events/{event.slug}", data=_form(accessibility_needs="휠체어\r\n\t유모차"), headers=KO)
    assert response.status_code == 302
    assert _count() == 1


@pytest.mark.parametrize("community_id", [str(2**40), str(2**63 + 5), str(-(2**40)), "9" * 40])
def test_rsvp_form_refuses_ids_beyond_a_column(client, make_event, community_id):
    event = make_event(communities=2)
    response = client.post(f"/events/{event.slug}", data=_form(community_id=community_id), headers=EN)
    assert response.status_code == 422
    assert "smaller number" in response.get_data(as_text=True)
    assert _count() == 0


@pytest.mark.parametrize("changes", [
    {"name": "Kim\x00"}, {"email": "kim@exa\x00mple.com"}, {"phone": "010\x00"}, {"locale": "en\x00"},
    {"community_id": 2**40}, {"community_id": 2**64}, {"adults": -(2**63) - 1}, {"name": {"x\x00": 1}},
])
def test_rsvp_api_refuses_nul_and_integers_beyond_a_column(client, make_event, changes):
    event = make_event()
    response = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload(**changes), headers=EN)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "bad_input" and "control characters" in body["message"]
    assert _count() == 0


@pytest.mark.parametrize("raw", ['{"name": "\\ud800"}', '{"name": "Kim \\udfff Haneul"}', '{"\\ud83d": 1}'])
def test_lone_surrogates_in_json_are_refused(client, make_event, raw):
    event = make_event()
    response = client.post(f"/api/v1/events/{event.slug}/rsvps", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_input"
    assert _count() == 0


def test_a_proper_surrogate_pair_is_an_emoji_and_welcome(client, make_event):
    event = make_event()
    raw = '{"name": "Kim \\ud83d\\ude00", "phone": "010-1234-5678", "adults": 1, "locale": "en"}'
    response = client.post(f"/api/v1/events/{event.slug}/rsvps", data=raw, content_type="application/json")
    assert response.status_code == 201
    assert db.session.scalar(select(Rsvp.contact_name)) == "Kim 😀"


def test_door_api_refuses_nul_in_a_search_and_in_a_code(app, client, make_event):
    event = make_event()
    token = issue_door_token(event, "Door 1")[1]
    headers = {"Authorization": f"Bearer {token}"}
    search = client.get(f"/api/v1/events/{event.slug}/households?q=%00kim", headers=headers)
    assert search.status_code == 400 and search.get_json()["error"] == "bad_input"
    scan = client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": "abc\x00"}, headers=headers)
    assert scan.status_code == 400


@pytest.mark.parametrize("admission_id", ["3000000000", str(2**63 + 1), "99999999999999999999999"])
def test_ids_in_urls_beyond_a_column_are_404(client, make_event, admission_id):
    event = make_event()
    token = issue_door_token(event, "Door 1")[1]
    response = client.post(f"/api/v1/events/{event.slug}/checkins/{admission_id}/undo",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("path", ["/events/%00", "/events/a%01b", "/t/%00abc", "/api/v1/events/%00",
                                  "/team/abc%00def"])
def test_control_characters_in_url_parts_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("target", ["/manage/console\r\nSet-Cookie: x=1", "/\r\n/evil.example", "/%0d%0aX: y",
                                    "/\\evil.example", "/ok\x00"])
def test_login_next_with_crlf_or_backslash_goes_home(app, client, make_user, target):
    user = make_user(email="organizer-next@example.com")
    user.set_password("correct horse battery")
    db.session.commit()
    response = client.post("/login", query_string={"next": target},
                           data={"email": "organizer-next@example.com", "password": "correct horse battery"})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        location = response.headers["Location"]
        assert "\r" not in location and "\n" not in location and "evil" not in location
        assert "Set-Cookie" not in location


def test_the_error_log_names_the_route_never_its_token_or_body(app, caplog):
    token = "SECRET-team-token-abcdefghijklmnop"
    with app.test_request_context(f"/team/{token}/video?title=Kim%20Haneul", method="POST",
                                  data=b'{"email": "kim@example.com"}'):
        try:
            raise ValueError(f"duplicate key (email)=(kim@example.com) for {token}")
        except ValueError as error:
            with caplog.at_level(logging.ERROR):
                log_unexpected(app, error)
    text = caplog.text
    assert "/team/<token>/video" in text and "ValueError" in text
    assert token not in text and "kim@example.com" not in text and "Kim" not in text


def test_database_errors_never_quote_the_values(app):
    assert app.extensions["sqlalchemy"].engine.hide_parameters is True
