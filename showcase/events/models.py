"""Event, Community and Rsvp."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..extensions import Model, db
from .field_limits import (
    ACCESSIBILITY_NEEDS_MAX,
    ALLERGY_MAX,
    CHILDREN_AGES_MAX,
    CONTACT_NAME_MAX,
    EMAIL_MAX,
    PHONE_STORED_MAX,
    PHOTO_CONSENT_BY_MAX,
    PHOTO_CONSENT_FOR_MAX,
)


class Event(Model):
    """A community event with a number of seats that households RSVP for."""

    __tablename__ = "events"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_ko: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    #: IANA zone the event's times are shown in, e.g. Asia/Seoul
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    venue_ko: Mapped[str] = mapped_column(String(200), default="")
    venue_en: Mapped[str] = mapped_column(String(200), default="")
    address_ko: Mapped[str] = mapped_column(String(300), default="")
    address_en: Mapped[str] = mapped_column(String(300), default="")
    host_ko: Mapped[str] = mapped_column(String(200), default="")
    host_en: Mapped[str] = mapped_column(String(200), default="")
    #: seats in the room; confirmed households never take more than this
    capacity: Mapped[int]
    rsvp_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rsvp_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: most people (adults, children and lap infants) one household may bring
    max_party_size: Mapped[int] = mapped_column(default=6)
    #: whether lap infants (under 24 months) need a seat of their own
    infants_take_seat: Mapped[bool] = mapped_column(default=False)
    #: structured needs the RSVP form offers, keys of showcase.events.needs joined by commas
    offered_needs: Mapped[str] = mapped_column(String(200), default="")
    #: how households are told: "email", "text" (KakaoTalk/SMS) or "both"; one reachable way is always used
    message_channels: Mapped[str] = mapped_column(String(10), default="both", server_default="both")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    communities: Mapped[list[Community]] = relationship(
        back_populates="event", order_by="Community.name", cascade="all, delete-orphan")
    rsvps: Mapped[list[Rsvp]] = relationship(back_populates="event", cascade="all, delete-orphan")

    def rsvp_window_state(self, now: datetime) -> str:
        """"open", "not_yet_open" or "closed" at ``now``."""
        if self.rsvp_opens_at and now < self.rsvp_opens_at:
            return "not_yet_open"
        closes = self.rsvp_closes_at or self.starts_at
        if now >= closes:
            return "closed"
        return "open"


class Community(Model):
    """A childcare-community team taking part in an event (RSVPs may name one)."""

    __tablename__ = "communities"
    __table_args__ = (db.UniqueConstraint("event_id", "name", name="uq_communities_event_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    district: Mapped[str] = mapped_column(String(60), default="")
    leader_name: Mapped[str] = mapped_column(String(100), default="")
    leader_phone: Mapped[str] = mapped_column(String(PHONE_STORED_MAX), default="")
    leader_email: Mapped[str] = mapped_column(String(254), default="")
    households: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="communities")


class RsvpStatus(enum.StrEnum):
    """Where a household stands."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Rsvp(Model):
    """One household's RSVP: its party, contact details and place (confirmed or waiting)."""

    __tablename__ = "rsvps"
    __table_args__ = (
        Index("ix_rsvps_event_status", "event_id", "status"),
        Index("ix_rsvps_event_waitlist", "event_id", "status", "waitlisted_at", "id"),
        # "does this phone or email already have an RSVP for this event?", asked under the seat lock
        Index("ix_rsvps_event_phone", "event_id", "phone"),
        Index("ix_rsvps_event_email", "event_id", "email"),
        CheckConstraint("adults >= 1", name="at_least_one_adult"),
        CheckConstraint("children >= 0 AND infants >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    status: Mapped[RsvpStatus] = mapped_column(Enum(RsvpStatus, native_enum=False, length=20,
                                                    values_callable=lambda e: [m.value for m in e]))
    contact_name: Mapped[str] = mapped_column(String(CONTACT_NAME_MAX))
    #: E.164 form (+821012345678), or "" when only an email was given
    phone: Mapped[str] = mapped_column(String(PHONE_STORED_MAX), default="")
    #: lower-cased, or "" when only a phone was given
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), default="")
    adults: Mapped[int]
    children: Mapped[int] = mapped_column(default=0)
    infants: Mapped[int] = mapped_column(default=0)
    #: seats this party takes: adults + children (+ infants when the event says they take one)
    seats: Mapped[int]
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id", ondelete="SET NULL"))
    #: anything else the household needs, in its own words
    accessibility_needs: Mapped[str] = mapped_column(String(ACCESSIBILITY_NEEDS_MAX), default="")
    need_wheelchair: Mapped[bool] = mapped_column(default=False)
    need_stroller: Mapped[bool] = mapped_column(default=False)
    need_nursing_room: Mapped[bool] = mapped_column(default=False)
    need_sign_language: Mapped[bool] = mapped_column(default=False)
    #: a child's allergy, in the family's words ("egg, peanuts")
    allergy_note: Mapped[str] = mapped_column(String(ALLERGY_MAX), default="")
    #: children's ages in years, "3, 5" (optional: for the childcare corner and snacks)
    children_ages: Mapped[str] = mapped_column(String(CHILDREN_AGES_MAX), default="")
    #: a guardian agreed that the household, children included, may be photographed and filmed
    photo_consent: Mapped[bool] = mapped_column(default=False)
    #: the guardian who gave or withdrew the consent (their name as typed)
    photo_consent_by: Mapped[str] = mapped_column(String(PHOTO_CONSENT_BY_MAX), default="")
    #: whom it covers: the children's names as typed, or "" for everyone in the party
    photo_consent_for: Mapped[str] = mapped_column(String(PHOTO_CONSENT_FOR_MAX), default="")
    #: when the consent was last given or withdrawn (None: never answered)
    photo_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: language for this household's pages and messages
    locale: Mapped[str] = mapped_column(String(5), default="ko")
    #: random salt the manage and ticket tokens are derived from (see showcase.tokens)
    token_salt: Mapped[str] = mapped_column(String(64))
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: place in the waitlist: earlier waits first; kept when a large family is passed over
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "family", "organizer", "door" … who created it
    source: Mapped[str] = mapped_column(String(20), default="family")

    event: Mapped[Event] = relationship(back_populates="rsvps")
    community: Mapped[Community | None] = relationship()

    @property
    def party_size(self) -> int:
        """People in the party, lap infants included."""
        return self.adults + self.children + self.infants

    @property
    def is_active(self) -> bool:
        """Confirmed or waiting (not cancelled)."""
        return self.status != RsvpStatus.CANCELLED
