"""The ranking from stored scores, the organizer's tie decision, the lock, the screening order and the audit CSV."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit import services as audit
from ..auth.models import User
from ..csv_export import csv_bytes
from ..database import utcnow
from ..events.models import Event
from ..extensions import db
from ..submissions.models import Submission
from .aggregation import Ranking, RawScore, rank_entries
from .entries import eligible_entries, locked_finalists
from .models import (
    FINALIST_COUNT,
    Conflict,
    Criterion,
    Finalist,
    JudgeInvitation,
    JudgingSettings,
    Score,
    TieBreakDecision,
)
from .refusals import JudgingError
from .rubric import criteria
from .settings import lock_settings_row, settings_for

DECISION_REASON_MAX = 500


@dataclass
class Results:
    """Everything the results page and the CLI show."""

    ranking: Ranking
    entries: dict[int, Submission]
    settings: JudgingSettings
    criteria: list[Criterion]
    judge_count: int
    decision: TieBreakDecision | None
    finalists: list[Finalist]


def latest_decision(event: Event) -> TieBreakDecision | None:
    """The organizer's most recent tie-break decision for the event."""
    return db.session.scalar(select(TieBreakDecision).where(TieBreakDecision.event_id == event.id)
                             .order_by(TieBreakDecision.decided_at.desc(), TieBreakDecision.id.desc()).limit(1))


def event_results(event: Event) -> Results:
    """Rank the event's eligible entries from the invited judges' scores (conflicts excluded)."""
    settings = settings_for(event)
    rubric = criteria(event)
    entries = {s.id: s for s in eligible_entries(event)}
    judge_ids = set(db.session.scalars(select(JudgeInvitation.judge_id).where(JudgeInvitation.event_id == event.id)))
    rows = db.session.execute(
        select(Score.judge_id, Score.submission_id, Score.criterion_id, Score.value)
        .join(Criterion, Criterion.id == Score.criterion_id).where(Criterion.event_id == event.id)).all()
    scores = [RawScore(j, s, c, v) for j, s, c, v in rows if j in judge_ids]
    community_entry = {s.community_id: s.id for s in entries.values()}
    conflicts = {(judge_id, community_entry[community_id]) for judge_id, community_id in db.session.execute(
        select(Conflict.judge_id, Conflict.community_id)) if community_id in community_entry}
    decision = latest_decision(event)
    ranking = rank_entries(entries.keys(), scores, {c.id: c.weight for c in rubric}, conflicts,
                           min_scores=settings.scores_needed, finalists=FINALIST_COUNT,
                           decision_order=decision.submission_ids if decision else ())
    return Results(ranking=ranking, entries=entries, settings=settings, criteria=rubric,
                   judge_count=len(judge_ids), decision=decision, finalists=locked_finalists(event))


def record_tie_decision(event: Event, organizer: User, ordered_ids: list[int], reason: str) -> TieBreakDecision:
    """Record the organizer's order for entries the written rule left level at the cut line."""
    if settings_for(event).locked_at is not None:
        raise JudgingError(_l("The results are locked: this can no longer be changed."), "locked", 409)
    tied = event_results(event).ranking.unresolved_tie
    reason = " ".join((reason or "").split())
    if not tied:
        raise JudgingError(_l("There is no unresolved tie at the cut line to decide."), "no_tie", 409)
    if sorted(ordered_ids) != sorted(tied) or len(set(ordered_ids)) != len(ordered_ids):
        raise JudgingError(_l("Put every tied entry in order, each once."), "invalid_decision", 422,
                           {"order": _l("Put every tied entry in order, each once.")})
    if not reason or len(reason) > DECISION_REASON_MAX:
        raise JudgingError(_l("Write the reason for the decision (at most %(max)d characters); it is kept for the record.",
                              max=DECISION_REASON_MAX), "invalid_decision", 422,
                           {"reason": _l("Enter a reason.")})
    decision = TieBreakDecision(event_id=event.id, order=",".join(str(i) for i in ordered_ids), reason=reason,
                                decided_by_id=organizer.id, decided_at=utcnow())
    db.session.add(decision)
    db.session.commit()
    return decision


def lock_results(event: Event, organizer: User) -> list[Finalist]:
    """Lock the results: the top six become finalists, and no score can change afterwards."""
    try:
        settings = lock_settings_row(event)
        if settings.locked_at is not None:
            raise JudgingError(_l("The results are already locked."), "locked", 409)
        results = event_results(event)
        if results.ranking.unresolved_tie:
            raise JudgingError(_l("A tie at the cut line needs your decision before the results can be locked."),
                               "unresolved_tie", 409)
        if not results.ranking.finalist_ids:
            raise JudgingError(_l("No entry has been scored yet: there is nothing to lock."), "no_scores", 409)
        ranks = {e.entry_id: e.rank for e in results.ranking.entries}
        finalists = [Finalist(event_id=event.id, submission_id=entry_id, rank=ranks[entry_id], screening_order=i)
                     for i, entry_id in enumerate(results.ranking.finalist_ids, start=1)]
        db.session.add_all(finalists)
        settings.locked_at, settings.locked_by_id = utcnow(), organizer.id
        audit.record("results_locked", actor=organizer, event_id=event.id, target=event.slug,
                     details={"finalists": len(finalists)}, commit=False)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return finalists


def set_screening_order(event: Event, ordered_ids: list[int]) -> list[Finalist]:
    """Arrange the order the finalists play in at the screening (every finalist once)."""
    finalists = {f.submission_id: f for f in locked_finalists(event)}
    if not finalists:
        raise JudgingError(_l("Lock the results first: the screening order is for the finalists."), "not_locked", 409)
    if sorted(ordered_ids) != sorted(finalists) or len(set(ordered_ids)) != len(ordered_ids):
        raise JudgingError(_l("Give every finalist a place in the order, each once."), "invalid_order", 422)
    for position, submission_id in enumerate(ordered_ids, start=1):
        finalists[submission_id].screening_order = position
    db.session.commit()
    return locked_finalists(event)


def move_finalist(event: Event, submission_id: int, step: int) -> list[Finalist]:
    """Move one finalist up (step −1) or down (step +1) in the screening order."""
    order = [f.submission_id for f in locked_finalists(event)]
    if submission_id not in order:
        raise JudgingError(_l("This entry is not a finalist."), "not_finalist", 404)
    i = order.index(submission_id)
    j = max(0, min(len(order) - 1, i + step))
    order[i], order[j] = order[j], order[i]
    return set_screening_order(event, order)


def scores_csv(event: Event) -> bytes:
    """Every stored score of the event for an audit: judge, entry, criterion, value, time, and whether it counts."""
    rubric = {c.id: c for c in criteria(event)}
    judges = {u.id: u for u in db.session.scalars(select(User))}
    submissions = {s.id: s for s in db.session.scalars(select(Submission).where(Submission.event_id == event.id))}
    conflicted = {(j, c) for j, c in db.session.execute(select(Conflict.judge_id, Conflict.community_id))}
    invited = set(db.session.scalars(select(JudgeInvitation.judge_id).where(JudgeInvitation.event_id == event.id)))
    eligible = {s.id for s in eligible_entries(event)}
    rows = []
    for score in db.session.scalars(select(Score).where(Score.criterion_id.in_(rubric))
                                    .order_by(Score.judge_id, Score.submission_id, Score.criterion_id)):
        judge, entry, criterion = judges.get(score.judge_id), submissions[score.submission_id], rubric[score.criterion_id]
        counts = (score.judge_id in invited and entry.id in eligible
                  and (score.judge_id, entry.community_id) not in conflicted)
        rows.append([judge.name if judge else "", judge.email if judge else "", entry.id, entry.title_ko,
                     entry.community.name, criterion.name_ko, criterion.name_en, score.value,
                     score.created_at.isoformat(), score.updated_at.isoformat(), "yes" if counts else "no"])
    return csv_bytes(["judge", "judge_email", "entry_id", "entry_title", "community", "criterion_ko", "criterion_en",
                      "value", "first_saved_utc", "last_saved_utc", "counts"], rows)
