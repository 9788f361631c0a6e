"""Background work of accounts: the nightly housekeeping of sign-in sessions and failure counts."""

from __future__ import annotations

from flask import current_app

from ..jobs import periodic_job
from .sessions import forget_dead_sessions
from .throttle import forget_stale_failures


@periodic_job(minute="41", hour="3")
def nightly_sign_in_housekeeping() -> tuple[int, int]:
    """Every night at 03:41: drop dead sessions and stale failure counts; (sessions, counts) removed."""
    return (forget_dead_sessions(current_app.permanent_session_lifetime), forget_stale_failures())
