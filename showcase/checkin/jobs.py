"""Background work of the door: releasing no-shows' seats when the organizer's chosen time comes."""

from __future__ import annotations

from ..jobs import periodic_job
from .no_shows import release_due


@periodic_job(minute="*")
def release_due_no_shows() -> int:
    """Every minute: release the seats of households that had not arrived by the chosen time."""
    return release_due()
