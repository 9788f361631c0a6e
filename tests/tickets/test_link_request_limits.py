"""Link requests are rate-limited per client, one budget across the page form and the API."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


@pytest.fixture
def app_config() -> dict:
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_LINK_REQUESTS": "3 per minute"}


def test_link_requests_are_rate_limited_per_client_across_page_and_api(app, client, make_event):
    event = make_event()
    api = f"/api/v1/events/{event.slug}/link-requests"
    assert client.post(api, json={"phone": "010-1234-5678"}).status_code == 202
    assert client.post(f"/events/{event.slug}/links", data={"contact": "010-1234-5679"}).status_code == 200
    assert client.post(api, json={"phone": "010-1234-5670"}).status_code == 202
    limited = client.post(api, json={"phone": "010-1234-5671"}, headers=EN)
    assert limited.status_code == 429 and limited.is_json
