"""What a phone shows for each message kind, in the household's language, with absolute links.

One wording per kind serves all three media: an Alimtalk template registered with Kakao is this
wording with ``#{variable}`` holes (``template_text``), and the same words, filled in, go as SMS
(up to 90 bytes in EUC-KR) or LMS (longer) when Alimtalk is not configured or cannot be delivered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale

from ...events.models import Event, Rsvp
from ...events.wording import party_summary
from ...i18n import format_in_zone, localized
from ...urls import absolute_url
from ..kinds import wording_of
from ..models import MessageKind, OutboundMessage
from ..services import ticket_for

#: SMS holds up to 90 bytes in EUC-KR (45 Korean letters); longer text goes as LMS
SMS_MAX_BYTES = 90
#: an LMS subject holds up to 40 bytes in EUC-KR
LMS_SUBJECT_MAX_BYTES = 40

#: a line naming the ticket only means something when the household has one: this line is dropped then
TICKET_LINE_MARK = "#{ticket_url}"


@dataclass(frozen=True)
class TextMessage:
    """A text message ready to hand over: what the phone shows and how it should travel."""

    to: str                      # E.164, e.g. +821012345678
    kind: str
    medium: str                  # "alimtalk", "sms" or "lms"
    text: str
    subject: str = ""            # LMS only
    template_code: str = ""      # Alimtalk only: the approved template's id
    variables: dict[str, str] = field(default_factory=dict)


def euc_kr_bytes(text: str) -> int:
    """How many bytes ``text`` takes in EUC-KR, as Korean carriers count an SMS."""
    return len(text.encode("euc-kr", errors="replace"))


def sms_or_lms(text: str) -> str:
    """"sms" when ``text`` fits one SMS (90 bytes in EUC-KR), otherwise "lms"."""
    return "sms" if euc_kr_bytes(text) <= SMS_MAX_BYTES else "lms"


def template_text(kind: MessageKind, locale: str, with_ticket: bool = True) -> str:
    """The wording of ``kind`` with its #{variable} holes: what is registered with Kakao as a template.

    Without a ticket (a waiting household asking for its links) the ticket line is left out.
    """
    with force_locale(locale):
        body = str(wording_of(kind).text)
    if not with_ticket:
        body = "\n".join(line for line in body.split("\n") if TICKET_LINE_MARK not in line)
    return body


def _variables(rsvp: Rsvp, event: Event, locale: str) -> dict[str, str]:
    ticket = ticket_for(rsvp)
    with force_locale(locale):
        where = localized(event, "venue", locale)
        return {
            "#{event}": localized(event, "title", locale),
            "#{name}": rsvp.contact_name,
            "#{party}": party_summary(rsvp.adults, rsvp.children, rsvp.infants),
            "#{when}": format_in_zone(event.starts_at, event.timezone, language=locale),
            "#{where}": where,
            "#{position}": str(ticket.waitlist_position or ""),
            "#{ticket_url}": ticket.url,
            "#{manage_url}": ticket.manage_url,
            "#{event_url}": absolute_url("events.show", slug=event.slug),
        }


def fill(template: str, variables: dict[str, str]) -> str:
    """``template`` with each #{variable} replaced by its value."""
    for name, value in variables.items():
        template = template.replace(name, value)
    return template


def alimtalk_template_code(kind: MessageKind, locale: str) -> str:
    """The approved Alimtalk template for ``kind`` in ``locale`` (config ALIMTALK_TEMPLATES), or ""."""
    config = current_app.config
    if not config.get("KAKAO_CHANNEL_ID"):
        return ""
    templates = config.get("ALIMTALK_TEMPLATES") or {}
    return str((templates.get(locale) or {}).get(kind.value, ""))


def compose_text(message: OutboundMessage) -> TextMessage:
    """The text for ``message``, written now from the household's current state."""
    rsvp = message.rsvp
    event = rsvp.event
    kind = message.kind
    with_ticket = ticket_for(rsvp).admits_anyone
    variables = _variables(rsvp, event, message.locale)
    wording = template_text(kind, message.locale, with_ticket)
    text = fill(wording, variables)
    with force_locale(message.locale):
        subject = f"[{localized(event, 'title', message.locale)}] {wording_of(kind).text_subject}"
    # an approved template fits only the full wording (a waiting household's links lack the ticket line)
    template_code = alimtalk_template_code(kind, message.locale) if wording == template_text(
        kind, message.locale) else ""
    if template_code:
        used = {name: value for name, value in variables.items() if name in wording}
        return TextMessage(message.recipient, kind.value, "alimtalk", text, _clip_subject(subject),
                           template_code, used)
    medium = sms_or_lms(text)
    return TextMessage(message.recipient, kind.value, medium, text,
                       _clip_subject(subject) if medium == "lms" else "")


def _clip_subject(subject: str) -> str:
    while euc_kr_bytes(subject) > LMS_SUBJECT_MAX_BYTES:
        subject = subject[:-1]
    return subject
