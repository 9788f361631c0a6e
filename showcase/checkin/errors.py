"""Refusals raised by the check-in services, each with a message for the person at the door."""

from __future__ import annotations

from flask_babel import LazyString


class CheckinError(Exception):
    """Base class: ``code`` for the API, ``status`` for HTTP, ``message`` for people."""

    code = "invalid"
    status = 422

    def __init__(self, message: str | LazyString, fields: dict[str, str | LazyString] | None = None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}


class TooManyPeople(CheckinError):
    """More people asked to enter than the household still has outside."""

    code = "too_many"


class NoSeatsLeft(CheckinError):
    """A walk-in or waiting household does not fit in the seats that remain."""

    code = "no_seats_left"
    status = 409


class UndoRefused(CheckinError):
    """The admission cannot be undone (too old, already undone, or another door's)."""

    code = "undo_refused"
    status = 409


class HouseholdNotFound(CheckinError):
    """No household of this event has that id or code."""

    code = "not_found"
    status = 404


class InvalidEntry(CheckinError):
    """Input that cannot be used (a walk-in form, paper admissions, a release time)."""

    code = "invalid"
