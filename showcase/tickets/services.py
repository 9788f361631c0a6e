"""What a ticket shows: its links, its state and the files made from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from ..events import rsvp_tokens
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.waitlist import waitlist_position
from ..pdf import render_pdf
from ..urls import absolute_url
from .admission_status import AdmissionSummary, admission_summary
from .qr import qr_png, qr_svg

#: a party change this long after confirmation is shown as "changed" on the ticket
CHANGE_GRACE = timedelta(seconds=5)


@dataclass
class Ticket:
    """A household's ticket as pages, emails and PDFs show it."""

    rsvp: Rsvp
    event: Event
    token: str
    url: str
    manage_url: str
    admission: AdmissionSummary | None
    waitlist_position: int | None

    @property
    def admits_anyone(self) -> bool:
        """Only a confirmed household's ticket lets people in."""
        return self.rsvp.status == RsvpStatus.CONFIRMED

    @property
    def changed_at(self) -> datetime | None:
        """When the RSVP last changed after it was confirmed, if it did."""
        confirmed = self.rsvp.confirmed_at
        updated = self.rsvp.updated_at
        if confirmed and updated and updated - confirmed > CHANGE_GRACE and self.admits_anyone:
            return updated
        return None

    @property
    def state(self) -> str:
        """"admitted", "partly_admitted", "confirmed", "waitlisted" or "cancelled"."""
        if self.rsvp.status == RsvpStatus.CANCELLED:
            return "cancelled"
        if self.rsvp.status == RsvpStatus.WAITLISTED:
            return "waitlisted"
        if self.admission and self.admission.admitted > 0:
            return "admitted" if self.admission.all_inside else "partly_admitted"
        return "confirmed"

    def qr_svg(self) -> str:
        """The QR code of the ticket URL as inline SVG."""
        return qr_svg(self.url)

    def qr_png(self) -> bytes:
        """The QR code of the ticket URL as PNG."""
        return qr_png(self.url)


def ticket_url_for(rsvp: Rsvp) -> str:
    """The ticket's public address (what its QR code encodes)."""
    return absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(rsvp))


def ticket_for(rsvp: Rsvp, token: str | None = None) -> Ticket:
    """Everything a page, email or PDF needs to show ``rsvp``'s ticket."""
    token = token or rsvp_tokens.ticket_token(rsvp)
    return Ticket(rsvp=rsvp, event=rsvp.event, token=token,
                  url=absolute_url("tickets.ticket", token=token),
                  manage_url=absolute_url("events.manage_rsvp", token=rsvp_tokens.manage_token(rsvp)),
                  admission=admission_summary(rsvp) if rsvp.status == RsvpStatus.CONFIRMED else None,
                  waitlist_position=waitlist_position(rsvp))


def find_ticket(token: str) -> Ticket | None:
    """The ticket for ``token``, or None when no household has it."""
    rsvp = rsvp_tokens.find_by_ticket_token(token)
    return ticket_for(rsvp, token) if rsvp is not None else None


def ticket_pdf(ticket: Ticket, language: str) -> bytes:
    """A one-page printable ticket with the QR code, in ``language``."""
    static = Path(current_app.static_folder or "static")
    with force_locale(language):
        html = render_template("tickets/ticket_pdf.html", ticket=ticket, event=ticket.event,
                               rsvp=ticket.rsvp, language=language)
    return render_pdf(html, base_dir=static, allowed_roots=[static])
