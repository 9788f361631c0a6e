"""Signals sent inside the unit of work of a check-in change, before it commits (sender=app,
keyword ``rsvp_id``): a receiver's rows commit with the change, or neither does.

``no_show_released``: a confirmed household had nobody at the door by the organizer's release
time, so its seats went to walk-ins and its RSVP is cancelled. The tickets domain tells the
family (email); ``showcase.checkin.no_shows.mark_notified`` records that it did.
"""

from blinker import Namespace

_signals = Namespace()

no_show_released = _signals.signal("no-show-released")
