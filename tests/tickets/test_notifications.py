"""Households hear about their RSVP in their own language; the default transport writes .eml files."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import icalendar
from sqlalchemy import select

from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.households import Party
from showcase.events.placement import place_rsvp
from showcase.extensions import db
from showcase.tickets import delivery
from showcase.tickets.models import MessageKind, MessageState, OutboundMessage
from tests.tickets.conftest import decode_png, parse_mail


def _messages(rsvp_id: int | None = None) -> list[OutboundMessage]:
    """The email messages (texts to the same households are tested in tests/tickets/texting)."""
    query = select(OutboundMessage).where(OutboundMessage.channel == "email").order_by(OutboundMessage.id)
    if rsvp_id is not None:
        query = query.where(OutboundMessage.rsvp_id == rsvp_id)
    return list(db.session.scalars(query))


def _outbox(app) -> list[Path]:
    return sorted((Path(app.instance_path) / "outbox").glob("*.eml"))


def _parts(mail):
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    images = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    calendars = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    return text, html, images, calendars


def test_confirmation_is_written_to_the_outbox_as_a_real_eml_in_korean(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", email="haneul@example.com", adults=2, children=1)
    [message] = _messages(rsvp.id)
    assert (message.kind, message.state, message.attempts) == (MessageKind.CONFIRMED, MessageState.SENT, 1)
    [path] = _outbox(app)
    assert "haneul" not in path.name                     # no personal data in file names
    mail = parse_mail(path.read_bytes())
    assert mail["To"] == "haneul@example.com"
    assert mail["Subject"] == "[함께 키우는 우리 아이] 참석이 확정되었어요: 입장권을 보내 드려요"
    text, html, images, calendars = _parts(mail)
    ticket_url = f"http://showcase.test/t/{rsvp_tokens.ticket_token(rsvp)}"
    assert "김하늘 님, 안녕하세요." in text and ticket_url in text and "성인 2명, 어린이 1명" in text
    cid = images[0]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html
    assert decode_png(images[0].get_content()) == [ticket_url]
    event = icalendar.Calendar.from_ical(calendars[0].get_content()).walk("VEVENT")[0]
    assert (event.decoded("DTSTART").hour, str(event["DTSTART"].params["TZID"])) == (11, "Asia/Seoul")


def test_household_without_email_is_told_by_text_only(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="", phone="010-5555-1234")
    rsvp_changes.change_party(rsvp.id, Party(adults=2))
    rsvp_changes.cancel_rsvp(rsvp.id)
    assert _messages() == [] and _outbox(app) == []
    texts = sorted((Path(app.instance_path) / "outbox").glob("*.sms.json"))
    assert [path.name.split("-")[-1] for path in texts] == ["confirmed.sms.json", "changed.sms.json",
                                                            "cancelled.sms.json"]


def test_waitlist_promotion_change_and_cancellation_each_send_a_message(app, make_event, make_rsvp):
    event = make_event(capacity=3)
    first = make_rsvp(event, adults=3, email="first@example.com", locale="en")
    waiting = make_rsvp(event, adults=2, email="waiting@example.com", locale="en")
    [waitlisted] = _messages(waiting.id)
    assert waitlisted.kind == MessageKind.WAITLISTED
    waiting_mail = parse_mail(_outbox(app)[-1].read_bytes())
    assert "You are number 1 on the waitlist" in waiting_mail.get_body(("plain",)).get_content()
    assert not [p for p in waiting_mail.walk() if p.get_content_type() in ("image/png", "text/calendar")]

    rsvp_changes.change_party(first.id, Party(adults=1))         # frees 2 seats: the waiting family fits
    assert [m.kind for m in _messages(first.id)] == [MessageKind.CONFIRMED, MessageKind.CHANGED]
    assert [m.kind for m in _messages(waiting.id)] == [MessageKind.WAITLISTED, MessageKind.PROMOTED]
    promoted = parse_mail(_outbox(app)[-1].read_bytes())
    assert promoted["Subject"].endswith("Good news: a seat opened up and your RSVP is confirmed")
    assert [p for p in promoted.walk() if p.get_content_type() == "image/png"]

    rsvp_changes.cancel_rsvp(first.id)
    cancelled = _messages(first.id)[-1]
    assert (cancelled.kind, cancelled.state) == (MessageKind.CANCELLED, MessageState.SENT)
    mail = parse_mail(_outbox(app)[-1].read_bytes())
    text = mail.get_body(("plain",)).get_content()
    assert "Your ticket no longer admits anyone" in text
    assert not [p for p in mail.walk() if p.get_content_type() == "image/png"]
    [invitation] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert icalendar.Calendar.from_ical(invitation.get_content())["METHOD"] == "CANCEL"  # withdrawn


def test_day_before_reminder_is_sent_once(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="family@example.com", locale="en")
    too_early = seoul_event.starts_at - timedelta(hours=30)
    assert delivery.queue_reminders(too_early) == 0
    day_before = seoul_event.starts_at - timedelta(hours=23)
    assert delivery.queue_reminders(day_before) == 2     # by email and by text
    assert delivery.queue_reminders(day_before + timedelta(minutes=15)) == 0
    reminder = _messages(rsvp.id)[-1]
    assert (reminder.kind, reminder.state) == (MessageKind.REMINDER, MessageState.SENT)
    mail = parse_mail(_outbox(app)[-1].read_bytes())
    assert mail["Subject"] == "[Raising Our Children Together] See you tomorrow"
    assert [p for p in mail.walk() if p.get_content_type() == "text/calendar"]


def test_a_ticket_queued_for_a_household_that_cancelled_meanwhile_is_not_sent(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="family@example.com")
    rsvp_changes.cancel_rsvp(rsvp.id)
    [message] = delivery.queue_message(rsvp.id, MessageKind.REMINDER, only="email")
    assert message.state == MessageState.FAILED
    assert "no longer confirmed" in message.last_error


def test_the_message_commits_with_the_rsvp_or_not_at_all(app, seoul_event, make_rsvp):
    """The confirmation is written in the RSVP's own transaction (an outbox): an RSVP that fails
    to commit leaves no message row, no queued job and no mail behind."""
    from showcase.events import signals
    from showcase.events.households import Household
    from showcase.events.models import Rsvp

    def fail_after_recording(sender, rsvp, **_):
        raise RuntimeError("the transaction fails after the message was recorded")

    household = Household(contact_name="박바다", email="bada@example.com", adults=2)
    with signals.rsvp_confirmed.connected_to(fail_after_recording):
        try:
            place_rsvp(seoul_event.id, household)
        except RuntimeError:
            pass
        else:
            raise AssertionError("the failing receiver should have stopped the RSVP")
    assert db.session.scalar(select(Rsvp.id).where(Rsvp.email == "bada@example.com")) is None
    assert _messages() == [] and _outbox(app) == []

    placement = place_rsvp(seoul_event.id, household)        # the same family, now it commits
    [message] = _messages(placement.rsvp.id)
    assert (message.kind, message.state) == (MessageKind.CONFIRMED, MessageState.SENT)
    assert message.subject == "[함께 키우는 우리 아이] 참석이 확정되었어요: 입장권을 보내 드려요"  # as organizers see it
    assert len(_outbox(app)) == 1
