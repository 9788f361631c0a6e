"""Refusals raised by the judging services, each carrying a message for the person who asked."""

from __future__ import annotations

from flask_babel import LazyString

from ..refusals import Refusal


class JudgingError(Refusal):
    """A refused judging action (see showcase.refusals.Refusal); code and status come second."""

    def __init__(self, message: str | LazyString, code: str = "invalid", status: int = 422,
                 fields: dict[str, str | LazyString] | None = None):
        super().__init__(message, fields, code, status)
