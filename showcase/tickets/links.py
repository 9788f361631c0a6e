""""Lost your link?": a household is sent its manage and ticket links again, on a contact it gave.

The answer never says whether a contact is registered (nobody can probe who comes), and a
household gets at most one link message per quarter hour, however often it or anyone asks;
other messages (a confirmation a minute ago) do not hold the links back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import unit_of_work, utcnow
from ..events.contacts import normalize_email, normalize_phone
from ..events.households import PHONE_REFUSAL
from ..events.models import Event, Rsvp, RsvpStatus
from ..extensions import db
from ..refusals import Refusal
from .delivery import record_message
from .models import MessageKind, OutboundMessage

log = logging.getLogger(__name__)

#: a household is sent its links at most once in this long
LINKS_QUIET = timedelta(minutes=15)


class InvalidLinkRequest(Refusal):
    """A link request without a usable phone number or email address."""

    code = "invalid_link_request"


@dataclass(frozen=True)
class Contact:
    """A phone number (E.164) or an email address, normalised; exactly one is set."""

    phone: str = ""
    email: str = ""


def parse_contact(phone: str | None, email: str | None) -> Contact:
    """The contact a family typed, normalised; InvalidLinkRequest with field messages otherwise."""
    phone, email = (phone or "").strip(), (email or "").strip()
    if not phone and not email:
        raise InvalidLinkRequest(_l("Enter the mobile number or email address you gave with your RSVP."),
                                 {"phone": _l("Enter the mobile number or email address you gave with your RSVP.")})
    if phone:
        try:
            return Contact(phone=normalize_phone(phone))
        except ValueError:
            raise InvalidLinkRequest(_l("Please correct the highlighted fields."), {"phone": PHONE_REFUSAL}) from None
    try:
        return Contact(email=normalize_email(email))
    except ValueError:
        raise InvalidLinkRequest(_l("Please correct the highlighted fields."),
                                 {"email": _l("Enter a valid email address, such as name@example.com.")}) from None


def _household(event_id: int, contact: Contact) -> Rsvp | None:
    column, value = (Rsvp.phone, contact.phone) if contact.phone else (Rsvp.email, contact.email)
    return db.session.scalar(select(Rsvp).where(Rsvp.event_id == event_id, column == value,
                                                Rsvp.status != RsvpStatus.CANCELLED)
                             .order_by(Rsvp.id).limit(1).with_for_update())


def _links_sent_since(rsvp_id: int, since: datetime) -> bool:
    return db.session.scalar(select(OutboundMessage.id).where(
        OutboundMessage.rsvp_id == rsvp_id, OutboundMessage.kind == MessageKind.LINKS,
        OutboundMessage.created_at >= since).limit(1)) is not None


def request_links(event: Event, contact: Contact, now: datetime | None = None) -> None:
    """Send the household of ``event`` with this contact its links on that contact (if any, and
    not in the last quarter hour). Returns nothing: callers answer the same either way."""
    now = now or utcnow()
    with unit_of_work():  # one at a time per household: two quick requests send one message
        rsvp = _household(event.id, contact)
        if rsvp is None or _links_sent_since(rsvp.id, now - LINKS_QUIET):
            return
        record_message(rsvp, MessageKind.LINKS, now=now, only="text" if contact.phone else "email")


def resend_links_to_household(rsvp_id: int, now: datetime | None = None) -> None:
    """A duplicate RSVP: send the household its links on the contacts it gave (quarter-hour rule)."""
    now = now or utcnow()
    with unit_of_work():
        rsvp = db.session.scalar(select(Rsvp).where(Rsvp.id == rsvp_id).with_for_update())
        if rsvp is None or rsvp.status == RsvpStatus.CANCELLED or _links_sent_since(rsvp.id, now - LINKS_QUIET):
            return
        record_message(rsvp, MessageKind.LINKS, now=now)
