"""The outbox: each message to a family is a database row, and the row is the truth.

A message is recorded as a ``queued`` row in the same transaction as the change it tells of.
Each delivery attempt claims the row (``queued`` → ``sending``) with a conditional UPDATE, so an
attempt that runs twice sends once. A failed attempt puts the row back to ``queued`` with the
time of the next try (``retry_delays``, the one retry policy); after the last one it is ``failed``
and stays visible for organizers. Handing rows to the job queue is ``delivery``'s work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, inspect, or_, select, update

from ..database import begin_write_transaction, insert_now, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..extensions import db
from .channels import Delivered, DeliveryError, channel_named
from .emails import TICKET_KINDS, subject_for
from .models import MessageKind, MessageState, OutboundMessage
from .reach import channels_for
from .texting.quiet_hours import held_until

log = logging.getLogger(__name__)

#: seconds to wait after the 1st, 2nd, … failed attempt; one more attempt than delays is the last
DEFAULT_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600)
#: a message still "sending" after this long was interrupted (worker killed) and is tried again
STALE_SENDING = timedelta(minutes=15)
#: a queued message this long past its time is left to the job that was scheduled for it
SWEEP_GRACE = timedelta(minutes=2)
#: session.info key: messages recorded in the current transaction, handed over once it commits
RECORDED_KEY = "showcase.tickets.recorded_messages"


def retry_delays() -> tuple[int, ...]:
    """Backoff after each failed attempt (config MESSAGE_RETRY_DELAYS overrides)."""
    return tuple(current_app.config.get("MESSAGE_RETRY_DELAYS") or DEFAULT_RETRY_DELAYS)


def max_attempts() -> int:
    """How many times a message is tried before it is marked failed."""
    return len(retry_delays()) + 1


def record_message(rsvp: Rsvp, kind: MessageKind, *, requested_by_id: int | None = None,
                   dedupe_key: str | None = None, now: datetime | None = None,
                   only: str | None = None) -> list[OutboundMessage]:
    """Add a ``kind`` message to the household, on every channel the event uses that reaches it (or
    only on channel ``only``), to the current transaction: it commits with the change it tells of.
    The text is written when it is sent; a text that can wait is held through the night."""
    now = now or utcnow()
    if rsvp.id is None:
        db.session.flush()  # the messages are written at once and name the household by its id
    event = db.session.get_one(Event, rsvp.event_id)
    messages = []
    subject = subject_for(kind, event, rsvp.locale)  # once for every channel: it is translated
    for channel, address in channels_for(rsvp, event, only):
        key = f"{dedupe_key}:{channel.name}" if dedupe_key else None
        held = held_until(kind, event.timezone, now) if channel.name == "text" else None  # sweep sends it
        messages.append(OutboundMessage(
            event_id=rsvp.event_id, rsvp_id=rsvp.id, kind=kind, channel=channel.name, locale=rsvp.locale,
            recipient=address, subject=subject,
            state=MessageState.QUEUED, dedupe_key=key, requested_by_id=requested_by_id,
            created_at=now, updated_at=now, next_attempt_at=held))
    for message in messages:
        insert_now(message)
    db.session.info.setdefault(RECORDED_KEY, []).extend(messages)
    return messages


def committed_recorded_ids() -> list[int]:
    """Ids of the messages recorded since the last call whose transaction committed."""
    recorded = db.session.info.pop(RECORDED_KEY, [])
    states = [inspect(message) for message in recorded]  # a rolled-back message is transient again
    return [state.identity[0] for state in states if state.persistent]


@dataclass(frozen=True)
class Attempt:
    """What one delivery attempt did, and when to try again (seconds) if at all."""

    state: MessageState
    retry_in: int | None = None


def claim(message_id: int, now: datetime) -> bool:
    """Take a due ``queued`` message for one attempt (``sending``); False when it is not ours."""
    begin_write_transaction()
    claimed = db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id, OutboundMessage.state == MessageState.QUEUED,
               or_(OutboundMessage.next_attempt_at.is_(None), OutboundMessage.next_attempt_at <= now))
        .values(state=MessageState.SENDING, attempts=OutboundMessage.attempts + 1,
                last_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return claimed.rowcount == 1  # type: ignore[attr-defined]  # Session.execute is typed Result; a DML statement gives a CursorResult


def attempt_delivery(message_id: int, now: datetime | None = None) -> Attempt | None:
    """Try to send one message once; None when it was not due or already taken by another attempt."""
    now = now or utcnow()
    if not claim(message_id, now):
        return None
    message = db.session.get_one(OutboundMessage, message_id)
    db.session.refresh(message)
    rsvp = message.rsvp
    if message.kind in TICKET_KINDS and rsvp.status != RsvpStatus.CONFIRMED:
        return finish(message, MessageState.FAILED, now,
                      error="Not sent: the RSVP was no longer confirmed when its turn came.")
    try:
        channel = channel_named(message.channel)
        delivered = channel.deliver(message, channel.compose(message))
    except DeliveryError as exc:
        if exc.permanent or message.attempts >= max_attempts():
            return finish(message, MessageState.FAILED, now, error=exc.reason)
        delay = retry_delays()[message.attempts - 1]
        return finish(message, MessageState.QUEUED, now, error=exc.reason, retry_in=delay)
    except KeyError:
        return finish(message, MessageState.FAILED, now, error=f"No {message.channel} sender is installed.")
    if not isinstance(delivered, Delivered):
        delivered = Delivered(delivered, message.channel)
    return finish(message, MessageState.SENT, now, delivered=delivered)


def finish(message: OutboundMessage, state: MessageState, now: datetime, *, error: str = "",
           retry_in: int | None = None, delivered: Delivered | None = None) -> Attempt:
    """Write down how an attempt ended: sent, failed, or queued again for ``retry_in`` seconds."""
    begin_write_transaction()
    message.state = state
    message.updated_at = now
    if state == MessageState.SENT and delivered is not None:
        message.sent_at = now
        message.last_error = ""
        message.transport_ref = delivered.reference[:300]
        message.medium = delivered.medium
        message.provider_message_id = delivered.provider_message_id
        message.next_attempt_at = None
    else:
        message.last_error = error
        message.next_attempt_at = now + timedelta(seconds=retry_in) if retry_in is not None else None
    db.session.commit()
    if state != MessageState.SENT:
        log.warning("message %s attempt %s: %s", message.id, message.attempts, error)
    return Attempt(state, retry_in)


def requeue_interrupted(now: datetime) -> None:
    """Put back in the queue the messages whose attempt was interrupted (worker killed mid-send)."""
    db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.state == MessageState.SENDING,
               OutboundMessage.last_attempt_at < now - STALE_SENDING)
        .values(state=MessageState.QUEUED, next_attempt_at=None, updated_at=now,
                last_error="The previous attempt was interrupted.")
        .execution_options(synchronize_session=False))
    db.session.commit()


def overdue_ids(now: datetime) -> list[int]:
    """Queued messages well past their time: their delivery job was lost."""
    due_at = func.coalesce(OutboundMessage.next_attempt_at, OutboundMessage.updated_at)
    return list(db.session.scalars(
        select(OutboundMessage.id).where(OutboundMessage.state == MessageState.QUEUED,
                                         due_at <= now - SWEEP_GRACE)))
