"""The emails households get, in their own language: text and HTML, the QR inline, the .ics attached."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from ..database import utcnow
from ..events.models import Event
from ..extensions import db
from ..i18n import localized
from ..urls import absolute_url
from .ics import event_ics
from .kinds import CANCEL_KINDS, TICKET_KINDS, wording_of  # noqa: F401 (TICKET_KINDS: outbox, delivery)
from .models import MessageKind, OutboundMessage
from .services import ticket_for

QR_CID_NAME = "ticket-qr"
#: CRLF line ends for SMTP; long header lines so Python 3.11's folder does not split a Korean
#: subject between encoded words, where mail readers drop the space (fixed in later Pythons)
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)


def subject_for(kind: MessageKind, event: Event, locale: str) -> str:
    """The subject line of a ``kind`` message about ``event``, in ``locale``."""
    with force_locale(locale):
        return f"[{localized(event, 'title', locale)}] {wording_of(kind).headline}"


def invitation_sequence(message: OutboundMessage) -> int:
    """The SEQUENCE of the invitation in ``message``: how many emails the household was sent before it."""
    return db.session.scalar(select(func.count()).select_from(OutboundMessage).where(
        OutboundMessage.rsvp_id == message.rsvp_id, OutboundMessage.channel == "email",
        OutboundMessage.id < message.id)) or 0


def _domain() -> str:
    sender = current_app.config["MAIL_FROM"]
    return sender.rsplit("@", 1)[-1].strip(" >") or "showcase.local"


def compose_email(message: OutboundMessage) -> EmailMessage:
    """The email for ``message`` from the household's current state, ready to send."""
    rsvp = message.rsvp
    ticket = ticket_for(rsvp)
    kind = wording_of(message.kind)
    with_ticket = (kind.carries_ticket or kind.shows_ticket_if_any) and ticket.admits_anyone
    qr_cid = make_msgid(idstring=QR_CID_NAME, domain=_domain())
    context = dict(message=message, kind=message.kind.value, ticket=ticket, rsvp=rsvp,
                   event=ticket.event, with_ticket=with_ticket, qr_cid=qr_cid[1:-1],
                   withdrawn=kind.withdraws_invitation,
                   event_url=absolute_url("events.show", slug=ticket.event.slug))
    with force_locale(message.locale):
        context["headline"] = str(kind.headline)
        context["intro"] = str(kind.email_intro) % {"position": ticket.waitlist_position or 0}
        text = render_template("tickets/email/message.txt", **context)
        html = render_template("tickets/email/message.html", **context)
        subject = subject_for(message.kind, ticket.event, message.locale)

    mail = EmailMessage(policy=MAIL_POLICY)
    mail["Subject"] = subject
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = message.recipient
    mail["Date"] = format_datetime(utcnow())
    mail["Message-ID"] = make_msgid(idstring=f"msg{message.id}", domain=_domain())
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(text, cte="base64")
    mail.add_alternative(html, subtype="html", cte="base64")
    if with_ticket:
        html_part = list(mail.iter_parts())[1]  # [text, html]: get_payload() is typed for any message
        html_part.add_related(ticket.qr_png(), maintype="image", subtype="png", cid=qr_cid,
                              filename="ticket-qr.png", disposition="inline")
    if with_ticket or (message.kind in CANCEL_KINDS and rsvp.confirmed_at is not None):
        # RFC 5546: an invitation that follows the RSVP; charset declared, or readers take it as ASCII
        method = "CANCEL" if message.kind in CANCEL_KINDS else "REQUEST"
        mail.add_attachment(event_ics(rsvp, ticket.url, message.locale, method, invitation_sequence(message)),
                            maintype="text",
                            subtype="calendar", filename=f"{ticket.event.slug}.ics",
                            params={"method": method, "charset": "utf-8"})
    mail["Content-Language"] = message.locale  # after the body: set_content clears Content-* headers
    return mail
