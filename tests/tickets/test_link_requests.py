""""Lost your link?": the same answer for everyone, the links only to a registered contact, no storms."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from showcase.events import rsvp_changes, rsvp_tokens
from showcase.extensions import db
from showcase.tickets.links import LINKS_QUIET
from showcase.tickets.models import MessageKind, OutboundMessage
from tests.tickets.conftest import parse_mail
from tests.tickets.texting.conftest import sms_files

EN = {"Accept-Language": "en"}


def _links_messages() -> list[OutboundMessage]:
    return list(db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind == MessageKind.LINKS)
                                   .order_by(OutboundMessage.id)))


def test_the_api_answers_the_same_for_a_registered_and_an_unregistered_phone(app, client, seoul_event, make_rsvp):
    family = make_rsvp(seoul_event, contact_name="김하늘", phone="010-1234-5678", email="family@example.com")
    url = f"/api/v1/events/{seoul_event.slug}/link-requests"
    registered = client.post(url, json={"phone": "010 1234 5678"})
    unregistered = client.post(url, json={"phone": "010-9999-0000"})
    assert (registered.status_code, registered.get_json()) == (202, {"status": "accepted"})
    assert (unregistered.status_code, unregistered.get_data()) == (202, registered.get_data())
    [message] = _links_messages()
    assert (message.rsvp_id, message.channel, message.recipient) == (family.id, "text", "+821012345678")
    links = [t for t in sms_files(app) if t["kind"] == "links"]
    assert [t["to"] for t in links] == ["+821012345678"]        # only on the contact asked about
    assert f"http://showcase.test/rsvp/{rsvp_tokens.manage_token(family)}" in links[0]["text"]
    assert f"http://showcase.test/t/{rsvp_tokens.ticket_token(family)}" in links[0]["text"]


def test_an_email_request_is_answered_by_email(app, client, seoul_event, make_rsvp):
    family = make_rsvp(seoul_event, phone="010-1234-5678", email="family@example.com", locale="en")
    assert client.post(f"/api/v1/events/{seoul_event.slug}/link-requests",
                       json={"email": "Family@Example.com"}).status_code == 202
    [message] = _links_messages()
    assert (message.channel, message.recipient) == ("email", "family@example.com")
    [path] = [p for p in (Path(app.instance_path) / "outbox").glob("*-links.eml")]
    mail = parse_mail(path.read_bytes())
    assert mail["Subject"].endswith("Your links, as you asked")
    assert f"http://showcase.test/rsvp/{rsvp_tokens.manage_token(family)}" in mail.get_body(("plain",)).get_content()


def test_a_household_gets_its_links_at_most_once_per_quarter_hour(app, client, seoul_event, make_rsvp):
    make_rsvp(seoul_event, phone="010-1234-5678")              # its confirmation a moment ago does not count
    url = f"/api/v1/events/{seoul_event.slug}/link-requests"
    for _ in range(20):                                        # someone floods one number
        assert client.post(url, json={"phone": "01012345678"}).status_code == 202
    assert len(_links_messages()) == 1
    [message] = _links_messages()
    message.created_at -= LINKS_QUIET + timedelta(seconds=1)
    db.session.commit()
    assert client.post(url, json={"phone": "01012345678"}).status_code == 202
    assert len(_links_messages()) == 2


def test_a_cancelled_household_and_another_event_get_nothing(app, client, make_event, make_rsvp):
    event, other = make_event(), make_event()
    cancelled = make_rsvp(event, phone="010-1234-5678")
    rsvp_changes.cancel_rsvp(cancelled.id)
    make_rsvp(other, phone="010-2222-3333")
    for phone in ("010-1234-5678", "010-2222-3333"):
        assert client.post(f"/api/v1/events/{event.slug}/link-requests", json={"phone": phone}).status_code == 202
    assert _links_messages() == []


@pytest.mark.parametrize("body, field", [
    ({}, "phone"), ({"phone": "010-abcd-5678"}, "phone"), ({"phone": ["010"]}, "phone"),
    ({"email": "not-an-address"}, "email"), ({"phone": "051-888-1234"}, "phone")])
def test_bad_input_is_a_422_in_the_readers_language_and_nothing_is_sent(app, client, make_event, body, field):
    event = make_event()
    response = client.post(f"/api/v1/events/{event.slug}/link-requests", json=body, headers=EN)
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert db.session.scalar(select(func.count()).select_from(OutboundMessage)) == 0
    assert client.post(f"/api/v1/events/{event.slug}/link-requests", data="x").status_code == 400
    assert client.post("/api/v1/events/no-such-event/link-requests", json={"phone": "010-1234-5678"}).status_code == 404


def test_the_page_form_answers_the_same_and_sends_only_to_the_registered_phone(app, client, seoul_event, make_rsvp):
    make_rsvp(seoul_event, phone="010-1234-5678")
    page = client.get(f"/events/{seoul_event.slug}", headers=EN).get_data(as_text=True)
    assert "Lost your link?" in page and f'action="/events/{seoul_event.slug}/links"' in page
    url = f"/events/{seoul_event.slug}/links"
    known = client.post(url, data={"contact": "010-1234-5678"}, headers=EN)
    unknown = client.post(url, data={"contact": "010-9999-0000"}, headers=EN)
    assert known.status_code == unknown.status_code == 200
    answer = "If this number or address has an RSVP for this event, its links are on their way to it now."
    assert answer in known.get_data(as_text=True) and answer in unknown.get_data(as_text=True)
    assert [m.recipient for m in _links_messages()] == ["+821012345678"]
    wrong = client.post(url, data={"contact": "010-abcd-5678"}, headers={"Accept-Language": "ko"})
    assert wrong.status_code == 422 and "010-1234-5678, 01012345678, +82 10-1234-5678" in wrong.get_data(as_text=True)
