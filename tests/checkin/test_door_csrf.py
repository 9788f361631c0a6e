"""A signed-in staff session is a door only with the page's CSRF token (the API is form-CSRF exempt)."""

from __future__ import annotations

import re

import pytest

from showcase.auth.models import Role


@pytest.fixture
def app_config() -> dict:
    return {"WTF_CSRF_ENABLED": True}


def test_session_writes_need_the_csrf_token_but_device_tokens_do_not(make_event, make_rsvp, login_as, client,
                                                                    door_token, ticket_url):
    event = make_event(slug="csrf-door")
    family = make_rsvp(event, adults=2)
    login_as(Role.STAFF)
    url = "/api/v1/events/csrf-door/checkins"
    forged = client.post(url, json={"code": ticket_url(family)})
    assert forged.status_code == 400 and forged.get_json()["error"] == "csrf"
    assert client.get("/api/v1/events/csrf-door/attendance").get_json()["admitted"] == 0
    page = client.get("/door/csrf-door").get_data(as_text=True)
    csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    ok = client.post(url, json={"code": ticket_url(family), "admit": 1}, headers={"X-CSRFToken": csrf})
    assert ok.get_json()["result"] == "partially_admitted"
    device = client.post(url, json={"code": ticket_url(family)},
                         headers={"Authorization": f"Bearer {door_token(event)}"})
    assert device.get_json()["result"] == "admitted"
