"""Delivery: handing outbox rows to the job queue, the jobs that send them, the sweep that finds
lost ones, the day-before reminders, and an organizer's "send again".

The queue is only a trigger: a message whose job is lost stays ``queued`` in the outbox and the
sweep (every minute, and as a worker starts) hands it over again, with those a killed worker left
``sending`` (``outbox.requeue_interrupted``). Retries follow the outbox's one policy (``outbox.retry_delays``):
the job asks huey to run it again after the delay the attempt returned.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from huey.exceptions import RetryTask
from sqlalchemy import exists, or_, select

from ..database import current_unit, end_reads, unit_of_work, utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..extensions import db
from ..jobs import at_worker_start, job, periodic_job
from ..refusals import Refusal
from . import channels, outbox
from .emails import TICKET_KINDS
from .models import MessageKind, OutboundMessage

log = logging.getLogger(__name__)

#: reminders go out from this long before the event
REMINDER_LEAD = timedelta(hours=24)
#: huey priority of what the sweep hands over: ahead of the backlog, the longest-waiting first
SWEEP_PRIORITY = 10


class NotificationError(Refusal):
    """An organizer's request about a message that cannot be done."""


@job()
def deliver_message(message_id: int) -> str | None:
    """Try to send one message; a transient failure runs again after the outbox's backoff."""
    attempt = outbox.attempt_delivery(message_id)
    if attempt is None:
        return None
    if attempt.retry_in is not None:
        raise RetryTask(delay=attempt.retry_in)
    return attempt.state.value


@job()
def deliver_messages(message_ids: list[int]) -> list[str | None]:
    """Try once each message one change recorded (its email and its text: one job, one queue
    write); a message that failed for now is retried on its own after the outbox's backoff."""
    states = []
    for message_id in message_ids:
        attempt = outbox.attempt_delivery(message_id)
        if attempt is not None and attempt.retry_in is not None:
            deliver_message.schedule((message_id,), delay=attempt.retry_in)
        states.append(attempt.state.value if attempt is not None else None)
    return states


@periodic_job(minute="*/15")
def send_reminders() -> int:
    """Queue the day-before reminders that are due."""
    return queue_reminders()


@periodic_job(minute="*", priority=SWEEP_PRIORITY)
def sweep_messages() -> int:
    """Re-enqueue messages whose delivery job was lost or whose attempt was interrupted."""
    return sweep()


@job()
def sweep_once() -> int:
    """One sweep, scheduled by a starting worker for when a killed one's attempts are past the grace."""
    return sweep()


@at_worker_start
def recover_at_worker_start() -> None:
    """A (re)started worker hands over at once every message due (a killed worker may have taken
    their jobs with it), and sweeps again once the attempts it interrupted are past the grace."""
    sweep(at_start=True)
    sweep_once.schedule(delay=outbox.sending_grace().total_seconds() + 1, priority=SWEEP_PRIORITY)


@periodic_job(minute="*/10")
def poll_text_reports() -> int:
    """Ask the text provider how accepted texts fared, where no signed webhook reports it."""
    from flask import current_app

    from .texting.reports import poll_reports

    config = current_app.config
    if config.get("TEXT_PROVIDER") != "solapi" or config.get("TEXT_WEBHOOK_SECRET"):
        return 0
    return poll_reports()


def enqueue(message_ids: list[int], priority: int = 0) -> None:
    """Hand messages to the job queue; a queue that is down leaves them to the sweep."""
    for message_id in message_ids:
        try:
            deliver_message(message_id, priority=priority)
        except Exception:  # the row stays queued and the sweep finds it
            log.exception("could not enqueue delivery of message %s", message_id)


def record_message(rsvp: Rsvp, kind: MessageKind, *, requested_by_id: int | None = None,
                   dedupe_key: str | None = None, now: datetime | None = None,
                   only: str | None = None) -> list[OutboundMessage]:
    """Record a ``kind`` message to the household in the current unit of work (``outbox.add_messages``);
    once the unit commits, its messages go to the job queue together, and never if it rolls back."""
    messages = outbox.add_messages(rsvp, kind, requested_by_id=requested_by_id, dedupe_key=dedupe_key,
                                   now=now, only=only)
    unit = current_unit()
    for message in messages:
        unit.collect("tickets.recorded_messages", message.id, send_batch)
    return messages


def send_batch(message_ids: list[int]) -> None:
    """Enqueue delivery of messages one unit of work committed (together: an RSVP told by email
    and text costs the answer one queue write, not two)."""
    if len(message_ids) < 2:
        enqueue(message_ids)
        return
    try:
        deliver_messages(message_ids)
    except Exception:  # the rows stay queued and the sweep finds them
        log.exception("could not enqueue delivery of messages %s", message_ids)


def queue_message(rsvp_id: int, kind: MessageKind, *, requested_by_id: int | None = None,
                  dedupe_key: str | None = None, now: datetime | None = None,
                  only: str | None = None) -> list[OutboundMessage]:
    """Record a ``kind`` message to the household in a unit of work of its own, then send it."""
    with unit_of_work():
        rsvp = db.session.get(Rsvp, rsvp_id)
        if rsvp is None:
            return []
        return record_message(rsvp, kind, requested_by_id=requested_by_id, dedupe_key=dedupe_key,
                              now=now, only=only)


def sweep(now: datetime | None = None, *, at_start: bool = False) -> int:
    """Re-enqueue messages whose job was lost (overdue in the queue, or interrupted while sending);
    how many. ``at_start``: every due message, however recently queued."""
    now = now or utcnow()
    interrupted = outbox.requeue_interrupted(now)
    overdue = outbox.overdue_ids(now, timedelta(0) if at_start else outbox.SWEEP_GRACE)
    end_reads()  # a starting worker keeps its session for good: leave no read transaction open
    channels.remove_partial_files(outbox.sending_grace().total_seconds())
    taken = set(interrupted)
    due = interrupted + [message_id for message_id in overdue if message_id not in taken]
    enqueue(sorted(due), priority=SWEEP_PRIORITY)
    return len(due)


def queue_reminders(now: datetime | None = None) -> int:
    """Queue the day-before reminder for confirmed households of events starting within a day."""
    now = now or utcnow()
    already = exists().where(OutboundMessage.rsvp_id == Rsvp.id,
                             OutboundMessage.kind == MessageKind.REMINDER)
    due = db.session.scalars(
        select(Rsvp).join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.status == RsvpStatus.CONFIRMED, or_(Rsvp.email != "", Rsvp.phone != ""),
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


def resend(message_id: int, *, requested_by_id: int | None = None) -> list[OutboundMessage]:
    """An organizer sends a message again: a fresh copy, written from the household's state now."""
    message = db.session.get(OutboundMessage, message_id)
    if message is None:
        raise NotificationError(_l("This message does not exist."))
    kind = MessageKind.TICKET if message.kind in TICKET_KINDS else message.kind
    return _resend_kind(message.rsvp, kind, requested_by_id, only=message.channel)  # where it failed


def send_ticket(rsvp_id: int, *, requested_by_id: int | None = None) -> list[OutboundMessage]:
    """An organizer sends a confirmed household its ticket (again)."""
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None:
        raise NotificationError(_l("This household does not exist."))
    return _resend_kind(rsvp, MessageKind.TICKET, requested_by_id)


def _resend_kind(rsvp: Rsvp, kind: MessageKind, requested_by_id: int | None,
                 only: str | None = None) -> list[OutboundMessage]:
    if kind == MessageKind.TICKET and rsvp.status != RsvpStatus.CONFIRMED:
        raise NotificationError(_l("Only a confirmed household has a ticket to send."))
    messages = queue_message(rsvp.id, kind, requested_by_id=requested_by_id, only=only)
    if not messages:
        raise NotificationError(_l("This household gave no email address or mobile number that this "
                                   "event's messages use, so nothing can be sent."))
    return messages
