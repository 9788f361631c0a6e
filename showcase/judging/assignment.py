"""Who scores what: every judge every entry, or each entry by k judges in a balanced, stored assignment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..audit import services as audit
from ..auth.models import User
from ..database import current_unit, unit_of_work, utcnow
from ..events.models import Event
from ..extensions import db
from .balancing import Plan, balance, load_cap
from .entries import eligible_entries
from .models import Conflict, Criterion, JudgeAssignment, JudgeInvitation, Score
from .refusals import JudgingError
from .settings import refuse_if_locked, settings_for, settings_for_update


@dataclass
class AssignmentOverview:
    """The organizer's view of the assignment: mode, loads, pair spread and what needs re-balancing."""

    judges_per_entry: int | None
    loads: dict[int, int] = field(default_factory=dict)
    cap: int = 0
    #: fewest and most entries any two judges share
    pair_min: int = 0
    pair_max: int = 0
    #: eligible entries with fewer judges than k (new entries, a judge gone, a conflict recorded since)
    short_entries: int = 0
    #: entries that conflicts leave with fewer than k allowed judges
    impossible_entries: int = 0


def judges_per_entry(event: Event) -> int | None:
    """k when each entry is scored by k judges, None when every judge scores every entry."""
    return settings_for(event).judges_per_entry


def assigned_entry_ids(event: Event, judge: User) -> set[int] | None:
    """The entries given to ``judge``, or None when every judge scores every entry."""
    if judges_per_entry(event) is None:
        return None
    return set(db.session.scalars(select(JudgeAssignment.submission_id).where(
        JudgeAssignment.event_id == event.id, JudgeAssignment.judge_id == judge.id)))


def refuse_unless_assigned(event: Event, judge: User, submission_id: int) -> None:
    """Raise when entries are split between judges and this one was not given to ``judge``."""
    assigned = assigned_entry_ids(event, judge)
    if assigned is not None and submission_id not in assigned:
        raise JudgingError(_l("This entry is not among the entries assigned to you."), "not_assigned", 403)


def choose_mode(event: Event, organizer: User, k: int | None) -> Plan | None:
    """Set "every judge scores every entry" (None) or "each entry by k judges", then balance; one transaction."""
    with unit_of_work():
        settings = settings_for_update(event)
        refuse_if_locked(settings)
        panel = _panel(event)
        if k is not None and not 1 <= k <= max(1, len(panel)):
            raise JudgingError(_l("Choose from 1 to %(count)d judges per entry (the size of the panel).",
                                  count=max(1, len(panel))), "invalid_k", 422,
                               {"judges_per_entry": _l("Choose from 1 to %(count)d.", count=max(1, len(panel)))})
        settings.judges_per_entry = k
        plan = rebalance_in_transaction(event)
        audit.record("judges_assigned", actor=organizer, event_id=event.id, target=event.slug,
                     details={"judges_per_entry": k, "judges": len(panel),
                              "assignments": len(plan.pairs()) if plan else None})
    return plan


def rebalance(event: Event, organizer: User) -> Plan | None:
    """Re-balance the stored assignment now (after new entries, a judge leaving or a conflict); one transaction."""
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        plan = rebalance_in_transaction(event)
        audit.record("judges_assigned", actor=organizer, event_id=event.id, target=event.slug,
                     details={"judges_per_entry": judges_per_entry(event), "rebalanced": True})
    return plan


def rebalance_in_transaction(event: Event) -> Plan | None:
    """Bring the stored assignment in line with the panel, the eligible entries and the conflicts (in the
    caller's unit of work).

    Every (judge, entry) the judge has already scored stays, so no score given is lost; other
    assignments move only where that evens out loads and pairs. Every judge scoring every entry: no rows.
    """
    current_unit()
    k = judges_per_entry(event)
    if k is None:
        db.session.execute(delete(JudgeAssignment).where(JudgeAssignment.event_id == event.id))
        return None
    panel = _panel(event)
    entries = {s.id: s.community_id for s in eligible_entries(event)}
    conflicts = _conflicts(event, entries)
    stored = db.session.scalars(select(JudgeAssignment).where(JudgeAssignment.event_id == event.id)).all()
    current: dict[int, set[int]] = {}
    for row in stored:
        current.setdefault(row.submission_id, set()).add(row.judge_id)
    plan = balance(entries, panel, min(k, len(panel)) if panel else 0, conflicts, seed=event.id,
                   current=current, locked=_scored_pairs(event, set(panel), set(entries)))
    wanted = plan.pairs()
    now = utcnow()
    for row in stored:
        if (row.judge_id, row.submission_id) not in wanted:
            db.session.delete(row)
    have = {(row.judge_id, row.submission_id) for row in stored}
    db.session.add_all(JudgeAssignment(event_id=event.id, judge_id=j, submission_id=e, assigned_at=now)
                       for j, e in sorted(wanted - have))
    db.session.flush()
    return plan


def overview(event: Event) -> AssignmentOverview:
    """Loads, pair spread and entries short of judges, for the organizer's judging page."""
    k = judges_per_entry(event)
    found = AssignmentOverview(judges_per_entry=k)
    if k is None:
        return found
    panel = _panel(event)
    entries = {s.id: s.community_id for s in eligible_entries(event)}
    conflicts = _conflicts(event, entries)
    by_entry: dict[int, set[int]] = {}
    for judge_id, entry_id in db.session.execute(select(JudgeAssignment.judge_id, JudgeAssignment.submission_id)
                                                 .where(JudgeAssignment.event_id == event.id)):
        if entry_id in entries and judge_id in panel and (judge_id, entry_id) not in conflicts:
            by_entry.setdefault(entry_id, set()).add(judge_id)
    plan = Plan(judges_by_entry=by_entry, shortfall={})
    loads = Counter({j: 0 for j in panel})
    loads.update(plan.loads())
    pairs = plan.pair_counts(panel)
    found.loads = dict(loads)
    found.cap = load_cap(len(entries), len(panel), min(k, len(panel)))
    found.pair_min, found.pair_max = (min(pairs.values()), max(pairs.values())) if pairs else (0, 0)
    for entry in entries:
        allowed = sum(1 for j in panel if (j, entry) not in conflicts)
        if allowed < k:
            found.impossible_entries += 1
        if len(by_entry.get(entry, ())) < min(k, allowed):
            found.short_entries += 1
    return found


def _panel(event: Event) -> list[int]:
    return sorted(db.session.scalars(select(JudgeInvitation.judge_id).where(JudgeInvitation.event_id == event.id)))


def _conflicts(event: Event, community_by_entry: dict[int, int]) -> set[tuple[int, int]]:
    entries_by_community: dict[int, list[int]] = {}
    for entry, community in community_by_entry.items():
        entries_by_community.setdefault(community, []).append(entry)
    return {(judge_id, entry) for judge_id, community_id in db.session.execute(
        select(Conflict.judge_id, Conflict.community_id).where(Conflict.community_id.in_(entries_by_community)))
        for entry in entries_by_community[community_id]}


def _scored_pairs(event: Event, panel: set[int], entries: set[int]) -> set[tuple[int, int]]:
    """(judge, entry) pairs with at least one score on this event's rubric: kept through every re-balance."""
    return {(j, e) for j, e in db.session.execute(
        select(Score.judge_id, Score.submission_id).join(Criterion, Criterion.id == Score.criterion_id)
        .where(Criterion.event_id == event.id).distinct()) if j in panel and e in entries}
