"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1), and what happens when it is down."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from showcase.database import utcnow
from showcase.events import rsvp_tokens
from showcase.extensions import db
from showcase.tickets import delivery, outbox
from showcase.tickets.delivery import deliver_message
from showcase.tickets.models import MessageKind, MessageState, OutboundMessage
from tests.tickets.conftest import decode_png


@pytest.fixture
def app_config(smtp_port):
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port, "MAIL_FROM": "Showcase <tickets@showcase.test>"}


def _only_message(rsvp_id: int) -> OutboundMessage:
    [message] = db.session.scalars(select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp_id,
                                                                 OutboundMessage.channel == "email"))
    db.session.refresh(message)
    return message


def test_ticket_email_arrives_at_a_real_smtp_server_in_the_familys_language(
        app, smtp_server, seoul_event, make_rsvp):
    smtp_server.start()
    rsvp = make_rsvp(seoul_event, contact_name="Jane Park", email="jane@example.com", adults=2, locale="en")
    assert _only_message(rsvp.id).state == MessageState.SENT
    [mail] = smtp_server.messages
    assert mail["To"] == "jane@example.com" and mail["From"] == "Showcase <tickets@showcase.test>"
    assert mail["Subject"] == "[Raising Our Children Together] Your RSVP is confirmed: here is your ticket"
    assert mail["Content-Language"] == "en"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    ticket_url = f"http://showcase.test/t/{rsvp_tokens.ticket_token(rsvp)}"
    assert "Hello Jane Park," in text and "11:00 AM" in text and ticket_url in text
    assert "Admits 2 people" in html and f'href="{ticket_url}"' in html
    [qr] = [part for part in mail.walk() if part.get_content_type() == "image/png"]
    assert f'cid:{qr["Content-ID"].strip("<>")}' in html
    assert decode_png(qr.get_content()) == [ticket_url]
    [ics] = [part for part in mail.walk() if part.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "shared-parenting.ics"
    event = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2027, 6, 20, 11, 0)
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Seoul"


def test_korean_family_gets_korean_mail(app, smtp_server, seoul_event, make_rsvp):
    smtp_server.start()
    make_rsvp(seoul_event, contact_name="김하늘", email="haneul@example.com", locale="ko")
    [mail] = smtp_server.messages
    assert mail["Subject"] == "[함께 키우는 우리 아이] 참석이 확정되었어요: 입장권을 보내 드려요"
    text = mail.get_body(("plain",)).get_content()
    assert "김하늘 님, 안녕하세요." in text and "오전 11:00" in text and "부산광역시의회 2층 대회의실" in text


def test_broken_smtp_keeps_the_message_queued_then_a_retry_sends_it(app, smtp_server, seoul_event, make_rsvp):
    # Nobody listens on the port yet: the RSVP still succeeds and the message waits.
    rsvp = make_rsvp(seoul_event, email="family@example.com", locale="en")
    assert rsvp.status.value == "confirmed"
    message = _only_message(rsvp.id)
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert "Could not reach the mail server" in message.last_error
    assert "family@example.com" not in message.last_error
    assert message.next_attempt_at > utcnow() + timedelta(seconds=30)       # backoff: not at once

    # Too early: the retry does not jump the backoff.
    assert outbox.attempt_delivery(message.id) is None

    smtp_server.start()
    later = message.next_attempt_at + timedelta(seconds=1)
    attempt = outbox.attempt_delivery(message.id, now=later)
    assert attempt is not None and attempt.state == MessageState.SENT
    message = _only_message(rsvp.id)
    assert (message.state, message.attempts, message.last_error) == (MessageState.SENT, 2, "")
    assert len(smtp_server.messages) == 1
    # A duplicate job for the same message sends nothing more.
    deliver_message(message.id)
    assert len(smtp_server.messages) == 1


def test_after_the_last_attempt_the_message_is_failed_and_an_organizer_resends_it(
        app, smtp_server, seoul_event, make_rsvp, client, login_as):
    app.config["MESSAGE_RETRY_DELAYS"] = (60, 120)
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", email="family@example.com")
    message = _only_message(rsvp.id)
    for _ in range(2):
        outbox.attempt_delivery(message.id, now=message.next_attempt_at + timedelta(seconds=1))
        db.session.refresh(message)
    assert (message.state, message.attempts) == (MessageState.FAILED, 3)

    login_as("organizer")
    page = client.get(f"/manage/events/{seoul_event.slug}/messages?state=failed",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "김하늘" in page and "Failed" in page and "Could not reach the mail server" in page

    smtp_server.start()
    response = client.post(f"/manage/events/{seoul_event.slug}/messages/{message.id}/resend",
                           headers={"Accept-Language": "en"}, follow_redirects=True)
    assert response.status_code == 200
    assert "The message is sent." in response.get_data(as_text=True)
    [mail] = smtp_server.messages
    assert mail["Subject"] == "[함께 키우는 우리 아이] 입장권"
    kinds = [(m.kind, m.state) for m in db.session.scalars(
        select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp.id, OutboundMessage.channel == "email")
        .order_by(OutboundMessage.id))]
    assert kinds == [(MessageKind.CONFIRMED, MessageState.FAILED), (MessageKind.TICKET, MessageState.SENT)]


def test_sweep_picks_up_a_message_whose_job_was_lost(app, smtp_server, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="family@example.com")
    message = _only_message(rsvp.id)
    assert message.state == MessageState.QUEUED
    smtp_server.start()
    assert delivery.sweep(now=utcnow()) == 0                          # its retry is still ahead
    assert delivery.sweep(now=message.next_attempt_at + timedelta(minutes=5)) == 1
    # immediate jobs in tests: the sweep's job ran, but at real "now" the backoff has not passed
    assert _only_message(rsvp.id).state == MessageState.QUEUED
    assert outbox.attempt_delivery(message.id, now=message.next_attempt_at) is not None
    assert _only_message(rsvp.id).state == MessageState.SENT
