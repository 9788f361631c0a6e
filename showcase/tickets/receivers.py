"""Tell households about their RSVP: listeners on the events domain's signals."""

from __future__ import annotations

import logging

from flask import Flask

from ..events import signals
from ..events.models import Rsvp
from .delivery import record_message
from .links import resend_links_to_household
from .models import MessageKind

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


def _on_link_requested(sender: Flask, rsvp_id: int, **_: object) -> None:
    """A duplicate RSVP: send the family its own links again (at most once per quarter hour)."""
    if not sender.extensions.get(EXTENSION_KEY):
        return
    try:
        resend_links_to_household(rsvp_id)
    except Exception:  # never fail the family's request over a message (its unit rolled back)
        log.exception("could not queue the links message for RSVP %s", rsvp_id)


def init_app(app: Flask) -> None:
    """Tell households (email, text) when their RSVP is confirmed, waitlisted, promoted, changed or cancelled."""
    from .channels import install_channel
    from .texting.channel import TextChannel

    install_channel(TextChannel())
    app.extensions[EXTENSION_KEY] = True
    # Module-level receivers, connected once for every app (blinker keeps one of each).
    signals.rsvp_confirmed.connect(_on_confirmed)
    signals.rsvp_waitlisted.connect(_on_waitlisted)
    signals.rsvp_promoted.connect(_on_promoted)
    signals.rsvp_changed.connect(_on_changed)
    signals.rsvp_cancelled.connect(_on_cancelled)
    signals.rsvp_link_requested.connect(_on_link_requested)
