"""Refusals raised by the program services, each with a message for the organizer."""

from __future__ import annotations

from flask_babel import LazyString


class ProgramError(Exception):
    """Base class: ``message`` for people, ``fields`` per form field."""

    def __init__(self, message: str | LazyString, fields: dict[str, str | LazyString] | None = None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}


class InvalidItem(ProgramError):
    """An item's title, texts or time do not pass the rules."""


class OrderChanged(ProgramError):
    """The order sent does not match the items the event has (someone else changed them)."""


class NotPublishable(ProgramError):
    """The program cannot be built or published as it stands (times out of order, …)."""
