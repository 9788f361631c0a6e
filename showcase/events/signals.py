"""Signals sent after an RSVP change is committed; tickets and notifications listen to them.

Each is sent with the app as sender and ``rsvp_id`` as keyword, so receivers load fresh state.
"""

from blinker import Namespace

_signals = Namespace()

rsvp_confirmed = _signals.signal("rsvp-confirmed")        # a new household got seats at once
rsvp_waitlisted = _signals.signal("rsvp-waitlisted")      # a new household is waiting
rsvp_promoted = _signals.signal("rsvp-promoted")          # a waiting household got seats
rsvp_changed = _signals.signal("rsvp-changed")            # the party or details changed
rsvp_cancelled = _signals.signal("rsvp-cancelled")        # the household no longer comes
rsvp_link_requested = _signals.signal("rsvp-link-requested")  # a duplicate RSVP: resend the family its link
