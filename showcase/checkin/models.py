"""Doors, admissions at the door, and seats released from households that did not come."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..events.models import Rsvp
from ..extensions import Model


class DoorDevice(Model):
    """A scanner or phone allowed to admit people at one event, by a bearer token."""

    __tablename__ = "door_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: shown on verdicts and in the log, e.g. "Door 2"
    name: Mapped[str] = mapped_column(String(60))
    #: SHA-256 of the bearer token; the token itself is printed once and never stored
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: after this moment the token stops working (None: until revoked or the event is archived)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Admission(Model):
    """People of one household let in at one moment by one door (undone ones stay, marked)."""

    __tablename__ = "admissions"
    __table_args__ = (
        Index("ix_admissions_event_created", "event_id", "created_at"),
        Index("ix_admissions_rsvp", "rsvp_id"),
        #: only a conflicting offline admission may count nobody (the party was already all in)
        CheckConstraint("people >= 1 OR conflict", name="admits_someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"))
    #: people let in by this admission (lap infants included)
    people: Mapped[int]
    #: the door's name as shown to staff: a device's name or the staff member's name
    door_name: Mapped[str] = mapped_column(String(100))
    #: the signed-in staff member who admitted (None when a door device did)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("door_devices.id", ondelete="SET NULL"))
    #: how the household was found: "scan", "search", "walk_in", "waitlist" or "paper"
    method: Mapped[str] = mapped_column(String(20), default="scan")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when recorded, if later than created_at (paper admissions entered after a network failure)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    undone_by_device_id: Mapped[int | None] = mapped_column(
        ForeignKey("door_devices.id", ondelete="SET NULL"))

    #: idempotency key made by the door device (a UUID): the same key is applied once
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    #: an offline door let in more people than were still outside (another door had admitted them)
    conflict: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    #: people the offline door let in, when that was more than it could count (a conflict)
    people_claimed: Mapped[int | None]
    #: an organizer checked the conflict with the family: it leaves the lists of conflicts to check
    conflict_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conflict_checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    rsvp: Mapped[Rsvp] = relationship()


class NoShowPolicy(Model):
    """When an event's confirmed households that have not arrived lose their seats to walk-ins."""

    __tablename__ = "no_show_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    #: chosen by the organizer, at or after the event's start
    release_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: when the release ran (None while it is still to come)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NoShowRelease(Model):
    """One household whose seats were released because nobody of it had arrived in time."""

    __tablename__ = "no_show_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), unique=True)
    seats: Mapped[int]
    released_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: when the household was told (set by whoever sends the message, see signals.no_show_released)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
