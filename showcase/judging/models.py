"""Criterion, JudgingSettings, JudgeInvitation, Conflict, Score, JudgeComment, ScoreAudit, Finalist, TieBreakDecision,
JudgeAssignment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime, utcnow
from ..events.models import Community
from ..extensions import Model
from ..submissions.models import Submission

DEFAULT_MIN_SCORES = 3
FINALIST_COUNT = 6


class Criterion(Model):
    """One line of an event's rubric, scored by every judge on every entry."""

    __tablename__ = "judging_criteria"
    __table_args__ = (CheckConstraint("scale_min < scale_max", name="scale_ordered"),
                      CheckConstraint("weight > 0", name="weight_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name_ko: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    #: relative importance in a judge's weighted total (any positive number; totals divide by the sum)
    weight: Mapped[float] = mapped_column(default=1.0)
    scale_min: Mapped[int] = mapped_column(default=1)
    scale_max: Mapped[int] = mapped_column(default=10)
    #: order on the rubric (ascending)
    position: Mapped[int] = mapped_column(default=0)

    @property
    def scale_values(self) -> range:
        """Every score a judge may give on this criterion, lowest first."""
        return range(self.scale_min, self.scale_max + 1)


class JudgingSettings(Model):
    """An event's judging window, options and lock (one row per event)."""

    __tablename__ = "judging_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: None: judging open from now on
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None: judging open until the results are locked
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: hide community names from judges
    blind: Mapped[bool] = mapped_column(default=False)
    #: entries scored by fewer judges than this are flagged on the results page
    min_scores: Mapped[int] = mapped_column(default=DEFAULT_MIN_SCORES)
    #: when the organizer locked the results; no score changes afterwards
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: the ranking as it stood at the lock ({"rows": [...] best first, "judges": n}); shown instead of recomputing
    locked_ranking: Mapped[dict | None] = mapped_column(JSON)
    #: when the public gallery of the finalists was published
    published_gallery_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: judges per entry when the panel splits the entries (balanced assignment); None: every judge scores every entry
    judges_per_entry: Mapped[int | None]

    locked_by: Mapped[User | None] = relationship()

    @property
    def scores_needed(self) -> int:
        """Scores an entry needs not to be flagged: the minimum, or k when each entry goes to fewer judges."""
        k = self.judges_per_entry
        return self.min_scores if k is None else min(self.min_scores, k)


class JudgeInvitation(Model):
    """A judge account invited to score an event's entries."""

    __tablename__ = "judge_invitations"
    __table_args__ = (UniqueConstraint("event_id", "judge_id", name="uq_judge_invitations_event_judge"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    judge: Mapped[User] = relationship()


class Conflict(Model):
    """A judge who must not score a community's entry (member of it, or declared)."""

    __tablename__ = "judging_conflicts"
    __table_args__ = (UniqueConstraint("judge_id", "community_id", name="uq_judging_conflicts_judge_community"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    #: the organizer who recorded it, or the judge who declared it
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    judge: Mapped[User] = relationship(foreign_keys=[judge_id])
    community: Mapped[Community] = relationship()


class Score(Model):
    """One judge's value for one criterion of one entry; revisable until the window closes or the lock."""

    __tablename__ = "judging_scores"
    __table_args__ = (UniqueConstraint("judge_id", "submission_id", "criterion_id", name="uq_judging_scores_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("judging_criteria.id", ondelete="CASCADE"))
    value: Mapped[int]
    #: the Submission.version the judge watched; counts only while it is still the entry's version
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JudgeComment(Model):
    """A judge's private note on an entry (for the organizers' audit; never shown to other judges)."""

    __tablename__ = "judge_comments"
    __table_args__ = (UniqueConstraint("judge_id", "submission_id", name="uq_judge_comments_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScoreAudit(Model):
    """Append-only trail of every score written or revised (old value None on the first save)."""

    __tablename__ = "judging_score_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("judging_criteria.id", ondelete="CASCADE"))
    old_value: Mapped[int | None]
    new_value: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Finalist(Model):
    """One of the top six, fixed when the organizer locks the results."""

    __tablename__ = "judging_finalists"
    __table_args__ = (UniqueConstraint("event_id", "submission_id", name="uq_judging_finalists_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    #: place in the locked ranking (1 = best)
    rank: Mapped[int]
    #: order of playing at the screening (1 = first), arranged by the organizer
    screening_order: Mapped[int]
    #: what was judged, frozen at the lock: the version, its files and titles (a later upload changes none of it)
    version: Mapped[int | None]
    video_path: Mapped[str | None] = mapped_column(String(255))
    poster_path: Mapped[str | None] = mapped_column(String(255))
    title_ko: Mapped[str | None] = mapped_column(String(120))
    title_en: Mapped[str | None] = mapped_column(String(120))

    submission: Mapped[Submission] = relationship()


class TieBreakDecision(Model):
    """The organizer's recorded decision for a tie at the cut line the written rule could not break."""

    __tablename__ = "judging_tie_breaks"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: the tied entries, comma-separated submission ids, the one placed higher first
    order: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(500), default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User | None] = relationship()

    @property
    def submission_ids(self) -> list[int]:
        """The tied entries in the decided order."""
        return [int(part) for part in self.order.split(",") if part]


class JudgeAssignment(Model):
    """An entry given to a judge when each entry is scored by k judges (see judging.balancing)."""

    __tablename__ = "judge_assignments"
    __table_args__ = (UniqueConstraint("judge_id", "submission_id", name="uq_judge_assignments_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
