"""Every message kind in one table: its name in the log, its email, its text and how it travels.

A kind added to ``MessageKind`` without its row here stops the app at import, not at the first
message of that kind; tests/tickets/test_message_kinds.py checks that each row is translated and
that its text uses only the variables a text message fills in.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from .models import KIND_NAME_MAX, MessageKind

#: what a text's #{variable} holes may name (what ``texting.compose`` fills in, and an Alimtalk
#: template registered with Kakao may use)
TEXT_VARIABLES = ("#{event}", "#{name}", "#{party}", "#{when}", "#{where}", "#{position}",
                  "#{ticket_url}", "#{manage_url}", "#{event_url}")


@dataclass(frozen=True)
class KindWording:
    """What a household is told for one kind, by email and by text, and how that message behaves."""

    #: the kind as organizers read it in the message log
    label: LazyString
    #: the email's heading and, after the event's title, its subject
    headline: LazyString
    #: the email's first paragraph; may name the waitlist place as %(position)d
    email_intro: LazyString
    #: the text message with its #{variable} holes: the Alimtalk template, and the SMS/LMS filled in
    text: LazyString
    #: the LMS subject, after the event's title
    text_subject: LazyString
    #: the email carries the ticket: QR code and calendar invitation
    carries_ticket: bool = False
    #: the email shows the ticket when the household has one, without being a ticket message itself
    shows_ticket_if_any: bool = False
    #: the household no longer comes: the calendar invitation is withdrawn and the email links the event page
    withdraws_invitation: bool = False
    #: a text that waits for the morning during quiet hours
    waits_for_morning: bool = False


KINDS: dict[MessageKind, KindWording] = {
    MessageKind.CONFIRMED: KindWording(
        label=_l("Confirmation"),
        headline=_l("Your RSVP is confirmed: here is your ticket"),
        email_intro=_l("Your household has seats. Show the QR code on your ticket at the entrance."),
        text=_l("[#{event}] #{name}, your RSVP is confirmed for #{party}.\n"
                "When: #{when}\nWhere: #{where}\nTicket (QR): #{ticket_url}\n"
                "Change or cancel: #{manage_url}"),
        text_subject=_l("RSVP confirmed"),
        carries_ticket=True),
    MessageKind.WAITLISTED: KindWording(
        label=_l("Waitlist notice"),
        headline=_l("You are on the waitlist"),
        email_intro=_l("You are number %(position)d on the waitlist. When seats free up and your whole party fits, "
                       "your RSVP is confirmed automatically and we send you your ticket."),
        text=_l("[#{event}] #{name}, you are number #{position} on the waitlist for "
                "#{party}. When your whole party fits, you are confirmed automatically "
                "and we send your ticket.\nYour RSVP: #{manage_url}"),
        text_subject=_l("On the waitlist")),
    MessageKind.PROMOTED: KindWording(
        label=_l("Promoted from the waitlist"),
        headline=_l("Good news: a seat opened up and your RSVP is confirmed"),
        email_intro=_l("Your household was on the waitlist and now has seats. Show the QR code on your ticket "
                       "at the entrance."),
        text=_l("[#{event}] Good news, #{name}: a seat opened up and your RSVP is confirmed "
                "for #{party}.\nWhen: #{when}\nWhere: #{where}\nTicket (QR): #{ticket_url}\n"
                "Change or cancel: #{manage_url}"),
        text_subject=_l("You have seats"),
        carries_ticket=True),
    MessageKind.CHANGED: KindWording(
        label=_l("RSVP changed"),
        headline=_l("Your RSVP was changed"),
        email_intro=_l("Your ticket stays the same and now admits the party shown below."),
        text=_l("[#{event}] #{name}, your RSVP was changed: #{party}. Your ticket stays the "
                "same.\nTicket (QR): #{ticket_url}\nYour RSVP: #{manage_url}"),
        text_subject=_l("RSVP changed"),
        carries_ticket=True),
    MessageKind.CANCELLED: KindWording(
        label=_l("Cancellation"),
        headline=_l("Your RSVP is cancelled"),
        email_intro=_l("Your ticket no longer admits anyone. If your plans change, you can RSVP again from the "
                       "event page while seats or the waitlist are open."),
        text=_l("[#{event}] #{name}, your RSVP is cancelled and your ticket no longer admits "
                "anyone. You can RSVP again while seats or the waitlist are open: #{event_url}"),
        text_subject=_l("RSVP cancelled"),
        withdraws_invitation=True),
    MessageKind.REMINDER: KindWording(
        label=_l("Day-before reminder"),
        headline=_l("See you tomorrow"),
        email_intro=_l("A reminder: the event is tomorrow. Please bring your ticket: the QR code on your phone "
                       "or printed."),
        text=_l("[#{event}] #{name}, see you tomorrow!\nWhen: #{when}\nWhere: #{where}\n"
                "Party: #{party}\nTicket (QR): #{ticket_url}"),
        text_subject=_l("See you tomorrow"),
        carries_ticket=True, waits_for_morning=True),
    MessageKind.TICKET: KindWording(
        label=_l("Ticket sent again"),
        headline=_l("Your ticket"),
        email_intro=_l("Here is your ticket again. Show the QR code at the entrance."),
        text=_l("[#{event}] #{name}, here is your ticket again for #{party}.\n"
                "Ticket (QR): #{ticket_url}\nYour RSVP: #{manage_url}"),
        text_subject=_l("Your ticket"),
        carries_ticket=True),
    MessageKind.RELEASED: KindWording(
        label=_l("Seats released at the door"),
        headline=_l("Your seats were released"),
        email_intro=_l("Nobody from your household had arrived by the release time, so your seats went to "
                       "families who were waiting. Your RSVP is cancelled."),
        text=_l("[#{event}] #{name}, nobody from your household had arrived by the release "
                "time, so your seats went to families waiting. Your RSVP is cancelled. "
                "Event page: #{event_url}"),
        text_subject=_l("Seats released"),
        withdraws_invitation=True),
    MessageKind.LINKS: KindWording(
        label=_l("Links sent again"),
        headline=_l("Your links, as you asked"),
        email_intro=_l("You asked for your links again. Keep this message: it opens your ticket and your RSVP."),
        text=_l("[#{event}] #{name}, here are your links, as you asked.\n"
                "Ticket (QR): #{ticket_url}\nSee, change or cancel: #{manage_url}"),
        text_subject=_l("Your links"),
        shows_ticket_if_any=True),
}

_unlisted = [kind.value for kind in MessageKind if kind not in KINDS]
if _unlisted:
    raise RuntimeError(f"message kinds without their wording in tickets/kinds.py: {', '.join(_unlisted)}")
_too_long = [kind.value for kind in MessageKind if len(kind.value) > KIND_NAME_MAX]
if _too_long:
    raise RuntimeError(f"message kind names longer than {KIND_NAME_MAX}: {', '.join(_too_long)}")

#: kinds whose email carries the ticket (QR code and calendar file)
TICKET_KINDS = frozenset(kind for kind, wording in KINDS.items() if wording.carries_ticket)
#: kinds after which the household no longer comes: the invitation is withdrawn (METHOD:CANCEL)
CANCEL_KINDS = frozenset(kind for kind, wording in KINDS.items() if wording.withdraws_invitation)
#: kinds that wait for the morning. Answers to the family's own action, new seats, links and what an
#: organizer sends by hand (often with the family at the desk) go at once.
NON_URGENT_KINDS = frozenset(kind for kind, wording in KINDS.items() if wording.waits_for_morning)


def wording_of(kind: MessageKind | str) -> KindWording:
    """The row of ``kind`` (a MessageKind or its name)."""
    return KINDS[MessageKind(kind)]
