"""The judge's side: a queue in an order of their own, one entry at a time, saving and revising scores."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..auth.models import Role, User
from ..database import unit_of_work, utcnow
from ..events.models import Event
from ..extensions import db
from ..submissions.models import Submission
from .assignment import assigned_entry_ids, refuse_unless_assigned
from .entries import eligible_entries, is_eligible
from .models import Criterion, JudgeComment, Score, ScoreAudit
from .panel import conflicted_community_ids, is_invited
from .refusals import JudgingError
from .rubric import criteria
from .settings import lock_settings_row, settings_for, window_refusal, window_state

COMMENT_MAX = 2000


def queue_key(event_id: int, judge_id: int, submission_id: int) -> str:
    """A judge's own, stable shuffle: entries sorted by a hash of event, judge and entry."""
    return hashlib.sha256(f"{event_id}:{judge_id}:{submission_id}".encode()).hexdigest()


@dataclass
class Queue:
    """A judge's entries in their own order, and which they have scored."""

    entries: list[Submission]
    scored: set[int] = field(default_factory=set)
    #: entries with a new video since the judge scored them: to be watched and scored again
    changed: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        """How many entries the judge has to score."""
        return len(self.entries)

    @property
    def done(self) -> int:
        """How many of them the judge has scored on every criterion."""
        return sum(1 for s in self.entries if s.id in self.scored)

    @property
    def finished(self) -> bool:
        """The judge has scored every entry (and has at least one)."""
        return bool(self.entries) and self.done == self.total

    def next_after(self, submission_id: int | None) -> Submission | None:
        """The next entry not yet scored after ``submission_id`` (wrapping round), or None when all are scored."""
        ids = [s.id for s in self.entries]
        start = ids.index(submission_id) + 1 if submission_id in ids else 0
        for entry in self.entries[start:] + self.entries[:start]:
            if entry.id not in self.scored and entry.id != submission_id:
                return entry
        return None

    def neighbours(self, submission_id: int) -> tuple[Submission | None, Submission | None]:
        """The entries before and after ``submission_id`` in the queue."""
        ids = [s.id for s in self.entries]
        if submission_id not in ids:
            return None, None
        i = ids.index(submission_id)
        return (self.entries[i - 1] if i > 0 else None,
                self.entries[i + 1] if i + 1 < len(self.entries) else None)


def refuse_unless_judge(event: Event, user: User | None) -> None:
    """Raise unless ``user`` is a judge invited to ``event``."""
    if user is None or not user.has_role(Role.JUDGE):
        raise JudgingError(_l("Only judges can score entries."), "not_a_judge", 403)
    if not is_invited(event, user):
        raise JudgingError(_l("You are not on this event's judging panel."), "not_invited", 403)


def judge_queue(event: Event, judge: User) -> Queue:
    """The eligible entries ``judge`` may score (conflicts left out), in the judge's own order."""
    refuse_unless_judge(event, judge)
    conflicted = conflicted_community_ids(event, judge)
    assigned = assigned_entry_ids(event, judge)
    entries = [s for s in eligible_entries(event) if s.community_id not in conflicted
               and (assigned is None or s.id in assigned)]
    entries.sort(key=lambda s: queue_key(event.id, judge.id, s.id))
    rubric_size = db.session.scalar(select(func.count(Criterion.id)).where(Criterion.event_id == event.id)) or 0
    versions = {s.id: s.version for s in entries}
    counts = db.session.execute(
        select(Score.submission_id, Score.version, func.count(Score.id))
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Score.judge_id == judge.id, Criterion.event_id == event.id)
        .group_by(Score.submission_id, Score.version)).all()
    scored = {sid for sid, version, n in counts if rubric_size and n >= rubric_size and versions.get(sid) == version}
    changed = {sid for sid, version, _n in counts if sid in versions and versions[sid] != version} - scored
    return Queue(entries=entries, scored=scored, changed=changed)


def entry_for_judge(event: Event, judge: User, submission_id: int) -> Submission:
    """The entry ``judge`` asks to score, or a refusal saying why they may not."""
    refuse_unless_judge(event, judge)
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.event_id != event.id:
        raise JudgingError(_l("This entry is not part of this event."), "wrong_event", 404)
    if not is_eligible(submission):
        raise JudgingError(_l("This entry is not eligible for judging."), "not_eligible", 422)
    if submission.community_id in conflicted_community_ids(event, judge):
        raise JudgingError(_l("You have a conflict of interest with this entry, so you do not score it."),
                           "conflict", 403)
    refuse_unless_assigned(event, judge, submission.id)
    return submission


@dataclass
class MySheet:
    """A judge's own scores and comment on one entry."""

    values: dict[int, int]
    comment: str
    updated_at: object | None
    #: the judge scored an earlier video of this entry: those values are not shown and no longer count
    changed: bool = False


def my_sheet(judge: User, submission: Submission) -> MySheet:
    """The judge's own scores on ``submission``'s current version (never anyone else's)."""
    scores = db.session.scalars(select(Score).where(Score.judge_id == judge.id,
                                                    Score.submission_id == submission.id)).all()
    comment = db.session.scalar(select(JudgeComment).where(JudgeComment.judge_id == judge.id,
                                                           JudgeComment.submission_id == submission.id))
    current = [s for s in scores if s.version == submission.version]
    updated = max((s.updated_at for s in current), default=None)
    return MySheet(values={s.criterion_id: s.value for s in current},
                   comment=comment.comment if comment else "", updated_at=updated,
                   changed=len(current) < len(scores))


def parse_values(rubric: list[Criterion], raw: Mapping[int, object]) -> dict[int, int]:
    """Check one value per criterion, each a whole number on the criterion's scale; refuse with per-field messages."""
    values, fields = {}, {}
    for criterion in rubric:
        given = raw.get(criterion.id)
        text = str(given).strip() if given is not None else ""
        try:
            value = int(text)
        except ValueError:
            fields[f"criterion-{criterion.id}"] = _l("Choose a score from %(low)d to %(high)d.",
                                                     low=criterion.scale_min, high=criterion.scale_max)
            continue
        if not criterion.scale_min <= value <= criterion.scale_max:
            fields[f"criterion-{criterion.id}"] = _l("%(value)d is outside the scale: choose from %(low)d to %(high)d.",
                                                     value=value, low=criterion.scale_min, high=criterion.scale_max)
            continue
        values[criterion.id] = value
    unknown = set(raw) - {c.id for c in rubric}
    if unknown:
        fields["criteria"] = _l("Some scores are for criteria that are not on this event's rubric.")
    if fields:
        raise JudgingError(_l("Every criterion needs a score on its scale."), "invalid_score", 422, fields)
    return values


def save_scores(event: Event, judge: User, submission_id: int, raw: Mapping[int, object], comment: str = "",
                seen_version: int | None = None) -> None:
    """Store (or revise) the judge's scores and comment on one entry, all or nothing.

    ``seen_version`` is the video version the judge's page showed; scores are refused if it changed since.
    """
    version = entry_for_judge(event, judge, submission_id).version
    if seen_version is not None and seen_version != version:
        raise JudgingError(_l("The team uploaded a new video while you were scoring. Please watch the new video "
                              "and score it again."), "version_changed", 409)
    rubric = criteria(event)
    if not rubric:
        raise JudgingError(_l("This event has no rubric yet."), "no_rubric", 409)
    values = parse_values(rubric, raw)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise JudgingError(_l("At most %(max)d characters.", max=COMMENT_MAX), "invalid_score", 422,
                           {"comment": _l("At most %(max)d characters.", max=COMMENT_MAX)})
    with unit_of_work():
        settings = lock_settings_row(event)
        refusal = window_refusal(window_state(settings))
        if refusal is not None:
            raise refusal
        now = utcnow()
        existing = {s.criterion_id: s for s in db.session.scalars(select(Score).where(
            Score.judge_id == judge.id, Score.submission_id == submission_id))}
        for criterion_id, value in values.items():
            score = existing.get(criterion_id)
            if score is None:
                db.session.add(Score(judge_id=judge.id, submission_id=submission_id, criterion_id=criterion_id,
                                     value=value, version=version, created_at=now, updated_at=now))
                db.session.add(ScoreAudit(judge_id=judge.id, submission_id=submission_id,
                                          criterion_id=criterion_id, old_value=None, new_value=value, at=now))
            elif score.version != version:  # a score for an earlier video: replaced, never carried over
                db.session.add(ScoreAudit(judge_id=judge.id, submission_id=submission_id,
                                          criterion_id=criterion_id, old_value=score.value, new_value=value, at=now))
                score.value, score.version, score.created_at, score.updated_at = value, version, now, now
            elif score.value != value:
                db.session.add(ScoreAudit(judge_id=judge.id, submission_id=submission_id,
                                          criterion_id=criterion_id, old_value=score.value, new_value=value, at=now))
                score.value, score.updated_at = value, now
        note = db.session.scalar(select(JudgeComment).where(JudgeComment.judge_id == judge.id,
                                                            JudgeComment.submission_id == submission_id))
        if note is None:
            db.session.add(JudgeComment(judge_id=judge.id, submission_id=submission_id, comment=comment, updated_at=now))
        elif note.comment != comment:
            note.comment, note.updated_at = comment, now


def declare_conflict(event: Event, judge: User, submission_id: int, reason: str) -> None:
    """A judge declares a conflict with an entry's team: it leaves their queue and their scores on it stop counting."""
    from .panel import record_conflict

    submission = entry_for_judge(event, judge, submission_id)
    refusal = window_refusal(window_state(settings_for(event)))
    if refusal is not None and refusal.code == "locked":
        raise refusal
    record_conflict(event, judge, submission.community, reason, judge)
