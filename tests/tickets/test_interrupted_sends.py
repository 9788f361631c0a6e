"""A message whose attempt was cut short (worker killed) stays "sending": where the channel can
tell whether it went out (the outbox folder) it goes out soon after, never twice; where it cannot
(SMTP, Solapi) it waits STALE_SENDING. The killed attempt is set up by hand; the real kill is
test_worker_restart.py."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from showcase.database import unit_of_work, utcnow
from showcase.extensions import db
from showcase.tickets import delivery, outbox
from showcase.tickets.models import MessageState, OutboundMessage

from .texting.conftest import solapi_config


def _outbox(app, pattern: str = "*") -> list[Path]:
    return sorted(path for path in (Path(app.instance_path) / "outbox").glob(pattern)
                  if not path.name.startswith("."))


def _messages(rsvp_id: int) -> dict[str, OutboundMessage]:
    db.session.rollback()
    return {m.channel: m for m in db.session.scalars(select(OutboundMessage).where(OutboundMessage.rsvp_id == rsvp_id))}


def _interrupt(message_id: int, seconds_ago: float) -> None:
    """Leave the message as a worker killed mid-attempt leaves it: "sending" since then."""
    with unit_of_work():
        db.session.execute(update(OutboundMessage).where(OutboundMessage.id == message_id).values(
            state=MessageState.SENDING, sent_at=None, last_attempt_at=utcnow() - timedelta(seconds=seconds_ago)))


def test_an_attempt_killed_after_writing_its_file_is_marked_sent_without_a_second_copy(
        app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="a@example.com", phone="010-1234-5678")
    files = _outbox(app)
    assert len(files) == 2
    for message in _messages(rsvp.id).values():
        _interrupt(message.id, seconds_ago=5)

    assert delivery.sweep() == 0                       # within the grace: a live worker may be on it
    assert {m.state for m in _messages(rsvp.id).values()} == {MessageState.SENDING}

    for message in _messages(rsvp.id).values():
        _interrupt(message.id, seconds_ago=outbox.DEFAULT_SENDING_GRACE_SECONDS + 1)
    assert delivery.sweep() == 2
    after = _messages(rsvp.id)
    assert {m.state for m in after.values()} == {MessageState.SENT}
    assert _outbox(app) == files                       # the same two files, nothing written again
    [eml] = _outbox(app, "*.eml")
    assert after["email"].transport_ref == f"outbox {eml.name}"
    assert after["text"].medium == "lms" and after["text"].attempts == 2
    assert after["email"].last_error == "" and after["email"].sent_at is not None


def test_an_attempt_killed_before_writing_its_file_writes_it_once(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="a@example.com", phone="010-1234-5678")
    for path in _outbox(app):
        path.unlink()                                   # killed before the rename: no file
    half_written = Path(app.instance_path) / "outbox" / ".writing-abc.tmp"
    half_written.write_text("half an email")
    for message in _messages(rsvp.id).values():
        _interrupt(message.id, seconds_ago=outbox.DEFAULT_SENDING_GRACE_SECONDS + 1)
    old = utcnow().timestamp() - outbox.DEFAULT_SENDING_GRACE_SECONDS - 1
    os.utime(half_written, (old, old))

    assert delivery.sweep() == 2
    assert {m.state for m in _messages(rsvp.id).values()} == {MessageState.SENT}
    assert len(_outbox(app, "*.eml")) == 1 and len(_outbox(app, "*.sms.json")) == 1
    assert not half_written.exists()                    # the killed writer's temporary file is swept


def test_a_starting_worker_sends_what_is_due_and_sweeps_again_after_the_grace(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="a@example.com", phone="")
    [message] = _messages(rsvp.id).values()
    with unit_of_work():                                # queued a moment ago; its job went with the worker
        db.session.execute(update(OutboundMessage).where(OutboundMessage.id == message.id).values(
            state=MessageState.QUEUED, updated_at=utcnow(), sent_at=None))
    for path in _outbox(app):
        path.unlink()
    assert delivery.sweep() == 0                        # the minute sweep leaves it two minutes to its job
    delivery.recover_at_worker_start()                  # a starting worker does not wait
    assert _messages(rsvp.id)["email"].state == MessageState.SENT
    assert len(_outbox(app, "*.eml")) == 1


@pytest.mark.parametrize("transport", ["smtp", "solapi"])
def test_where_the_channel_cannot_tell_an_interrupted_message_waits_stale_sending(
        app, seoul_event, make_rsvp, transport):
    rsvp = make_rsvp(seoul_event, email="a@example.com", phone="010-1234-5678")
    channel = "email" if transport == "smtp" else "text"
    message = _messages(rsvp.id)[channel]
    app.config.update({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": 9} if transport == "smtp"
                      else solapi_config(_NoServer()))
    _interrupt(message.id, seconds_ago=10 * 60)
    assert delivery.sweep() == 0
    assert _messages(rsvp.id)[channel].state == MessageState.SENDING
    _interrupt(message.id, seconds_ago=outbox.STALE_SENDING.total_seconds() + 1)
    assert outbox.requeue_interrupted(utcnow()) == [message.id]
    assert _messages(rsvp.id)[channel].state == MessageState.QUEUED


class _NoServer:
    url = "http://127.0.0.1:9"
