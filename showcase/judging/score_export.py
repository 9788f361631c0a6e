"""The audit CSV of every stored score, with the version it was given for and the judge's comment."""

from __future__ import annotations

from sqlalchemy import select

from ..auth.models import User
from ..csv_export import csv_bytes
from ..events.models import Event
from ..extensions import db
from ..submissions.models import Submission
from .comments import comment_texts
from .entries import eligible_entries
from .models import Conflict, JudgeInvitation, Score
from .rubric import criteria

HEADER = ["judge", "judge_email", "entry_id", "entry_title", "community", "criterion_ko", "criterion_en",
          "value", "scale_min", "scale_max", "version_scored", "current_version", "first_saved_utc",
          "last_saved_utc", "counts", "comment"]


def scores_csv(event: Event) -> bytes:
    """Every stored score of the event: judge, entry, criterion, value, version, time, whether it counts, comment."""
    rubric = {c.id: c for c in criteria(event)}
    judges = {u.id: u for u in db.session.scalars(select(User))}
    submissions = {s.id: s for s in db.session.scalars(select(Submission).where(Submission.event_id == event.id))}
    conflicted = {(j, c) for j, c in db.session.execute(select(Conflict.judge_id, Conflict.community_id))}
    invited = set(db.session.scalars(select(JudgeInvitation.judge_id).where(JudgeInvitation.event_id == event.id)))
    eligible = {s.id for s in eligible_entries(event)}
    comments = comment_texts(event)
    rows = []
    for score in db.session.scalars(select(Score).where(Score.criterion_id.in_(rubric))
                                    .order_by(Score.judge_id, Score.submission_id, Score.criterion_id)):
        judge, entry, criterion = judges.get(score.judge_id), submissions[score.submission_id], rubric[score.criterion_id]
        counts = (score.judge_id in invited and entry.id in eligible and score.version == entry.version
                  and (score.judge_id, entry.community_id) not in conflicted)
        rows.append([judge.name if judge else "", judge.email if judge else "", entry.id, entry.title_ko,
                     entry.community.name, criterion.name_ko, criterion.name_en, score.value, criterion.scale_min,
                     criterion.scale_max, score.version, entry.version, score.created_at.isoformat(),
                     score.updated_at.isoformat(), "yes" if counts else "no",
                     comments.get((score.judge_id, score.submission_id), "")])
    return csv_bytes(HEADER, rows)
