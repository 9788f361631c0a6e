"""Without a provider every text is a .sms.json file in the outbox: to, channel, kind, text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.households import Party
from showcase.extensions import db
from showcase.tickets import delivery, outbox
from showcase.tickets.models import MessageKind, MessageState, OutboundMessage
from showcase.tickets.texting.compose import SMS_MAX_BYTES, euc_kr_bytes, sms_or_lms
from showcase.tickets.texting.quiet_hours import held_until

from .conftest import sms_files


def _texts(rsvp_id: int) -> list[OutboundMessage]:
    return list(db.session.scalars(select(OutboundMessage).where(
        OutboundMessage.rsvp_id == rsvp_id, OutboundMessage.channel == "text").order_by(OutboundMessage.id)))


def test_a_phone_only_household_is_told_everything_by_text_in_korean(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", phone="010-1234-5678", email="", adults=2, children=1)
    manage_url = f"http://showcase.test/rsvp/{rsvp_tokens.manage_token(rsvp)}"
    ticket_url = f"http://showcase.test/t/{rsvp_tokens.ticket_token(rsvp)}"
    rsvp_changes.change_party(rsvp.id, Party(adults=2))
    rsvp_changes.cancel_rsvp(rsvp.id)

    confirmed, changed, cancelled = sms_files(app)
    assert set(confirmed) == {"to", "channel", "kind", "text"}
    assert (confirmed["to"], confirmed["channel"], confirmed["kind"]) == ("+821012345678", "lms", "confirmed")
    assert confirmed["text"].startswith("[함께 키우는 우리 아이] 김하늘 님, 성인 2명, 어린이 1명 참석이 확정되었어요.")
    assert "2027년 6월 20일 (일) 오전 11:00" in confirmed["text"]
    assert f"입장권(QR): {ticket_url}" in confirmed["text"] and f"변경·취소: {manage_url}" in confirmed["text"]
    assert (changed["kind"], cancelled["kind"]) == ("changed", "cancelled")
    assert "성인 2명(으)로 바뀌었어요" in changed["text"] and ticket_url in changed["text"]
    assert ticket_url not in cancelled["text"] and "http://showcase.test/events/shared-parenting" in cancelled["text"]
    assert [(m.kind, m.state, m.medium, m.recipient) for m in _texts(rsvp.id)] == [
        (MessageKind.CONFIRMED, MessageState.SENT, "lms", "+821012345678"),
        (MessageKind.CHANGED, MessageState.SENT, "lms", "+821012345678"),
        (MessageKind.CANCELLED, MessageState.SENT, "lms", "+821012345678")]


def test_waitlisted_then_promoted_by_text_in_english(app, make_event, make_rsvp):
    event = make_event(capacity=2)
    first = make_rsvp(event, adults=2, phone="010-1111-2222")
    waiting = make_rsvp(event, adults=2, phone="+82 10-3333-4444", locale="en")
    rsvp_changes.cancel_rsvp(first.id)                          # frees 2 seats: the waiting family fits
    texts = [t for t in sms_files(app) if t["to"] == "+821033334444"]
    assert [t["kind"] for t in texts] == ["waitlisted", "promoted"]
    assert "you are number 1 on the waitlist for 2 adults" in texts[0]["text"]
    assert "/t/" not in texts[0]["text"]                  # no ticket while waiting
    assert texts[1]["text"].startswith(f"[{event.title_en}] Good news,")
    assert f"http://showcase.test/t/{rsvp_tokens.ticket_token(waiting)}" in texts[1]["text"]


def test_each_event_chooses_email_text_or_both(app, make_event, make_rsvp):
    both = make_event()
    email_only = make_event(message_channels="email")
    text_only = make_event(message_channels="text")
    channels = {}
    for event in (both, email_only, text_only):
        rsvp = make_rsvp(event, phone="010-1234-5678", email="family@example.com")
        channels[event.message_channels] = sorted(m.channel for m in db.session.scalars(
            select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp.id)))
    assert channels == {"both": ["email", "text"], "email": ["email"], "text": ["text"]}
    phone_only = make_rsvp(email_only, phone="010-9999-8888")  # the only way to reach it is used
    assert [m.channel for m in _texts(phone_only.id)] == ["text"]


def test_sms_up_to_90_bytes_in_euc_kr_lms_beyond():
    assert euc_kr_bytes("가" * 45) == SMS_MAX_BYTES
    assert sms_or_lms("가" * 45) == "sms" and sms_or_lms("가" * 46) == "lms"
    assert sms_or_lms("a" * 90) == "sms" and sms_or_lms("a" * 91) == "lms"


def test_quiet_hours_hold_a_reminder_until_morning_but_not_a_confirmation(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, phone="010-1234-5678", email="family@example.com")
    night = datetime(2027, 6, 19, 13, 30, tzinfo=UTC)              # 22:30 in Seoul, the day before
    assert delivery.queue_reminders(night) == 2
    [email] = db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind == MessageKind.REMINDER,
                                                               OutboundMessage.channel == "email"))
    [text] = [m for m in _texts(rsvp.id) if m.kind == MessageKind.REMINDER]
    assert email.state == MessageState.SENT                   # an email does not ring at night
    morning = datetime(2027, 6, 19, 23, 0, tzinfo=UTC)             # 08:00 in Seoul
    assert (text.state, text.next_attempt_at) == (MessageState.QUEUED, morning)
    assert outbox.attempt_delivery(text.id, now=night + timedelta(hours=2)) is None
    assert delivery.sweep(now=night + timedelta(hours=2)) == 0
    assert outbox.attempt_delivery(text.id, now=morning).state == MessageState.SENT
    assert [t["kind"] for t in sms_files(app)] == ["confirmed", "reminder"]

    for kind in (MessageKind.CONFIRMED, MessageKind.PROMOTED, MessageKind.LINKS, MessageKind.CANCELLED):
        assert held_until(kind, "Asia/Seoul", night) is None, kind  # these go at once, day or night
    assert held_until(MessageKind.REMINDER, "Asia/Seoul", morning - timedelta(hours=5)) == morning  # 03:00
    assert held_until(MessageKind.REMINDER, "Asia/Seoul", morning + timedelta(minutes=1)) is None
