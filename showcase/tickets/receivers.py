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
from .models import MessageKind, OutboundMessage
from .notifications import queue_message

log = logging.getLogger(__name__)
EXTENSION_KEY = "showcase.tickets.notifications"


def _notify(app: Flask, rsvp_id: int, kind: MessageKind) -> None:
    if not app.extensions.get(EXTENSION_KEY):
        return
    try:
        queue_message(rsvp_id, kind)
    except Exception:  # the RSVP itself is committed; never fail the family's request over a mail
        db.session.rollback()
        log.exception("could not queue the %s message for RSVP %s", kind.value, rsvp_id)


def _on_confirmed(sender: Flask, rsvp_id: int, **_: object) -> None:
    _notify(sender, rsvp_id, MessageKind.CONFIRMED)


def _on_waitlisted(sender: Flask, rsvp_id: int, **_: object) -> None:
    _notify(sender, rsvp_id, MessageKind.WAITLISTED)


def _on_promoted(sender: Flask, rsvp_id: int, **_: object) -> None:
    _notify(sender, rsvp_id, MessageKind.PROMOTED)


def _on_changed(sender: Flask, rsvp_id: int, **_: object) -> None:
    _notify(sender, rsvp_id, MessageKind.CHANGED)


def _on_cancelled(sender: Flask, rsvp_id: int, **_: object) -> None:
    _notify(sender, rsvp_id, MessageKind.CANCELLED)


LINK_RESEND_QUIET = timedelta(minutes=15)


def _on_link_requested(sender: Flask, rsvp_id: int, **_: object) -> None:
    """A duplicate RSVP: mail the family its own links again (at most once per quarter hour)."""
    rsvp = db.session.get(Rsvp, rsvp_id)
    if rsvp is None or rsvp.status == RsvpStatus.CANCELLED:
        return
    recent = db.session.scalar(select(OutboundMessage.id).where(
        OutboundMessage.rsvp_id == rsvp_id, OutboundMessage.created_at >= utcnow() - LINK_RESEND_QUIET).limit(1))
    if recent is None:
        _notify(sender, rsvp_id, MessageKind.TICKET if rsvp.status == RsvpStatus.CONFIRMED else MessageKind.WAITLISTED)


def register_notifications(app: Flask) -> None:
    """Send households an email when their RSVP is confirmed, waitlisted, promoted, changed or cancelled."""
    app.extensions[EXTENSION_KEY] = True
    # Module-level receivers, connected once for every app (blinker keeps one of each).
    signals.rsvp_confirmed.connect(_on_confirmed)
    signals.rsvp_waitlisted.connect(_on_waitlisted)
    signals.rsvp_promoted.connect(_on_promoted)
    signals.rsvp_changed.connect(_on_changed)
    signals.rsvp_cancelled.connect(_on_cancelled)
    signals.rsvp_link_requested.connect(_on_link_requested)
