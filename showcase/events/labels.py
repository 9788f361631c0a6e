"""Human names for RSVP states, in the reader's language."""

from flask_babel import lazy_gettext as _l

from .models import RsvpStatus

STATUS_LABELS = {
    RsvpStatus.CONFIRMED: _l("Confirmed"),
    RsvpStatus.WAITLISTED: _l("On the waitlist"),
    RsvpStatus.CANCELLED: _l("Cancelled"),
}


def status_label(status: RsvpStatus | str) -> str:
    """"Confirmed", "On the waitlist" or "Cancelled", translated."""
    return str(STATUS_LABELS[RsvpStatus(status)])
