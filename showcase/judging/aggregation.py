"""Fair aggregation of the judges' scores: pure functions on plain values, no database.

The rule, as written on the results page:

1. Each judge's *weighted total* for an entry is the weighted mean of that judge's values for the
   rubric's criteria: sum(weight × value) / sum(weight). When the criteria's scales are given, each
   value is first put on 0–100 by its own scale ((value − low) / (high − low) × 100), so a 1–5
   criterion weighs what its weight says next to a 1–10 one, and totals are points out of 100. A judge's scores count only when every
   criterion was scored; scores of a judge on an entry they have a conflict with never count, nor
   do scores on entries that are not eligible.
2. To cancel out harsh and lenient judges, each judge's totals are turned into z-scores over the
   entries that judge scored: (total − the judge's mean) / the judge's standard deviation
   (population). A judge whose totals have no spread (all equal, or only one entry scored) tells
   nothing about the order, so all of that judge's z-scores are 0.
3. An entry's *normalised score* is the mean of its z-scores. Entries scored by fewer judges than
   the minimum (default 3) are flagged. Entries nobody scored come last, without a score.
4. The ranking sorts by normalised score. Equal normalised scores are ordered by the higher median
   of the weighted totals, then by more judges placing the entry in their own top six (a judge's
   top six: fewer than six entries that judge gave a higher total), then by the organizer's
   recorded decision. If two entries are still level across the cut line (sixth and seventh
   place) with no decision, the tie is reported as unresolved and the results cannot be locked.
   Entries level on every measure away from the cut line are flagged (``tie_broken_by`` =
   "entry_number") and placed by the lower entry number, a rule the results page states.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key, partial
from typing import NamedTuple

#: normalised scores and medians closer than this are treated as equal (floating-point noise)
TOLERANCE = 1e-9
#: totals are shown out of this many points when criteria are rescaled to their range
POINTS = 100.0


class RawScore(NamedTuple):
    """One stored value: judge, entry, criterion (a tuple: the results page builds thousands per request)."""

    judge_id: int
    entry_id: int
    criterion_id: int
    value: float


@dataclass
class EntryResult:
    """An entry's place and figures in the ranking."""

    entry_id: int
    rank: int = 0
    normalised: float | None = None
    mean: float | None = None
    median: float | None = None
    spread: float | None = None
    count: int = 0
    #: judges who put this entry in their own top six
    top_six_votes: int = 0
    flagged: bool = False
    finalist: bool = False
    #: how it was separated from a neighbour with the same normalised score
    #: ("median", "top_six", "decision", or "entry_number" when level on every measure)
    tie_broken_by: str | None = None
    totals: dict[int, float] = field(default_factory=dict)


@dataclass
class Ranking:
    """The whole outcome: entries best first, the finalists, and any unresolved tie at the cut."""

    entries: list[EntryResult]
    finalist_ids: list[int]
    #: entries level at the cut line that only an organizer decision can separate (empty when none)
    unresolved_tie: list[int]
    judge_count: int

    def by_id(self) -> dict[int, EntryResult]:
        """Results keyed by entry id."""
        return {e.entry_id: e for e in self.entries}


def rescaled(value: float, scale: tuple[int, int] | None) -> float:
    """``value`` on 0–100 by its criterion's ``(low, high)`` scale; unchanged without a scale."""
    if scale is None:
        return float(value)
    low, high = scale
    return (float(value) - low) / (high - low) * POINTS


def weighted_totals(scores: Iterable[RawScore], weights: Mapping[int, float],
                    conflicts: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
                    eligible: set[int] | None = None,
                    scales: Mapping[int, tuple[int, int]] | None = None) -> dict[int, dict[int, float]]:
    """Each judge's weighted total per entry: {judge_id: {entry_id: total}} (complete, allowed scores only).

    With ``scales`` ({criterion_id: (low, high)}) every value is rescaled to 0–100 before its weight applies.
    """
    scale_of = {criterion: (scales or {}).get(criterion) for criterion in weights}
    values: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    for judge_id, entry_id, criterion_id, value in scores:
        if criterion_id not in scale_of or (judge_id, entry_id) in conflicts:
            continue
        if eligible is not None and entry_id not in eligible:
            continue
        values[(judge_id, entry_id)][criterion_id] = rescaled(value, scale_of[criterion_id])
    weight_sum = sum(weights.values())
    totals: dict[int, dict[int, float]] = defaultdict(dict)
    for (judge_id, entry_id), by_criterion in values.items():
        if len(by_criterion) != len(weights) or weight_sum <= 0:
            continue
        totals[judge_id][entry_id] = sum(weights[c] * v for c, v in by_criterion.items()) / weight_sum
    return dict(totals)


def mean_and_sd(values: Sequence[float]) -> tuple[float, float]:
    """The mean and the population standard deviation of ``values`` (not empty), in floats."""
    mean = math.fsum(values) / len(values)
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def z_scores(totals: Mapping[int, float]) -> dict[int, float]:
    """One judge's totals as z-scores (population SD); all 0 when the totals have no spread."""
    if not totals:
        return {}
    mean, sd = mean_and_sd(list(totals.values()))
    if sd <= TOLERANCE * max(1.0, abs(mean)):
        return {entry: 0.0 for entry in totals}
    return {entry: (value - mean) / sd for entry, value in totals.items()}


def top_six(totals: Mapping[int, float], size: int = 6) -> set[int]:
    """Entries a judge placed in their own top ``size``: fewer than ``size`` entries got a higher total."""
    ordered = sorted(totals.values(), reverse=True)
    if len(ordered) <= size:
        return set(totals)
    # an entry is in when its total is (within tolerance) at least the size-th highest total
    threshold = ordered[size - 1]
    return {entry for entry, value in totals.items() if value + TOLERANCE >= threshold}


def _level(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def rank_entries(entry_ids: Iterable[int], scores: Iterable[RawScore], weights: Mapping[int, float],
                 conflicts: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
                 min_scores: int = 3, finalists: int = 6,
                 decision_order: Sequence[int] = (),
                 scales: Mapping[int, tuple[int, int]] | None = None) -> Ranking:
    """Rank ``entry_ids`` (the eligible entries) from the judges' scores by the rule above."""
    eligible = set(entry_ids)
    totals = weighted_totals(scores, weights, conflicts, eligible, scales)
    results = {entry: EntryResult(entry_id=entry) for entry in eligible}
    z_by_entry: dict[int, list[float]] = defaultdict(list)
    for judge_id, judge_totals in totals.items():
        for entry, z in z_scores(judge_totals).items():
            z_by_entry[entry].append(z)
        for entry in top_six(judge_totals, finalists):
            results[entry].top_six_votes += 1
        for entry, total in judge_totals.items():
            results[entry].totals[judge_id] = total
    for entry, result in results.items():
        plain = list(result.totals.values())
        result.count = len(plain)
        result.flagged = result.count < min_scores
        if plain:
            result.normalised = math.fsum(z_by_entry[entry]) / len(z_by_entry[entry])
            result.mean, result.spread = mean_and_sd(plain)
            result.median = statistics.median(plain)
    decided = {entry: position for position, entry in enumerate(decision_order)}
    ordered = sorted(results.values(), key=cmp_to_key(partial(_compare, decided=decided)))
    for position, result in enumerate(ordered, start=1):
        result.rank = position
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.normalised is None or not _level(before.normalised, after.normalised):
            continue
        if not _level(before.median, after.median):
            reason = "median"
        elif before.top_six_votes != after.top_six_votes:
            reason = "top_six"
        elif before.entry_id in decided and after.entry_id in decided:
            reason = "decision"
        else:
            reason = "entry_number"  # level on every measure: placed by the stated rule (the cut line is checked below)
        after.tie_broken_by = reason
        before.tie_broken_by = before.tie_broken_by or reason
    unresolved: list[int] = []
    if len(ordered) > finalists:
        last_in, first_out = ordered[finalists - 1], ordered[finalists]
        if _fully_level(last_in, first_out) and not (last_in.entry_id in decided and first_out.entry_id in decided):
            unresolved = [r.entry_id for r in ordered if _fully_level(r, last_in)]
            for result in ordered:
                if result.entry_id in unresolved and result.tie_broken_by == "entry_number":
                    result.tie_broken_by = None  # not settled by the rule: the organizer must decide
    finalist_ids = [] if unresolved else [r.entry_id for r in ordered[:finalists] if r.normalised is not None]
    for result in ordered:
        result.finalist = result.entry_id in finalist_ids
    return Ranking(entries=ordered, finalist_ids=finalist_ids, unresolved_tie=unresolved, judge_count=len(totals))


def _compare(a: EntryResult, b: EntryResult, decided: Mapping[int, int]) -> int:
    """Negative when ``a`` ranks above ``b``: the written rule, nearly-equal floats counted as level."""
    if (a.normalised is None) != (b.normalised is None):
        return 1 if a.normalised is None else -1
    for x, y in ((a.normalised, b.normalised), (a.median, b.median)):
        if x is not None and y is not None and not _level(x, y):
            return -1 if x > y else 1
    if a.top_six_votes != b.top_six_votes:
        return -1 if a.top_six_votes > b.top_six_votes else 1
    da, db_ = decided.get(a.entry_id, len(decided)), decided.get(b.entry_id, len(decided))
    if da != db_:
        return -1 if da < db_ else 1
    return -1 if a.entry_id < b.entry_id else (1 if a.entry_id > b.entry_id else 0)


def _fully_level(a: EntryResult, b: EntryResult) -> bool:
    return (a.normalised is not None and b.normalised is not None and _level(a.normalised, b.normalised)
            and _level(a.median, b.median) and a.top_six_votes == b.top_six_votes)
