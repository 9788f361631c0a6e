"""Refusals raised by the check-in services, each with a message for the person at the door."""

from __future__ import annotations

from ..refusals import Refusal


class CheckinError(Refusal):
    """A refused door action (see showcase.refusals.Refusal)."""


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


class DoorUnauthorized(CheckinError):
    """The door API was called without a door token that works, and not by signed-in door staff."""

    code = "unauthorized"
    status = 401
    headers = {"WWW-Authenticate": 'Bearer realm="door"'}
