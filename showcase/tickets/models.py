"""OutboundMessage: one notification to one household, with its delivery state."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..events.models import Rsvp
from ..extensions import Model


def _values(enum_class: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_class]


#: the longest kind name the message table's ``kind`` column holds
KIND_NAME_MAX = 20


class MessageKind(enum.StrEnum):
    """Why a household is told something."""

    CONFIRMED = "confirmed"      # seats at once: here is the ticket
    WAITLISTED = "waitlisted"    # on the waitlist, at position N
    PROMOTED = "promoted"        # a seat opened up: here is the ticket
    CHANGED = "changed"          # the party or details changed: the ticket admits the new party
    CANCELLED = "cancelled"      # the RSVP is cancelled; the ticket no longer admits anyone
    REMINDER = "reminder"        # the day before
    TICKET = "ticket"            # an organizer sent the ticket again
    RELEASED = "released"        # nobody had arrived by the release time: the seats went to others
    LINKS = "links"              # the family asked for its manage and ticket links again


class MessageState(enum.StrEnum):
    """Where a message is on its way out."""

    QUEUED = "queued"            # waiting for its first or next attempt
    SENDING = "sending"          # an attempt is running
    SENT = "sent"                # the mail server (or the outbox folder) accepted it
    FAILED = "failed"            # given up after the last attempt; an organizer may resend


class OutboundMessage(Model):
    """A notification to a household through one channel; the database row outlives any queue."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index("ix_outbound_messages_event_created", "event_id", "created_at"),
        Index("ix_outbound_messages_state_next", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MessageKind] = mapped_column(Enum(MessageKind, native_enum=False, length=KIND_NAME_MAX,
                                                   values_callable=_values))
    #: the Channel it goes through: "email" or "text" (KakaoTalk Alimtalk with SMS/LMS fallback)
    channel: Mapped[str] = mapped_column(String(20), default="email")
    #: language the message is written in (the household's at the time it was queued)
    locale: Mapped[str] = mapped_column(String(5), default="ko")
    #: the address it goes to (an email address, or an E.164 phone number for text)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[MessageState] = mapped_column(
        Enum(MessageState, native_enum=False, length=20, values_callable=_values),
        default=MessageState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    #: what went wrong on the last failed attempt, without personal data
    last_error: Mapped[str] = mapped_column(Text, default="")
    #: at most one message per key (e.g. "reminder:<rsvp id>"), so a reminder is never sent twice
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    #: organizer who asked for a resend, if any
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: when the next attempt is due after a failed one (None: at once); the sweep re-enqueues late ones
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: outbox file name or the mail server's answer, for tracing a delivery
    transport_ref: Mapped[str] = mapped_column(String(300), default="")
    #: how it actually went: "email", or "alimtalk", "sms", "lms" for a text message ("" until sent)
    medium: Mapped[str] = mapped_column(String(10), default="", server_default="")
    #: the text provider's id for the message, matched by its delivery reports
    provider_message_id: Mapped[str | None] = mapped_column(String(64), index=True)
    #: when the provider reported the message delivered to the phone
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    rsvp: Mapped[Rsvp] = relationship()
