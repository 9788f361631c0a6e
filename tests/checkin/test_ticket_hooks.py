"""The door feeds the ticket: admissions show on the ticket page, released households are told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from showcase.checkin.models import NoShowRelease
from showcase.checkin.no_shows import release_no_shows
from showcase.database import utcnow
from showcase.events import rsvp_tokens
from showcase.extensions import db
from showcase.tickets.models import MessageKind, OutboundMessage


def test_ticket_page_shows_how_many_of_the_party_are_inside(client, make_event, make_rsvp, door_token, scan, ticket_url):
    event = make_event()
    family = make_rsvp(event, adults=2, children=2)
    token = door_token(event)
    page = client.get(f"/t/{rsvp_tokens.ticket_token(family)}?lang=en").get_data(as_text=True)
    assert "Admitted" not in page
    assert scan(event, token, ticket_url(family), admit=3).get_json()["result"] == "partially_admitted"
    page = client.get(f"/t/{rsvp_tokens.ticket_token(family)}?lang=en").get_data(as_text=True)
    assert "Admitted 3 of 4" in page
    scan(event, token, ticket_url(family))
    page = client.get(f"/t/{rsvp_tokens.ticket_token(family)}?lang=ko").get_data(as_text=True)
    assert "4" in page and "welcome" not in page


def test_a_household_whose_seats_are_released_is_mailed_and_marked_told(app, make_event, make_rsvp):
    event = make_event(starts_at=utcnow() - timedelta(minutes=30))
    absent = make_rsvp(event, adults=2, email="late@example.com", source="organizer")
    release_no_shows(event)
    kinds = db.session.execute(select(OutboundMessage.kind, OutboundMessage.channel)
                               .where(OutboundMessage.rsvp_id == absent.id)).all()
    assert {(MessageKind.RELEASED, "email"), (MessageKind.RELEASED, "text")} <= set(kinds)  # mail and phone
    release = db.session.scalar(select(NoShowRelease).where(NoShowRelease.rsvp_id == absent.id))
    assert release.notified_at is not None
