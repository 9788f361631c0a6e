"""Retention settings per event and the record of which households were anonymised."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import Model

DEFAULT_RETENTION_DAYS = 90


class RetentionPolicy(Model):
    """How long after an event its households' personal data is kept (no row: the default 90 days)."""

    __tablename__ = "retention_policies"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: days after the event's end (its start when it has no end) before contacts are anonymised
    days: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_DAYS)
    #: when the event's households were last purged; None until then
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AnonymisedHousehold(Model):
    """A household whose name, contacts and links were wiped; its party counts stay for statistics."""

    __tablename__ = "anonymised_households"

    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "retention" (the purge after the event) or "family" (deleted from its own manage link)
    reason: Mapped[str] = mapped_column(String(20))
