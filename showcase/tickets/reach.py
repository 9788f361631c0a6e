"""Which channels tell a household about an event: the organizer's choice, and never nobody."""

from __future__ import annotations

from ..events.models import Event, Rsvp
from .channels import CHANNELS, Channel

#: the organizer's choices per event (Event.message_channels) and the channels each allows
CHOICES: dict[str, frozenset[str]] = {
    "email": frozenset({"email"}),
    "text": frozenset({"text"}),
    "both": frozenset({"email", "text"}),
}


def channels_for(rsvp: Rsvp, event: Event, only: str | None = None) -> list[tuple[Channel, str]]:
    """(channel, address) pairs that tell ``rsvp``'s household; ``only`` restricts to one channel.

    The event's choice decides among the contacts a household gave, but a household the chosen
    channel cannot reach (only an email where the event texts) is told on the contact it gave.
    """
    reachable = [(channel, address) for channel in CHANNELS
                 if (address := channel.address_for(rsvp)) and (only is None or channel.name == only)]
    if only is not None:
        return reachable
    allowed = CHOICES.get(event.message_channels or "both", CHOICES["both"])
    chosen = [(channel, address) for channel, address in reachable if channel.name in allowed]
    return chosen or reachable
