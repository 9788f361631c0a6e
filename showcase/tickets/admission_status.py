"""Hooks through which later domains add to a ticket's state line without tickets importing them.

The door (checkin) registers a provider that says how many of the party are already inside;
the ticket page and the PDF then show "admitted N of M". Imports keep flowing one way:
checkin imports tickets, never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..events.models import Rsvp


@dataclass(frozen=True)
class AdmissionSummary:
    """How much of a household's party has come through the door."""

    admitted: int
    party_size: int
    last_checkin_at: datetime | None = None

    @property
    def all_inside(self) -> bool:
        """Whether everyone the ticket admits is inside."""
        return self.admitted >= self.party_size


AdmissionProvider = Callable[[Rsvp], AdmissionSummary | None]
_providers: list[AdmissionProvider] = []


def register_admission_provider(provider: AdmissionProvider) -> None:
    """Let ``provider(rsvp)`` report admissions for ticket pages (registering twice is harmless)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_admission_provider(provider: AdmissionProvider) -> None:
    """Stop asking ``provider`` (tests and app teardown)."""
    if provider in _providers:
        _providers.remove(provider)


def admission_summary(rsvp: Rsvp) -> AdmissionSummary | None:
    """The first admission summary any registered provider has for ``rsvp``, or None."""
    for provider in _providers:
        summary = provider(rsvp)
        if summary is not None:
            return summary
    return None
