"""Queueing and delivering notifications: the database row is the truth, the job queue a trigger.

A message is first committed as a ``queued`` row, then a job is enqueued. Each attempt claims the
row (``queued`` → ``sending``) with a conditional UPDATE, so a job that runs twice sends once.
A failed attempt puts the row back to ``queued`` with the next attempt's time (backoff); after
the last one it is ``failed`` and stays visible for organizers, who can send it again. A periodic
sweep re-enqueues rows whose job was lost, so a broken queue or mail server never loses a message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, inspect, or_, select, update

from ..database import begin_write_transaction, insert_now, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..extensions import db
from .channels import CHANNELS, DeliveryError, channel_named
from .emails import TICKET_KINDS, subject_for
from .models import MessageKind, MessageState, OutboundMessage

log = logging.getLogger(__name__)

#: seconds to wait after the 1st, 2nd, … failed attempt; one more attempt than delays is the last
DEFAULT_RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600)
#: a message still "sending" after this long was interrupted (worker killed) and is tried again
STALE_SENDING = timedelta(minutes=15)
#: the sweep leaves a queued message this long past its time to the job that was scheduled for it
SWEEP_GRACE = timedelta(minutes=2)
#: reminders go out from this long before the event
REMINDER_LEAD = timedelta(hours=24)


class NotificationError(Exception):
    """An organizer's request about a message that cannot be done (message is translated)."""


def retry_delays() -> tuple[int, ...]:
    """Backoff after each failed attempt (config MESSAGE_RETRY_DELAYS overrides)."""
    return tuple(current_app.config.get("MESSAGE_RETRY_DELAYS") or DEFAULT_RETRY_DELAYS)


def max_attempts() -> int:
    """How many times a message is tried before it is marked failed."""
    return len(retry_delays()) + 1


def _enqueue(message_ids: list[int]) -> None:
    from .jobs import deliver_message

    for message_id in message_ids:
        try:
            deliver_message(message_id)
        except Exception:  # the queue is down: the row stays queued and the sweep finds it
            log.exception("could not enqueue delivery of message %s", message_id)


#: session.info key: messages recorded in the current transaction, sent once it commits
RECORDED_KEY = "showcase.tickets.recorded_messages"


def record_message(rsvp: Rsvp, kind: MessageKind, *, requested_by_id: int | None = None,
                   dedupe_key: str | None = None, now: datetime | None = None) -> list[OutboundMessage]:
    """Add a ``kind`` message to the household, on every channel that reaches it, to the current
    transaction (an outbox: it commits with the change it tells of). ``send_recorded`` after
    the commit hands it to the job queue; the mail itself is written when it is sent."""
    now = now or utcnow()
    if rsvp.id is None:
        db.session.flush()  # the messages are written at once and name the household by its id
    event = db.session.get(Event, rsvp.event_id)
    messages = []
    for channel in CHANNELS:
        address = channel.address_for(rsvp)
        if not address:
            continue
        key = f"{dedupe_key}:{channel.name}" if dedupe_key else None
        messages.append(OutboundMessage(
            event_id=rsvp.event_id, rsvp_id=rsvp.id, kind=kind, channel=channel.name, locale=rsvp.locale,
            recipient=address, subject=subject_for(kind, event, rsvp.locale),
            state=MessageState.QUEUED, dedupe_key=key, requested_by_id=requested_by_id,
            created_at=now, updated_at=now, next_attempt_at=None))
    for message in messages:
        insert_now(message)
    db.session.info.setdefault(RECORDED_KEY, []).extend(messages)
    return messages


def send_recorded() -> None:
    """Enqueue delivery of the messages recorded in transactions that have committed since."""
    recorded = db.session.info.pop(RECORDED_KEY, [])
    committed = [inspect(m) for m in recorded]  # a rolled-back message is transient again: skipped
    _enqueue([state.identity[0] for state in committed if state.persistent])


def queue_message(rsvp_id: int, kind: MessageKind, *, requested_by_id: int | None = None,
                  dedupe_key: str | None = None, now: datetime | None = None) -> list[OutboundMessage]:
    """Record a ``kind`` message to the household in a transaction of its own, then send it."""
    begin_write_transaction()  # SQLite refuses a read transaction's upgrade to a write under other writers
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None:
        db.session.rollback()
        return []
    messages = record_message(rsvp, kind, requested_by_id=requested_by_id, dedupe_key=dedupe_key, now=now)
    if not messages:  # no address to write to (SMS and KakaoTalk senders do not exist yet)
        db.session.rollback()
        return []
    db.session.commit()
    send_recorded()
    return messages


@dataclass(frozen=True)
class Attempt:
    """What one delivery attempt did, and when to try again (seconds) if at all."""

    state: MessageState
    retry_in: int | None = None


def _claim(message_id: int, now: datetime) -> bool:
    begin_write_transaction()
    claimed = db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id, OutboundMessage.state == MessageState.QUEUED,
               or_(OutboundMessage.next_attempt_at.is_(None), OutboundMessage.next_attempt_at <= now))
        .values(state=MessageState.SENDING, attempts=OutboundMessage.attempts + 1,
                last_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return claimed.rowcount == 1


def attempt_delivery(message_id: int, now: datetime | None = None) -> Attempt | None:
    """Try to send one message once; None when it was not due or already taken by another attempt."""
    now = now or utcnow()
    if not _claim(message_id, now):
        return None
    message = db.session.get(OutboundMessage, message_id)
    db.session.refresh(message)
    rsvp = message.rsvp
    if message.kind in TICKET_KINDS and rsvp.status != RsvpStatus.CONFIRMED:
        return _finish(message, MessageState.FAILED, now,
                       error="Not sent: the RSVP was no longer confirmed when its turn came.")
    try:
        channel = channel_named(message.channel)
        reference = channel.deliver(message, channel.compose(message))
    except DeliveryError as exc:
        if exc.permanent or message.attempts >= max_attempts():
            return _finish(message, MessageState.FAILED, now, error=exc.reason)
        delay = retry_delays()[message.attempts - 1]
        return _finish(message, MessageState.QUEUED, now, error=exc.reason, retry_in=delay)
    except KeyError:
        return _finish(message, MessageState.FAILED, now, error=f"No {message.channel} sender is installed.")
    return _finish(message, MessageState.SENT, now, reference=reference)


def _finish(message: OutboundMessage, state: MessageState, now: datetime, *, error: str = "",
            retry_in: int | None = None, reference: str = "") -> Attempt:
    begin_write_transaction()
    message.state = state
    message.updated_at = now
    if state == MessageState.SENT:
        message.sent_at = now
        message.last_error = ""
        message.transport_ref = reference[:300]
        message.next_attempt_at = None
    else:
        message.last_error = error
        message.next_attempt_at = now + timedelta(seconds=retry_in) if retry_in is not None else None
    db.session.commit()
    if state != MessageState.SENT:
        log.warning("message %s attempt %s: %s", message.id, message.attempts, error)
    return Attempt(state, retry_in)


def resend(message_id: int, *, requested_by_id: int | None = None) -> list[OutboundMessage]:
    """An organizer sends a message again: a fresh copy, written from the household's state now."""
    message = db.session.get(OutboundMessage, message_id)
    if message is None:
        raise NotificationError(_l("This message does not exist."))
    kind = message.kind
    if kind in TICKET_KINDS:
        kind = MessageKind.TICKET
    return _resend_kind(message.rsvp, kind, requested_by_id)


def send_ticket(rsvp_id: int, *, requested_by_id: int | None = None) -> list[OutboundMessage]:
    """An organizer sends a confirmed household its ticket (again)."""
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None:
        raise NotificationError(_l("This household does not exist."))
    return _resend_kind(rsvp, MessageKind.TICKET, requested_by_id)


def _resend_kind(rsvp: Rsvp, kind: MessageKind, requested_by_id: int | None) -> list[OutboundMessage]:
    if kind == MessageKind.TICKET and rsvp.status != RsvpStatus.CONFIRMED:
        raise NotificationError(_l("Only a confirmed household has a ticket to send."))
    messages = queue_message(rsvp.id, kind, requested_by_id=requested_by_id)
    if not messages:
        raise NotificationError(_l("This household gave no email address, so nothing can be sent."))
    return messages


def queue_reminders(now: datetime | None = None) -> int:
    """Queue the day-before reminder for confirmed households of events starting within a day."""
    now = now or utcnow()
    already = exists().where(OutboundMessage.rsvp_id == Rsvp.id,
                             OutboundMessage.kind == MessageKind.REMINDER)
    due = db.session.scalars(
        select(Rsvp).join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.status == RsvpStatus.CONFIRMED, Rsvp.email != "",
               Event.starts_at > now, Event.starts_at <= now + REMINDER_LEAD,
               Event.archived_at.is_(None), ~already)
        .order_by(Rsvp.id)).all()
    queued = 0
    for rsvp in due:
        # Confirmed within the last day before the event: the confirmation itself is the reminder.
        if rsvp.confirmed_at and rsvp.confirmed_at > rsvp.event.starts_at - REMINDER_LEAD:
            continue
        queued += len(queue_message(rsvp.id, MessageKind.REMINDER, dedupe_key=f"reminder:{rsvp.id}",
                                    now=now))
    return queued


def sweep(now: datetime | None = None) -> int:
    """Re-enqueue messages whose job was lost (overdue in the queue, or interrupted while sending)."""
    now = now or utcnow()
    db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.state == MessageState.SENDING,
               OutboundMessage.last_attempt_at < now - STALE_SENDING)
        .values(state=MessageState.QUEUED, next_attempt_at=None, updated_at=now,
                last_error="The previous attempt was interrupted.")
        .execution_options(synchronize_session=False))
    db.session.commit()
    due_at = func.coalesce(OutboundMessage.next_attempt_at, OutboundMessage.updated_at)
    overdue = list(db.session.scalars(
        select(OutboundMessage.id).where(OutboundMessage.state == MessageState.QUEUED,
                                         due_at <= now - SWEEP_GRACE)))
    _enqueue(overdue)
    return len(overdue)


def messages_for_event(event_id: int, state: MessageState | None = None) -> list[OutboundMessage]:
    """An event's messages, newest first, optionally only those in ``state``."""
    query = select(OutboundMessage).where(OutboundMessage.event_id == event_id)
    if state is not None:
        query = query.where(OutboundMessage.state == state)
    return list(db.session.scalars(query.order_by(OutboundMessage.created_at.desc(),
                                                  OutboundMessage.id.desc())))


def state_counts(event_id: int) -> dict[MessageState, int]:
    """How many of an event's messages are in each state."""
    rows = db.session.execute(
        select(OutboundMessage.state, func.count()).where(OutboundMessage.event_id == event_id)
        .group_by(OutboundMessage.state)).all()
    counts = {state: 0 for state in MessageState}
    counts.update({MessageState(state): count for state, count in rows})
    return counts


def households_without_ticket(event_id: int) -> list[Rsvp]:
    """Confirmed households with an email address that no ticket email has reached yet."""
    delivered = exists().where(OutboundMessage.rsvp_id == Rsvp.id,
                               OutboundMessage.state == MessageState.SENT,
                               OutboundMessage.kind.in_(list(TICKET_KINDS)))
    return list(db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED,
                           Rsvp.email != "", ~delivered).order_by(Rsvp.contact_name, Rsvp.id)))
