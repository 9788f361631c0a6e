"""The ranking from stored scores (or the lock's snapshot once locked) and the organizer's tie decision."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..audit import services as audit
from ..auth.models import User
from ..database import unit_of_work, utcnow
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
from .snapshot import EntryLabel, ranking_from_snapshot

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
    #: each ranked entry's title, team and judged version (frozen at the lock)
    labels: dict[int, EntryLabel]

    @property
    def frozen(self) -> bool:
        """Whether this is the lock's snapshot rather than a live computation."""
        return self.settings.locked_ranking is not None


def latest_decision(event: Event) -> TieBreakDecision | None:
    """The organizer's most recent tie-break decision for the event."""
    return db.session.scalar(select(TieBreakDecision).where(TieBreakDecision.event_id == event.id)
                             .order_by(TieBreakDecision.decided_at.desc(), TieBreakDecision.id.desc()).limit(1))


def counted_scores(rubric: list[Criterion], entries: dict[int, Submission], judge_ids: set[int]) -> list[RawScore]:
    """The invited judges' scores on the entries' current versions (scores for another version never count)."""
    versions = {entry_id: entry.version for entry_id, entry in entries.items()}
    rows = db.session.execute(
        select(Score.judge_id, Score.submission_id, Score.criterion_id, Score.value, Score.version)
        .where(Score.criterion_id.in_([c.id for c in rubric]))).all()
    return [RawScore(j, s, c, v) for j, s, c, v, version in rows if j in judge_ids and versions.get(s) == version]


def live_ranking(event: Event, settings: JudgingSettings, rubric: list[Criterion], entries: dict[int, Submission],
                 judge_ids: set[int], decision: TieBreakDecision | None) -> Ranking:
    """Rank the eligible entries now: criteria rescaled to their range, conflicts excluded."""
    community_entry = {s.community_id: s.id for s in entries.values()}
    conflicts = {(judge_id, community_entry[community_id]) for judge_id, community_id in db.session.execute(
        select(Conflict.judge_id, Conflict.community_id)) if community_id in community_entry}
    return rank_entries(entries.keys(), counted_scores(rubric, entries, judge_ids), {c.id: c.weight for c in rubric},
                        conflicts, min_scores=settings.scores_needed, finalists=FINALIST_COUNT,
                        decision_order=decision.submission_ids if decision else (),
                        scales={c.id: (c.scale_min, c.scale_max) for c in rubric})


def event_results(event: Event) -> Results:
    """The ranking: the lock's snapshot once locked, otherwise computed from the invited judges' scores."""
    settings = settings_for(event)
    rubric = criteria(event)
    judge_ids = set(db.session.scalars(select(JudgeInvitation.judge_id).where(JudgeInvitation.event_id == event.id)))
    decision = latest_decision(event)
    if settings.locked_ranking is not None:
        ranking, labels = ranking_from_snapshot(settings.locked_ranking)
        entries = {s.id: s for s in db.session.scalars(
            select(Submission).where(Submission.id.in_(labels)).options(joinedload(Submission.community)))}
        return Results(ranking=ranking, entries=entries, settings=settings, criteria=rubric,
                       judge_count=settings.locked_ranking.get("panel", len(judge_ids)), decision=decision,
                       finalists=locked_finalists(event), labels=labels)
    entries = {s.id: s for s in eligible_entries(event)}
    ranking = live_ranking(event, settings, rubric, entries, judge_ids, decision)
    return Results(ranking=ranking, entries=entries, settings=settings, criteria=rubric, judge_count=len(judge_ids),
                   decision=decision, finalists=locked_finalists(event),
                   labels={entry_id: EntryLabel.of(entry) for entry_id, entry in entries.items()})


def record_tie_decision(event: Event, organizer: User, ordered_ids: list[int], reason: str) -> TieBreakDecision:
    """Record the organizer's order for entries the written rule left level at the cut line (audited; one unit
    of work, serialised with locking the results)."""
    with unit_of_work():
        return _record_tie_decision(event, organizer, ordered_ids, reason)


def _record_tie_decision(event: Event, organizer: User, ordered_ids: list[int], reason: str) -> TieBreakDecision:
    if lock_settings_row(event).locked_at is not None:
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
    audit.record("tie_decided", actor=organizer, event_id=event.id, target=event.slug,
                 details={"order": ordered_ids, "reason": reason})
    return decision
