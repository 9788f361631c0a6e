"""TeamUploadLink, SubmissionSettings, Submission and SubmissionVersion."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Enum, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow
from ..events.models import Community, Event
from ..extensions import Model, db

DEFAULT_MAX_DURATION_SECONDS = 90
DEFAULT_MAX_SIZE_BYTES = 500 * 1024 * 1024


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class TeamUploadLink(Model):
    """A team's private upload link; only the token's hash is kept, so a lost link is re-issued."""

    __tablename__ = "team_upload_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the URL token (showcase.tokens.token_hash)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set when a newer link replaces this one or an organizer revokes it
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    community: Mapped[Community] = relationship()


class SubmissionSettings(Model):
    """An event's submission window and limits (one row per event; defaults when absent)."""

    __tablename__ = "submission_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: None: open from now on
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None: open until the event starts
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_duration_seconds: Mapped[int] = mapped_column(default=DEFAULT_MAX_DURATION_SECONDS)
    max_size_bytes: Mapped[int] = mapped_column(BigInteger, default=DEFAULT_MAX_SIZE_BYTES)

    event: Mapped[Event] = relationship()


class ProcessingState(enum.StrEnum):
    """Where the background processing of an upload stands."""

    QUEUED = "queued"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class Eligibility(enum.StrEnum):
    """The organizers' review of an entry."""

    PENDING = "pending"
    ELIGIBLE = "eligible"
    DISQUALIFIED = "disqualified"


class Submission(Model):
    """A team's one video for an event; a new upload replaces it here and keeps the old one as a SubmissionVersion."""

    __tablename__ = "submissions"
    __table_args__ = (db.UniqueConstraint("event_id", "community_id", name="uq_submissions_event_community"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    title_ko: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: when the uploader confirmed that the guardians of every child shown and every adult shown agreed
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: language the team used when uploading (for messages about this entry)
    locale: Mapped[str] = mapped_column(String(5), default="ko")
    #: counts uploads; media keys include it so a replaced video never overwrites one being processed
    version: Mapped[int] = mapped_column(default=1)
    #: the name the file had on the uploader's device (cleaned; never used as a path)
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    #: media storage keys (showcase.storage)
    original_path: Mapped[str] = mapped_column(String(255))
    original_size: Mapped[int] = mapped_column(BigInteger)
    #: "mp4" (MP4/MOV) or "webm" (WebM/Matroska)
    container: Mapped[str] = mapped_column(String(10))
    #: display size, rotation metadata applied
    width: Mapped[int]
    height: Mapped[int]
    #: clockwise degrees the stored frames must turn to be shown upright (0, 90, 180, 270)
    rotation: Mapped[int] = mapped_column(default=0)
    duration: Mapped[float] = mapped_column(Float)
    state: Mapped[ProcessingState] = mapped_column(_enum(ProcessingState), default=ProcessingState.QUEUED)
    #: percent of the processing done (0–100)
    progress: Mapped[int] = mapped_column(default=0)
    #: why processing failed, in English for organizers; failure_code picks the team's message
    failure_code: Mapped[str] = mapped_column(String(40), default="")
    failure_detail: Mapped[str] = mapped_column(String(500), default="")
    #: processing attempts so far (a crashed job is retried up to a limit)
    attempts: Mapped[int] = mapped_column(default=0)
    #: last sign of life from the job processing it; a stale one is retried or failed
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    poster_path: Mapped[str | None] = mapped_column(String(255))
    transcoded_path: Mapped[str | None] = mapped_column(String(255))
    eligibility: Mapped[Eligibility] = mapped_column(_enum(Eligibility), default=Eligibility.PENDING)
    #: told to the team on its page when disqualified
    eligibility_reason: Mapped[str] = mapped_column(String(500), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: set by the judging domain while this entry is a locked finalist: the judged version must stay, so uploads are refused
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set by the judging domain when finalists are published: then anyone may watch it
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    community: Mapped[Community] = relationship()

    @property
    def orientation(self) -> str:
        """"portrait", "landscape" or "square", from the display size."""
        if self.height > self.width:
            return "portrait"
        if self.width > self.height:
            return "landscape"
        return "square"

    @property
    def media_prefix(self) -> str:
        """The storage folder of this version's files."""
        return f"submissions/{self.id}/v{self.version}"


class SubmissionVersion(Model):
    """An earlier upload of an entry, kept when the team replaced it: its files stay in storage."""

    __tablename__ = "submission_versions"
    __table_args__ = (db.UniqueConstraint("submission_id", "number", name="uq_submission_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    #: the Submission.version this upload had
    number: Mapped[int]
    title_ko: Mapped[str] = mapped_column(String(120))
    title_en: Mapped[str] = mapped_column(String(120), default="")
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    original_path: Mapped[str] = mapped_column(String(255))
    original_size: Mapped[int] = mapped_column(BigInteger)
    duration: Mapped[float] = mapped_column(Float)
    #: the processed copy and poster; None when this version never finished processing
    transcoded_path: Mapped[str | None] = mapped_column(String(255))
    poster_path: Mapped[str | None] = mapped_column(String(255))
    #: the organizers' verdict on this version when it was replaced
    eligibility: Mapped[Eligibility] = mapped_column(_enum(Eligibility), default=Eligibility.PENDING)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the next upload replaced it
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
