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


def party_summary(adults: int, children: int, infants: int, seats: int | None = None) -> str:
    """"2 adults, 1 child — 3 seats" in the reader's language; zero counts are left out."""
    from flask_babel import ngettext

    parts = [ngettext("%(num)d adult", "%(num)d adults", adults)]
    if children:
        parts.append(ngettext("%(num)d child", "%(num)d children", children))
    if infants:
        parts.append(ngettext("%(num)d lap infant", "%(num)d lap infants", infants))
    text = ", ".join(parts)
    if seats is not None:
        text += " — " + ngettext("%(num)d seat", "%(num)d seats", seats)
    return text
