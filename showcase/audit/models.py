"""The audit log's one table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import Model


class AuditEntry(Model):
    """One sensitive action. Rows are only ever added; they outlive the event and the account they name."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_event_at", "event_id", "at"),
                      Index("ix_audit_entries_action_at", "action", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the signed-in account that acted; None for the command line and background jobs
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: who acted, as shown then (an account's email, "command line", "scheduled job"): kept if the account goes
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    #: one of showcase.audit.services.ACTIONS
    action: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    #: what was acted on, e.g. "rsvp 12" or "households.csv"; never a family's name or contact
    target: Mapped[str] = mapped_column(String(200), default="")
    #: figures of the change (capacity from/to, rows exported, households anonymised)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
