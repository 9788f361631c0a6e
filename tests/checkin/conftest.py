"""Fixtures for the door: an event with households, a door token, and a bearer client helper."""

from __future__ import annotations

import pytest

from showcase.checkin.doors import issue_door_token
from showcase.events import rsvp_tokens


@pytest.fixture
def door_token(app):
    """Issue a door token: door_token(event, "Door 1") -> token."""

    def issue(event, name: str = "Door 1") -> str:
        return issue_door_token(event, name)[1]

    return issue


@pytest.fixture
def scan(client):
    """POST a scan to the door API with a bearer token: scan(event, token, code, admit=None)."""

    def post(event, token: str | None, code, **extra):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.post(f"/api/v1/events/{event.slug}/checkins", json={"code": code, **extra},
                           headers=headers)

    return post


@pytest.fixture
def ticket_url():
    """The full URL a household's QR code encodes."""

    def url(rsvp) -> str:
        from showcase.urls import absolute_url

        return absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(rsvp))

    return url
