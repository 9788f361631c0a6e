"""Judges' private comments, read by the organizers (review page, results page, score CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..auth.models import User
from ..events.models import Event
from ..extensions import db
from ..submissions.models import Submission
from .models import JudgeComment


@dataclass(frozen=True)
class EntryComment:
    """One judge's comment on an entry."""

    judge_name: str
    text: str
    updated_at: datetime
    #: written before the entry's current video was uploaded (about an earlier version)
    earlier_version: bool


def comments_by_entry(event: Event) -> dict[int, list[EntryComment]]:
    """Every non-empty judge comment on the event's entries: {submission_id: [comment, …]} by judge name."""
    rows = db.session.execute(
        select(JudgeComment.submission_id, JudgeComment.comment, JudgeComment.updated_at, User.name,
               Submission.uploaded_at)
        .join(User, User.id == JudgeComment.judge_id)
        .join(Submission, Submission.id == JudgeComment.submission_id)
        .where(Submission.event_id == event.id, JudgeComment.comment != "")
        .order_by(JudgeComment.submission_id, User.name)).all()
    found: dict[int, list[EntryComment]] = {}
    for submission_id, text, updated_at, judge_name, uploaded_at in rows:
        found.setdefault(submission_id, []).append(EntryComment(
            judge_name=judge_name, text=text, updated_at=updated_at, earlier_version=updated_at < uploaded_at))
    return found


def comment_texts(event: Event) -> dict[tuple[int, int], str]:
    """Every judge comment of the event keyed by (judge_id, submission_id)."""
    return {(c.judge_id, c.submission_id): c.comment for c in db.session.scalars(
        select(JudgeComment).join(Submission, Submission.id == JudgeComment.submission_id)
        .where(Submission.event_id == event.id))}
