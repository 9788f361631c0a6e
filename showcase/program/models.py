"""ProgramItem (one line of the run of show) and ProgramSettings (per-event words and publishing)."""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import Enum, ForeignKey, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..events.models import Event
from ..extensions import Model


class ItemKind(enum.StrEnum):
    """What happens in a slot of the run of show."""

    WELCOME = "welcome"
    PERFORMANCE = "performance"
    VIDEO_BLOCK = "video_block"
    TALK = "talk"
    BREAK = "break"


class ProgramItem(Model):
    """One item of an event's run of show."""

    __tablename__ = "program_items"
    __table_args__ = (Index("ix_program_items_event_position", "event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    #: order in the run of show, 1 first; kept dense (1..n) by the services
    position: Mapped[int]
    #: wall-clock start in the event's own time zone on the event day; None = no time printed
    start_time: Mapped[time | None] = mapped_column(Time)
    kind: Mapped[ItemKind] = mapped_column(Enum(ItemKind, native_enum=False, length=20,
                                                values_callable=lambda e: [m.value for m in e]))
    title_ko: Mapped[str] = mapped_column(String(120), default="")
    title_en: Mapped[str] = mapped_column(String(120), default="")
    performers_ko: Mapped[str] = mapped_column(String(200), default="")
    performers_en: Mapped[str] = mapped_column(String(200), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()


class ProgramSettings(Model):
    """An event's program: the organizer's welcome words, figures and the published PDF."""

    __tablename__ = "program_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    welcome_ko: Mapped[str] = mapped_column(Text, default="")
    welcome_en: Mapped[str] = mapped_column(Text, default="")
    #: who signs the welcome words, e.g. "부산육아종합지원센터장"
    welcome_signature_ko: Mapped[str] = mapped_column(String(120), default="")
    welcome_signature_en: Mapped[str] = mapped_column(String(120), default="")
    #: people taking part in the whole programme (not just this event); None = not printed
    participants: Mapped[int | None]
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: file name of the published PDF inside the program folder (instance/media/programs)
    published_file: Mapped[str | None] = mapped_column(String(200))
    #: SHA-256 of the published PDF, used as its ETag
    published_sha256: Mapped[str | None] = mapped_column(String(64))
    published_size: Mapped[int | None]
    #: "a5", "booklet" or "a4" and "ko", "en" or "both" of the published PDF
    published_layout: Mapped[str | None] = mapped_column(String(10))
    published_language: Mapped[str | None] = mapped_column(String(5))
    #: SHA-256 of what the published PDF was built from (run of show, words, finalists): a different one means stale
    published_source_sha256: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
