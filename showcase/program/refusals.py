"""Refusals raised by the program services, each with a message for the organizer."""

from __future__ import annotations

from ..refusals import Refusal


class ProgramError(Refusal):
    """A refused program change (see showcase.refusals.Refusal)."""


class InvalidItem(ProgramError):
    """An item's title, texts or time do not pass the rules."""


class OrderChanged(ProgramError):
    """The order sent does not match the items the event has (someone else changed them)."""


class NotPublishable(ProgramError):
    """The program cannot be built or published as it stands (times out of order, …)."""
