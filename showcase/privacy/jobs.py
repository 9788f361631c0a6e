"""Background work of privacy: the nightly purge of events past their retention period."""

from __future__ import annotations

from ..audit.services import JOB_ACTOR
from ..jobs import periodic_job
from .services import purge_due


@periodic_job(minute="17", hour="3")
def nightly_purge() -> int:
    """Every night at 03:17: anonymise households of events past their retention period."""
    return sum(report.households for report in purge_due(actor_label=JOB_ACTOR))
