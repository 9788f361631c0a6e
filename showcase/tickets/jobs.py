"""Background jobs: deliver a message (with backoff), remind the day before, pick up lost messages."""

from __future__ import annotations

from huey.exceptions import RetryTask

from ..jobs import job, periodic_job
from . import notifications


@job(retries=3, retry_delay=60, retry_backoff=2)
def deliver_message(message_id: int) -> str | None:
    """Try to send one message; a transient failure is retried after the message's backoff."""
    attempt = notifications.attempt_delivery(message_id)
    if attempt is None:
        return None
    if attempt.retry_in is not None:
        raise RetryTask(delay=attempt.retry_in)
    return attempt.state.value


@periodic_job(minute="*/15")
def send_reminders() -> int:
    """Queue the day-before reminders that are due."""
    return notifications.queue_reminders()


@periodic_job(minute="*/5")
def sweep_messages() -> int:
    """Re-enqueue messages whose delivery job was lost."""
    return notifications.sweep()
