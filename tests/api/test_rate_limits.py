"""Public endpoints are rate-limited per client address."""

from __future__ import annotations

import pytest

from tests.api.test_rsvp_api import _payload


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_RSVP": "5 per minute"}


def test_rsvp_api_is_rate_limited_per_client(client, make_event):
    event = make_event(capacity=100)
    statuses = [client.post(f"/api/v1/events/{event.slug}/rsvps",
                            json=_payload(phone=f"010-3000-{i:04d}", email="")).status_code for i in range(7)]
    assert statuses[:5] == [201] * 5 and statuses[5:] == [429, 429]
    limited = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload(phone="010-3000-9999", email=""))
    assert limited.get_json()["error"] == "too_many_requests"
    other = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_payload(phone="010-3000-8888", email=""),
                        environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 201
