"""Balanced assignment (pure): the issue's case, hand-checked small cases, and properties over random panels."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.judging.aggregation import RawScore, rank_entries
from showcase.judging.balancing import balance, load_cap

JUDGES = [11, 12, 13, 14, 15]
ENTRIES = list(range(1, 126))
CONFLICTS = {(11, 7), (13, 40), (15, 99)}


def test_125_entries_5_judges_k3_3_conflicts():
    plan = balance(ENTRIES, JUDGES, 3, CONFLICTS, seed=1)
    assert all(len(plan.judges_by_entry[e]) == 3 for e in ENTRIES)
    loads = plan.loads()
    assert max(loads.values()) <= math.ceil(125 * 3 / 5) + 1 == 76
    assert sum(loads.values()) == 375 and min(loads.values()) >= 74
    assert not plan.pairs() & CONFLICTS
    pairs = plan.pair_counts(JUDGES)
    assert len(pairs) == 10 and max(pairs.values()) - min(pairs.values()) <= 1
    assert not plan.shortfall


@pytest.mark.parametrize("judge_count,k", [(j, k) for j in range(3, 10) for k in (2, 3, 4) if k < j])
def test_an_events_panel_of_125_entries_has_pairs_within_1_or_2_when_loads_cannot_be_equal(judge_count, k):
    judges = list(range(100, 100 + judge_count))
    plan = balance(ENTRIES, judges, k, seed=1)
    loads, pairs = plan.loads(), plan.pair_counts(judges)
    assert max(loads.values()) - min(loads.values()) <= 1
    # 125·k entries over judges that do not divide it: a judge with one more entry has more pairs (6 judges,
    # k = 3: loads 62 and 63, and no plan has all 15 pairs within 1), so within 2
    assert max(pairs.values()) - min(pairs.values()) <= (1 if 125 * k % judge_count == 0 else 2)


def test_the_same_inputs_and_seed_give_the_same_plan_and_another_seed_another():
    first = balance(ENTRIES, JUDGES, 3, CONFLICTS, seed=1)
    assert balance(list(reversed(ENTRIES)), list(reversed(JUDGES)), 3, CONFLICTS, seed=1).judges_by_entry \
        == first.judges_by_entry
    assert balance(ENTRIES, JUDGES, 3, CONFLICTS, seed=2).judges_by_entry != first.judges_by_entry


def test_a_judge_dropping_out_keeps_every_scored_pair_and_rebalances_the_rest():
    plan = balance(ENTRIES, JUDGES, 3, CONFLICTS, seed=1)
    scored = {(j, e) for j, e in plan.pairs() if e <= 50}  # the first 50 entries are already scored
    remaining = JUDGES[:-1]
    after = balance(ENTRIES, remaining, 3, CONFLICTS, seed=1, current=plan.judges_by_entry, locked=scored)
    kept = {(j, e) for j, e in scored if j in remaining}
    assert kept <= after.pairs()
    assert all(15 not in judges for judges in after.judges_by_entry.values())
    # entries 1–50 keep the two or three scored judges they had; every later entry gets 3 of the 4 left
    assert all(len(after.judges_by_entry[e]) == 3 for e in ENTRIES if e > 50)
    assert all(len(after.judges_by_entry[e]) >= 2 for e in ENTRIES)
    loads = after.loads()
    assert max(loads.values()) - min(loads.values()) <= 1
    assert not after.pairs() & CONFLICTS


def test_an_entry_conflicts_leave_short_gets_every_allowed_judge_and_is_reported():
    conflicts = {(11, 1), (12, 1), (13, 1)}
    plan = balance([1, 2, 3], JUDGES[:4], 3, conflicts, seed=0)
    assert plan.judges_by_entry[1] == {14} and plan.shortfall == {1: 2}


def test_lowering_k_keeps_scored_pairs_even_above_k():
    current = {1: {11, 12, 13, 14}}
    plan = balance([1], JUDGES[:4], 2, (), seed=0, current=current, locked={(11, 1), (12, 1), (13, 1)})
    assert plan.judges_by_entry[1] == {11, 12, 13}


panels = st.tuples(st.integers(2, 8), st.integers(1, 60), st.integers(0, 10), st.integers(0, 2**16))


@settings(max_examples=40, deadline=None)
@given(panels, st.data())
def test_properties_over_random_panels(panel, data):
    judge_count, entry_count, conflict_count, seed = panel
    k = data.draw(st.integers(1, judge_count))
    judges = list(range(100, 100 + judge_count))
    entries = list(range(1, entry_count + 1))
    rng = random.Random(seed)
    conflicts = {(rng.choice(judges), rng.choice(entries)) for _ in range(conflict_count)}
    plan = balance(entries, judges, k, conflicts, seed=seed)
    for e in entries:
        allowed = sum(1 for j in judges if (j, e) not in conflicts)
        assert len(plan.judges_by_entry[e]) == min(k, allowed)
        assert plan.shortfall.get(e, 0) == k - min(k, allowed)
    assert not plan.pairs() & conflicts
    loads = plan.loads()
    assert max(loads.values(), default=0) <= load_cap(entry_count, judge_count, k)
    if not conflicts:
        assert max(loads.values()) - min(loads.values(), default=0) <= 1
        pairs = plan.pair_counts(judges)
        if pairs:
            # Pairs within 1 everywhere is a balanced design, and one does not exist for every size: with
            # 8 judges, 4 entries and k = 4 the second two entries must each take two judges of the first
            # one, so some pair meets twice while others never meet. What the search reaches on every size
            # (swept over 2–8 judges, 1–60 entries, every k): within 2 with equal loads, 3 otherwise. The
            # event's sizes are held to within 1 in test_125_entries_5_judges_k3_3_conflicts and below.
            spread = 2 if entry_count * k % judge_count == 0 else 3
            assert max(pairs.values()) - min(pairs.values()) <= spread


def test_normalisation_on_incomplete_data_hand_computed():
    # each judge scored two of three entries (k = 2):
    #   A: e1 8, e2 6  → mean 7, SD 1 → z +1, −1
    #   B: e2 9, e3 5  → mean 7, SD 2 → z +1, −1
    #   C: e1 4, e3 2  → mean 3, SD 1 → z +1, −1
    # e1 (+1, +1) = 1.0; e2 (−1, +1) = 0.0; e3 (−1, −1) = −1.0. The raw means (6, 7.5, 3.5) would put e2
    # first only because it met the lenient judge B: normalising per judge undoes that.
    table = {1: {1: 8, 2: 6}, 2: {2: 9, 3: 5}, 3: {1: 4, 3: 2}}
    scores = [RawScore(j, e, 1, v) for j, row in table.items() for e, v in row.items()]
    ranking = rank_entries([1, 2, 3], scores, {1: 1.0}, min_scores=2, finalists=2)
    by_id = ranking.by_id()
    assert [r.entry_id for r in ranking.entries] == [1, 2, 3]
    assert [by_id[e].normalised for e in (1, 2, 3)] == [1.0, 0.0, -1.0]
    assert [by_id[e].mean for e in (1, 2, 3)] == [6.0, 7.5, 3.5]
    assert not any(r.flagged for r in ranking.entries) and ranking.finalist_ids == [1, 2]
    # with k = 2 the flag asks for 2 scores; the panel's minimum of 3 would flag every entry
    assert all(r.flagged for r in rank_entries([1, 2, 3], scores, {1: 1.0}, min_scores=3).entries)


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 6), st.integers(4, 14), st.integers(1, 3), st.integers(0, 2**16))
def test_incomplete_data_properties(judge_count, entry_count, k, seed):
    """On a k-of-n assignment: counts, flags and unscored entries are right, and per-judge affine changes do nothing."""
    rng = random.Random(seed)
    judges = list(range(1, judge_count + 1))
    entries = list(range(100, 100 + entry_count))
    plan = balance(entries, judges, k, (), seed=seed)
    skipped = set(rng.sample(entries, 1))  # one entry nobody got round to
    quality = {e: rng.uniform(0, 10) for e in entries}
    noise = {(j, e): rng.uniform(-1, 1) for j in judges for e in entries}
    scores, stretched = [], []
    for j, e in sorted(plan.pairs()):
        if e in skipped:
            continue
        value = quality[e] + noise[(j, e)]
        scores.append(RawScore(j, e, 1, value))
        stretched.append(RawScore(j, e, 1, (1 + j) * value + 7 * j))  # a harsher or more lenient judge
    ranking = rank_entries(entries, scores, {1: 1.0}, min_scores=k, finalists=3)
    again = rank_entries(entries, stretched, {1: 1.0}, min_scores=k, finalists=3).by_id()
    for result in ranking.entries:
        expected = 0 if result.entry_id in skipped else len(plan.judges_by_entry[result.entry_id])
        assert result.count == expected and result.flagged == (expected < k)
        if result.entry_id in skipped:
            assert result.normalised is None
        else:
            assert math.isclose(result.normalised, again[result.entry_id].normalised, abs_tol=1e-9)
    assert ranking.entries[-1].entry_id in skipped
