"""What the door tells the tickets domain: admissions for ticket pages, released seats by email and text."""

from __future__ import annotations

from flask import Flask

from ..tickets.admission_status import register_admission_provider
from ..tickets.delivery import queue_message
from ..tickets.models import MessageKind
from . import signals
from .core import ticket_admission
from .no_shows import mark_notified


def _tell_released_household(sender: Flask, rsvp_id: int, **_: object) -> None:
    """A household whose seats were released hears so (its RSVP is cancelled), by email and text."""
    if queue_message(rsvp_id, MessageKind.RELEASED):  # both join the release's unit of work
        mark_notified(rsvp_id)


def init_app(app: Flask) -> None:
    """Show admissions on ticket pages and mail households whose seats were released."""
    register_admission_provider(ticket_admission)
    signals.no_show_released.connect(_tell_released_household)
