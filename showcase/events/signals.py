"""Signals about RSVP changes; tickets and notifications listen to them.

The ``rsvp_*`` signals are sent inside the unit of work that makes the change, before it commits,
with the app as sender and the changed row as ``rsvp``. A receiver may add rows to the same
session (a notification outbox, so the RSVP and the promise to tell the family commit together,
or neither does); work outside the database waits for the commit
(``database.current_unit().after_commit``).
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace
from flask import current_app

_signals = Namespace()

rsvp_confirmed = _signals.signal("rsvp-confirmed")        # a new household got seats at once
rsvp_waitlisted = _signals.signal("rsvp-waitlisted")      # a new household is waiting
rsvp_promoted = _signals.signal("rsvp-promoted")          # a waiting household got seats
rsvp_changed = _signals.signal("rsvp-changed")            # the party or details changed
rsvp_cancelled = _signals.signal("rsvp-cancelled")        # the household no longer comes

#: sent after the refusing unit of work rolled back, with ``rsvp_id``: the receiver works on its own
rsvp_link_requested = _signals.signal("rsvp-link-requested")  # a duplicate RSVP: resend the family its link


def announce_promotions(promoted: list[Any]) -> None:
    """Tell listeners, inside the transaction and before commit, that these households got seats."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is typed Flask; it is the LocalProxy
    for rsvp in promoted:
        rsvp_promoted.send(app, rsvp=rsvp)

