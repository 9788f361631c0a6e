"""Tell households about their RSVP: listeners on the events domain's signals."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from ..database import utcnow
from ..events import signals
from ..events.models import Rsvp, RsvpStatus
from ..extensions import db
from .delivery import queue_message, send_recorded
from .models import MessageKind, OutboundMessage
from .outbox import record_message

log = logging.getLogger(__name__)
EXTENSION_KEY = "showcase.tickets.notifications"


def _record(app: Flask, rsvp: Rsvp, kind: MessageKind) -> None:
    if app.extensions.get(EXTENSION_KEY):
        record_message(rsvp, kind)  # in the RSVP's own transaction: told if and only if it commits


def _on_confirmed(sender: Flask, rsvp: Rsvp, **_: object) -> None:
    _record(sender, rsvp, MessageKind.CONFIRMED)


def _on_waitlisted(sender: Flask, rsvp: Rsvp, **_: object) -> None:
    _record(sender, rsvp, MessageKind.WAITLISTED)


def _on_promoted(sender: Flask, rsvp: Rsvp, **_: object) -> None:
    _record(sender, rsvp, MessageKind.PROMOTED)


def _on_changed(sender: Flask, rsvp: Rsvp, **_: object) -> None:
    _record(sender, rsvp, MessageKind.CHANGED)


def _on_cancelled(sender: Flask, rsvp: Rsvp, **_: object) -> None:
    _record(sender, rsvp, MessageKind.CANCELLED)


def _on_committed(sender: Flask, **_: object) -> None:
    if not sender.extensions.get(EXTENSION_KEY):
        return
    try:
        send_recorded()
    except Exception:  # the RSVP is committed; the sweep re-enqueues what could not be handed over
        log.exception("could not hand recorded messages to the job queue")


LINK_RESEND_QUIET = timedelta(minutes=15)


def _on_link_requested(sender: Flask, rsvp_id: int, **_: object) -> None:
    """A duplicate RSVP: mail the family its own links again (at most once per quarter hour)."""
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None or rsvp.status == RsvpStatus.CANCELLED:
        return
    recent = db.session.scalar(select(OutboundMessage.id).where(
        OutboundMessage.rsvp_id == rsvp_id, OutboundMessage.created_at >= utcnow() - LINK_RESEND_QUIET).limit(1))
    if recent is None and sender.extensions.get(EXTENSION_KEY):
        kind = MessageKind.TICKET if rsvp.status == RsvpStatus.CONFIRMED else MessageKind.WAITLISTED
        try:
            queue_message(rsvp_id, kind)
        except Exception:  # never fail the family's request over a mail
            db.session.rollback()
            log.exception("could not queue the %s message for RSVP %s", kind.value, rsvp_id)


def init_app(app: Flask) -> None:
    """Send households an email when their RSVP is confirmed, waitlisted, promoted, changed or cancelled."""
    app.extensions[EXTENSION_KEY] = True
    # Module-level receivers, connected once for every app (blinker keeps one of each).
    signals.rsvp_confirmed.connect(_on_confirmed)
    signals.rsvp_waitlisted.connect(_on_waitlisted)
    signals.rsvp_promoted.connect(_on_promoted)
    signals.rsvp_changed.connect(_on_changed)
    signals.rsvp_cancelled.connect(_on_cancelled)
    signals.rsvps_committed.connect(_on_committed)
    signals.rsvp_link_requested.connect(_on_link_requested)
