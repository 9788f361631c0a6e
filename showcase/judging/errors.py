"""Refusals raised by the judging services, each carrying a message for the person who asked."""

from __future__ import annotations

from flask_babel import LazyString


class JudgingError(Exception):
    """A refused judging action: ``code`` for machines, ``message`` for people, ``fields`` per form field."""

    def __init__(self, message: str | LazyString, code: str = "invalid", status: int = 422,
                 fields: dict[str, str | LazyString] | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.status = status
        self.fields = fields or {}
