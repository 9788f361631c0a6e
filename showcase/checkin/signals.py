"""Signals sent after a check-in change is committed (sender=app, keyword ``rsvp_id``).

``no_show_released``: a confirmed household had nobody at the door by the organizer's release
time, so its seats went to walk-ins and its RSVP is cancelled. The tickets domain tells the
family (email); ``showcase.checkin.no_shows.mark_notified`` records that it did.
"""

from blinker import Namespace

_signals = Namespace()

no_show_released = _signals.signal("no-show-released")
