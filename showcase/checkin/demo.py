"""Demo data of the door: nothing to create (staff accounts come from seed-demo); print where to go."""

from __future__ import annotations

from ..events.models import Event
from ..urls import absolute_url


def seed(event: Event) -> list[str]:
    """Lines telling where the door screen and the arrivals dashboard are (idempotent: creates nothing)."""
    return [f"Door screen (staff):       {absolute_url('checkin.door', slug=event.slug)}",
            f"Arrivals (organizer):      {absolute_url('checkin.dashboard', slug=event.slug)}",
            f"Door device token:         flask --app showcase door-token {event.slug} --name \"Door 3\""]
