"""Texts through Solapi's REST API, spoken to a real stand-in server: answers, failures, retries, reports."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from sqlalchemy import select

from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.households import Party
from showcase.extensions import db
from showcase.tickets import outbox
from showcase.tickets.models import MessageKind, MessageState, OutboundMessage
from showcase.tickets.texting.compose import fill, template_text
from showcase.tickets.texting.reports import poll_reports

from .conftest import solapi_config
from .solapi_standin import SolapiStandIn

WEBHOOK_SECRET = "webhook-secret-for-tests"
ALIMTALK = {"ko": {"confirmed": "KA01TP-CONFIRMED-KO", "links": "KA01TP-LINKS-KO"},
            "en": {"confirmed": "KA01TP-CONFIRMED-EN"}}


@pytest.fixture
def app_config(solapi: SolapiStandIn) -> dict:
    return solapi_config(solapi, TEXT_WEBHOOK_SECRET=WEBHOOK_SECRET)


def _text_of(rsvp_id: int) -> OutboundMessage:
    [message] = db.session.scalars(select(OutboundMessage).where(
        OutboundMessage.rsvp_id == rsvp_id, OutboundMessage.channel == "text"))
    db.session.refresh(message)
    return message


def test_a_confirmation_goes_to_solapi_signed_as_lms(app, solapi, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", phone="010-1234-5678")
    [request] = solapi.requests
    assert request["headers"]["Authorization"].startswith("HMAC-SHA256 apiKey=NCSTESTKEY0000001, date=")
    assert request["headers"]["Content-Type"].startswith("application/json")
    [sent] = solapi.sent
    assert (sent["to"], sent["from"], sent["type"]) == ("01012345678", "0518881234", "LMS")
    assert sent["subject"].startswith("[함께 키우는 우리 아이]")
    assert f"http://showcase.test/t/{rsvp_tokens.ticket_token(rsvp)}" in sent["text"]
    message = _text_of(rsvp.id)
    assert (message.state, message.medium, message.attempts) == (MessageState.SENT, "lms", 1)
    assert message.provider_message_id.startswith("M4V")


def test_alimtalk_sends_the_approved_template_with_its_variables(app, solapi, seoul_event, make_rsvp):
    app.config.update(KAKAO_CHANNEL_ID="KA01PF-SHOWCASE", ALIMTALK_TEMPLATES=ALIMTALK)
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", phone="010-1234-5678")
    [sent] = solapi.sent
    assert sent["type"] == "ATA"
    options = sent["kakaoOptions"]
    assert (options["pfId"], options["templateId"], options["disableSms"]) == (
        "KA01PF-SHOWCASE", "KA01TP-CONFIRMED-KO", False)   # Solapi falls back to SMS/LMS itself
    assert options["variables"]["#{name}"] == "김하늘"
    # the registered template, filled with the variables, is exactly the fallback text the phone shows
    assert fill(template_text(MessageKind.CONFIRMED, "ko"), options["variables"]) == sent["text"]
    assert _text_of(rsvp.id).medium == "alimtalk"
    rsvp_changes.change_party(rsvp.id, Party(adults=2))     # no approved template for "changed": LMS
    assert solapi.sent[-1]["type"] == "LMS" and "kakaoOptions" not in solapi.sent[-1]


def test_a_number_solapi_refuses_fails_at_once_and_shows_on_the_messages_page(
        app, solapi, client, login_as, seoul_event, make_rsvp):
    solapi.mode = "invalid_number"
    rsvp = make_rsvp(seoul_event, contact_name="Wrong Number", phone="010-1234-5678",
                     email="family@example.com", locale="en")
    message = _text_of(rsvp.id)
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)   # permanent: no retry
    assert "1062" in message.last_error
    login_as("organizer")
    page = client.get(f"/manage/events/{seoul_event.slug}/messages?state=failed",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Wrong Number" in page and "010-1234-5678" in page and "1062" in page
    page = client.get(f"/manage/events/{seoul_event.slug}/messages",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<tr data-medium="email"><td>Email</td><td class="num">1</td><td class="num">0</td>' in page
    assert '<tr data-medium="text"><td>Text message, not sent yet</td><td class="num">0</td><td class="num">1</td>' in page


def test_5xx_and_timeout_are_retried_then_sent_once(app, solapi, seoul_event, make_rsvp):
    solapi.mode = "server_error"
    rsvp = make_rsvp(seoul_event, phone="010-1234-5678")
    message = _text_of(rsvp.id)
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert "HTTP 503" in message.last_error and message.next_attempt_at is not None
    solapi.mode = "hang"                                        # no answer within TEXT_TIMEOUT_SECONDS
    attempt = outbox.attempt_delivery(message.id, now=message.next_attempt_at)
    assert attempt.state == MessageState.QUEUED
    message = _text_of(rsvp.id)
    assert "did not answer in time" in message.last_error and message.attempts == 2
    solapi.mode = "ok"
    solapi.release.set()
    # the last attempt (MESSAGE_RETRY_DELAYS has two delays: three attempts) goes through
    assert outbox.attempt_delivery(message.id, now=message.next_attempt_at).state == MessageState.SENT
    assert outbox.attempt_delivery(message.id, now=message.next_attempt_at) is None  # sent once
    assert len(solapi.sent) == 1


def test_the_last_failed_attempt_marks_the_text_failed(app, solapi, seoul_event, make_rsvp):
    solapi.mode = "server_error"
    rsvp = make_rsvp(seoul_event, phone="010-1234-5678")
    message = _text_of(rsvp.id)
    for _ in range(2):
        outbox.attempt_delivery(message.id, now=_text_of(rsvp.id).next_attempt_at)
    message = _text_of(rsvp.id)
    assert (message.state, message.attempts, message.next_attempt_at) == (MessageState.FAILED, 3, None)
    assert solapi.sent == []


def test_a_wrong_api_key_is_a_permanent_failure(app, solapi, seoul_event, make_rsvp):
    app.config["SOLAPI_API_SECRET"] = "not-the-secret"
    rsvp = make_rsvp(seoul_event, phone="010-1234-5678")
    message = _text_of(rsvp.id)
    assert (message.state, message.attempts) == (MessageState.FAILED, 1)
    assert "InvalidApiKey" in message.last_error and solapi.sent == []


def _signed(body: bytes, secret: str = WEBHOOK_SECRET) -> dict:
    return {"X-Signature": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
            "Content-Type": "application/json"}


def test_delivery_reports_by_webhook_are_checked_by_signature(app, solapi, client, seoul_event, make_rsvp):
    delivered = make_rsvp(seoul_event, phone="010-1234-5678")
    unreachable = make_rsvp(seoul_event, phone="010-2222-3333")
    ids = {rsvp.id: _text_of(rsvp.id).provider_message_id for rsvp in (delivered, unreachable)}
    body = json.dumps([
        {"eventDataId": "E1", "data": {"messageId": ids[delivered.id], "statusCode": "4000",
                                        "statusMessage": "수신 완료"}},
        {"eventDataId": "E2", "data": {"messageId": ids[unreachable.id], "statusCode": "3040",
                                        "statusMessage": "착신 번호 없음(결번)"}},
    ]).encode()
    forged = client.post("/webhooks/text-reports", data=body, headers=_signed(body, "guessed"))
    assert forged.status_code == 401 and forged.get_json()["error"] == "bad_signature"
    assert _text_of(delivered.id).delivered_at is None and _text_of(unreachable.id).state == MessageState.SENT

    response = client.post("/webhooks/text-reports", data=body, headers=_signed(body))
    assert response.status_code == 200 and response.get_json() == {"updated": 2}
    assert _text_of(delivered.id).delivered_at is not None
    failed = _text_of(unreachable.id)
    assert failed.state == MessageState.FAILED and "3040" in failed.last_error
    again = client.post("/webhooks/text-reports", data=body, headers=_signed(body))
    assert again.get_json() == {"updated": 0}                   # the same report twice changes nothing


def test_delivery_reports_by_polling(app, solapi, seoul_event, make_rsvp):
    delivered = make_rsvp(seoul_event, phone="010-1234-5678")
    unreachable = make_rsvp(seoul_event, phone="010-2222-3333")
    assert poll_reports() == 0                                  # both still on their way (2000)
    solapi.statuses[_text_of(delivered.id).provider_message_id] = "4000"
    solapi.statuses[_text_of(unreachable.id).provider_message_id] = "3040"
    assert poll_reports() == 2
    assert _text_of(delivered.id).delivered_at is not None
    assert _text_of(unreachable.id).state == MessageState.FAILED
    assert poll_reports() == 0


def test_one_job_for_email_and_text_and_a_transient_text_failure_keeps_the_email(
        app, solapi, seoul_event, make_rsvp):
    solapi.mode = "server_error"
    rsvp = make_rsvp(seoul_event, phone="010-1234-5678", email="family@example.com")
    states = {m.channel: (m.state, m.attempts) for m in db.session.scalars(
        select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp.id))}
    assert states == {"email": (MessageState.SENT, 1), "text": (MessageState.QUEUED, 1)}
    text = _text_of(rsvp.id)
    solapi.mode = "ok"
    assert outbox.attempt_delivery(text.id, now=text.next_attempt_at).state == MessageState.SENT
