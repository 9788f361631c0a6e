"""A flood of ticket look-ups is turned away."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_TICKET": "5 per minute"}


def test_ticket_lookups_are_rate_limited_per_client(client):
    statuses = [client.get(f"/t/{'A' * 42}{i % 10}", environ_base={"REMOTE_ADDR": "10.9.0.1"}).status_code
                for i in range(7)]
    assert statuses == [404] * 5 + [429, 429]
    limited = client.get("/t/" + "B" * 43, headers={"Accept-Language": "en"},
                         environ_base={"REMOTE_ADDR": "10.9.0.1"})
    assert "Too many requests" in limited.get_data(as_text=True)
    assert client.get("/t/" + "B" * 43, environ_base={"REMOTE_ADDR": "10.9.0.2"}).status_code == 404
