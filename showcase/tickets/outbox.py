"""The outbox: each message to a family is a database row, and the row is the truth.

A message is recorded as a ``queued`` row in the same transaction as the change it tells of.
Each delivery attempt claims the row (``queued`` → ``sending``) with a conditional UPDATE, so an
attempt that runs twice sends once. A failed attempt puts the row back to ``queued`` with the
time of the next try (``retry_delays``, the one retry policy); after the last one it is ``failed``
and stays visible for organizers. Handing rows to the job queue is ``delivery``'s work.

An attempt cut short (worker killed) leaves its row ``sending``. On a channel that can tell whether
it was handed over (the outbox folder) the row is queued again after a short grace
(``sending_grace``) and the next attempt first asks the channel: already there, it is marked sent,
never written twice. Where the channel cannot tell (SMTP, Solapi) the row waits ``STALE_SENDING``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from ..database import changed_rows, current_unit, insert_now, unit_of_work, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..extensions import db
from .channels import CHANNELS, Channel, Delivered, DeliveryError, channel_named
from .emails import TICKET_KINDS, subject_for
from .models import MessageKind, MessageState, OutboundMessage
from .reach import channels_for
from .texting.quiet_hours import held_until

log = logging.getLogger(__name__)

#: seconds to wait after the 1st, 2nd, … failed attempt; one more attempt than delays is the last
DEFAULT_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600)
#: a message still "sending" after this long was interrupted (worker killed) and is tried again,
#: on a channel that cannot tell whether the interrupted attempt handed it over
STALE_SENDING = timedelta(minutes=15)
#: the same where the channel can tell (config SENDING_GRACE_SECONDS): longer than any live attempt
DEFAULT_SENDING_GRACE_SECONDS = 30
#: a queued message this long past its time is left to the job that was scheduled for it
SWEEP_GRACE = timedelta(minutes=2)


def retry_delays() -> tuple[int, ...]:
    """Backoff after each failed attempt (config MESSAGE_RETRY_DELAYS overrides)."""
    return tuple(current_app.config.get("MESSAGE_RETRY_DELAYS") or DEFAULT_RETRY_DELAYS)


def sending_grace() -> timedelta:
    """How long an attempt on a channel that can tell may run before it counts as interrupted."""
    return timedelta(seconds=float(current_app.config.get("SENDING_GRACE_SECONDS",
                                                          DEFAULT_SENDING_GRACE_SECONDS)))


def tells_delivered(channel: Channel) -> bool:
    """Whether ``channel`` can say if an earlier attempt handed a message over."""
    tells = getattr(channel, "tells_delivered", None)
    return bool(tells and tells())


def max_attempts() -> int:
    """How many times a message is tried before it is marked failed."""
    return len(retry_delays()) + 1


def add_messages(rsvp: Rsvp, kind: MessageKind, *, requested_by_id: int | None = None,
                   dedupe_key: str | None = None, now: datetime | None = None,
                   only: str | None = None) -> list[OutboundMessage]:
    """Add a ``kind`` message to the household, on every channel the event uses that reaches it (or
    only on channel ``only``), to the current unit of work: it commits with the change it tells of.
    The text is written when it is sent; a text that can wait is held through the night. Handing
    the rows to the job queue is ``delivery.record_message``'s part."""
    current_unit()
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
    return messages


@dataclass(frozen=True)
class Attempt:
    """What one delivery attempt did, and when to try again (seconds) if at all."""

    state: MessageState
    retry_in: int | None = None


def claim(message_id: int, now: datetime) -> bool:
    """Take a due ``queued`` message for one attempt (``sending``); False when it is not ours."""
    with unit_of_work():
        claimed = db.session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == message_id, OutboundMessage.state == MessageState.QUEUED,
                   or_(OutboundMessage.next_attempt_at.is_(None), OutboundMessage.next_attempt_at <= now))
            .values(state=MessageState.SENDING, attempts=OutboundMessage.attempts + 1,
                    last_attempt_at=now, updated_at=now)
            .execution_options(synchronize_session=False))
    return changed_rows(claimed) == 1


def attempt_delivery(message_id: int, now: datetime | None = None) -> Attempt | None:
    """Try to send one message once; None when it was not due or already taken by another attempt."""
    now = now or utcnow()
    if not claim(message_id, now):
        return None
    message = db.session.get_one(OutboundMessage, message_id)
    db.session.refresh(message)
    earlier = handed_over(message) if message.attempts > 1 else None
    if earlier is not None:  # an interrupted attempt got it out: marked sent, not sent again
        return finish(message, MessageState.SENT, now, delivered=earlier)
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


def handed_over(message: OutboundMessage) -> Delivered | None:
    """What an earlier attempt handed over of ``message``, where its channel can tell."""
    try:
        channel = channel_named(message.channel)
    except KeyError:
        return None
    return channel.already_delivered(message) if tells_delivered(channel) else None


def finish(message: OutboundMessage, state: MessageState, now: datetime, *, error: str = "",
           retry_in: int | None = None, delivered: Delivered | None = None) -> Attempt:
    """Write down how an attempt ended: sent, failed, or queued again for ``retry_in`` seconds."""
    with unit_of_work():
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
    if state != MessageState.SENT:
        log.warning("message %s attempt %s: %s", message.id, message.attempts, error)
    return Attempt(state, retry_in)


def requeue_interrupted(now: datetime) -> list[int]:
    """Put back in the queue the messages whose attempt was interrupted (worker killed mid-send):
    after ``sending_grace`` on a channel that can tell whether it went out, else ``STALE_SENDING``.
    Returns their ids, to send at once; one conditional UPDATE, so two sweeps take each once."""
    telling = [channel.name for channel in CHANNELS if tells_delivered(channel)]
    interrupted = (OutboundMessage.state == MessageState.SENDING) & or_(
        OutboundMessage.channel.in_(telling) & (OutboundMessage.last_attempt_at < now - sending_grace()),
        OutboundMessage.last_attempt_at < now - STALE_SENDING)
    with unit_of_work():
        return list(db.session.scalars(
            update(OutboundMessage).where(interrupted)
            .values(state=MessageState.QUEUED, next_attempt_at=None, updated_at=now,
                    last_error="The previous attempt was interrupted.")
            .returning(OutboundMessage.id)
            .execution_options(synchronize_session=False)))


def overdue_ids(now: datetime, grace: timedelta = SWEEP_GRACE) -> list[int]:
    """Queued messages ``grace`` past their time: their delivery job was lost (a starting worker
    passes no grace: a killed one may have taken the jobs of messages queued a moment ago)."""
    due_at = func.coalesce(OutboundMessage.next_attempt_at, OutboundMessage.updated_at)
    return list(db.session.scalars(
        select(OutboundMessage.id).where(OutboundMessage.state == MessageState.QUEUED,
                                         due_at <= now - grace)))
