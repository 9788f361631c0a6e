"""The aggregation rule on hand-computed cases, and its invariances as properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.judging.aggregation import RawScore, rank_entries, weighted_totals, z_scores

ONE = {1: 1.0}  # a one-criterion rubric keeps hand computation short


def scores_of(table: dict[int, dict[int, float]], criterion: int = 1) -> list[RawScore]:
    return [RawScore(judge, entry, criterion, value) for judge, row in table.items() for entry, value in row.items()]


def test_weighted_total_is_the_weighted_mean_of_complete_sheets():
    weights = {1: 2.0, 2: 1.0}
    scores = [RawScore(7, 100, 1, 9), RawScore(7, 100, 2, 3),  # (2*9 + 1*3) / 3 = 7
              RawScore(7, 101, 1, 5)]  # incomplete sheet: does not count
    assert weighted_totals(scores, weights) == {7: {100: 7.0}}


def test_z_scores_hand_computed_and_zero_spread_gives_zero():
    # totals 2, 4, 6: mean 4, population SD sqrt(8/3)
    z = z_scores({1: 2.0, 2: 4.0, 3: 6.0})
    assert z[1] == pytest.approx(-2 / math.sqrt(8 / 3)) and z[2] == pytest.approx(0.0)
    assert z_scores({1: 5.0, 2: 5.0, 3: 5.0}) == {1: 0.0, 2: 0.0, 3: 0.0}
    assert z_scores({1: 8.0}) == {1: 0.0}


def test_harsh_and_lenient_judges_with_the_same_order_give_the_same_normalised_ranking():
    harsh = {10: 2, 11: 3, 12: 4, 13: 1}
    lenient = {10: 8, 11: 9, 12: 10, 13: 7}
    both = rank_entries([10, 11, 12, 13], scores_of({1: harsh, 2: lenient}), ONE, min_scores=2)
    only_harsh = rank_entries([10, 11, 12, 13], scores_of({1: harsh}), ONE, min_scores=1)
    assert [e.entry_id for e in both.entries] == [12, 11, 10, 13]
    assert [e.entry_id for e in only_harsh.entries] == [12, 11, 10, 13]
    by_id = both.by_id()
    # the z-scores of both judges coincide, so the normalised score is the judge's own z
    assert by_id[12].normalised == pytest.approx(1.5 / math.sqrt(1.25))
    assert by_id[12].mean == pytest.approx(7.0) and by_id[12].median == pytest.approx(7.0)
    assert by_id[12].spread == pytest.approx(3.0)


def test_a_lenient_judge_does_not_outweigh_two_judges_by_mere_generosity():
    # judge 1 gives everything 9–10 (lenient) and prefers A; judges 2 and 3 are harsh but prefer B.
    table = {1: {1: 10, 2: 9, 3: 9.5}, 2: {1: 2, 2: 4, 3: 3}, 3: {1: 1, 2: 3, 3: 2}}
    ranking = rank_entries([1, 2, 3], scores_of(table), ONE)
    assert ranking.entries[0].entry_id == 2
    # the plain mean is shown beside the normalised score for comparison
    assert ranking.by_id()[2].mean == pytest.approx(16 / 3)


def test_conflicted_scores_never_count():
    table = {1: {1: 10, 2: 1, 3: 5}, 2: {1: 1, 2: 10, 3: 5}, 3: {1: 1, 2: 10, 3: 5}}
    without = rank_entries([1, 2, 3], scores_of(table), ONE, conflicts={(2, 2), (3, 2)}, min_scores=1)
    by_id = without.by_id()
    assert by_id[2].count == 1 and by_id[2].totals == {1: 1.0}
    # judges 2 and 3 only scored entries 1 and 3 in effect; entry 2's high marks from them are gone
    assert without.entries[-1].entry_id == 2
    dropped = {j: {e: v for e, v in row.items() if not (j in (2, 3) and e == 2)} for j, row in table.items()}
    same = rank_entries([1, 2, 3], scores_of(dropped), ONE, min_scores=1)
    assert [(e.entry_id, e.normalised) for e in same.entries] == [(e.entry_id, e.normalised) for e in without.entries]


def test_scores_on_ineligible_entries_do_not_count():
    table = {1: {1: 10, 2: 1, 99: 5}}
    ranking = rank_entries([1, 2], scores_of(table), ONE, min_scores=1)
    assert {e.entry_id for e in ranking.entries} == {1, 2}
    assert ranking.by_id()[1].normalised == pytest.approx(1.0)  # 99 was left out before the z-scores


def test_too_few_scores_are_flagged_and_unscored_entries_come_last():
    table = {1: {1: 5, 2: 6}, 2: {1: 5, 2: 7}, 3: {1: 4}}
    ranking = rank_entries([1, 2, 3], scores_of(table), ONE, min_scores=3)
    by_id = ranking.by_id()
    assert by_id[1].count == 3 and not by_id[1].flagged
    assert by_id[2].count == 2 and by_id[2].flagged
    assert by_id[3].count == 0 and by_id[3].flagged and by_id[3].normalised is None
    assert ranking.entries[-1].entry_id == 3


def _tie_table(extra_judge_row: dict[int, float] | None = None):
    """Ten entries; 6 and 7 get identical z-scores by symmetry, so they tie at the cut line."""
    # judge 1 and judge 2 mirror each other on entries 6 and 7
    base = {e: 20 - e for e in range(1, 11)}
    j1 = dict(base)
    j2 = dict(base)
    j1[6], j1[7] = 14.0, 13.0
    j2[6], j2[7] = 13.0, 14.0
    table = {1: j1, 2: j2}
    if extra_judge_row:
        table[3] = extra_judge_row
    return table


def test_tie_at_sixth_place_without_a_rule_difference_needs_the_organizers_decision():
    ranking = rank_entries(range(1, 11), scores_of(_tie_table()), ONE, min_scores=1)
    assert set(ranking.unresolved_tie) == {6, 7}
    assert ranking.finalist_ids == []  # nothing can be locked yet
    decided = rank_entries(range(1, 11), scores_of(_tie_table()), ONE, min_scores=1, decision_order=[7, 6])
    assert decided.unresolved_tie == []
    assert decided.finalist_ids == [1, 2, 3, 4, 5, 7]
    assert decided.by_id()[7].tie_broken_by == "decision"


def _judge_one() -> dict[int, float]:
    """Entries 1–5 clearly best, 6 and 7 level just above the judge's mean, then three weak ones."""
    return {1: 10, 2: 9, 3: 8, 4: 7, 5: 6, 6: 5.5, 7: 5.5, 8: 1, 11: 1, 12: 1}


def test_tie_at_sixth_place_broken_by_the_higher_median():
    # judges 3 and 4 each score one of the tied pair plus one other entry, the same value: no spread, z = 0,
    # so 6 and 7 keep equal normalised scores, but judge 3 is generous and judge 4 harsh: 6 has the higher median
    table = {1: _judge_one(), 3: {6: 9, 9: 9}, 4: {7: 2, 10: 2}}
    ranking = rank_entries([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], scores_of(table), ONE, min_scores=1)
    by_id = ranking.by_id()
    assert by_id[6].normalised == pytest.approx(by_id[7].normalised)
    assert by_id[6].median == pytest.approx(7.25) and by_id[7].median == pytest.approx(3.75)
    assert (by_id[6].rank, by_id[7].rank) == (6, 7)
    assert by_id[7].tie_broken_by == "median"
    assert ranking.finalist_ids == [1, 2, 3, 4, 5, 6] and ranking.unresolved_tie == []


def test_tie_at_sixth_place_with_equal_medians_broken_by_top_six_votes():
    # judge 2: entry 6 at its own mean (z = 0) with only one entry above it: in judge 2's top six.
    # judge 3: entry 7 at its own mean (z = 0) with six entries above it: outside judge 3's top six.
    table = {1: _judge_one(), 2: {6: 5.5, 21: 9.5, 22: 1.5},
             3: {7: 5.5, **{e: 9.5 for e in range(31, 37)}, **{e: 1.5 for e in range(41, 47)}}}
    entries = [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 21, 22, *range(31, 37), *range(41, 47)]
    ranking = rank_entries(entries, scores_of(table), ONE, min_scores=1)
    by_id = ranking.by_id()
    assert by_id[6].normalised == pytest.approx(by_id[7].normalised)
    assert by_id[6].median == by_id[7].median == 5.5
    assert (by_id[6].top_six_votes, by_id[7].top_six_votes) == (2, 1)
    assert by_id[6].rank == by_id[7].rank - 1 and by_id[7].tie_broken_by == "top_six"


# --- properties -------------------------------------------------------------------------------

values = st.integers(min_value=1, max_value=10)


@st.composite
def panels(draw):
    """A random panel: 2–5 judges, 3–9 entries, two criteria, some sheets missing."""
    judges = draw(st.integers(2, 5))
    entries = draw(st.integers(3, 9))
    scores = []
    for judge in range(1, judges + 1):
        for entry in range(100, 100 + entries):
            if draw(st.booleans()) or entry < 102:
                scores.append(RawScore(judge, entry, 1, draw(values)))
                scores.append(RawScore(judge, entry, 2, draw(values)))
    return list(range(100, 100 + entries)), scores


WEIGHTS = {1: 2.0, 2: 1.0}


def _summary(ranking):
    return [(e.entry_id, e.normalised, e.count, e.flagged) for e in ranking.entries]


def _assert_same_normalised_ranking(a, b):
    na, nb = {e.entry_id: e.normalised for e in a.entries}, {e.entry_id: e.normalised for e in b.entries}
    assert na.keys() == nb.keys()
    for entry, value in na.items():
        assert (value is None) == (nb[entry] is None)
        if value is not None:
            assert value == pytest.approx(nb[entry], abs=1e-9)
    # entries whose normalised scores clearly differ keep their relative order
    pos_a = {e.entry_id: i for i, e in enumerate(a.entries)}
    pos_b = {e.entry_id: i for i, e in enumerate(b.entries)}
    for x in na:
        for y in na:
            if na[x] is not None and na[y] is not None and na[x] > na[y] + 1e-6:
                assert pos_a[x] < pos_a[y] and pos_b[x] < pos_b[y]


@settings(max_examples=60, deadline=None)
@given(panels(), st.randoms(use_true_random=False))
def test_permuting_judges_or_entries_does_not_change_the_result(panel, rnd):
    entries, scores = panel
    expected = rank_entries(entries, scores, WEIGHTS)
    shuffled_scores = list(scores)
    rnd.shuffle(shuffled_scores)
    shuffled_entries = list(entries)
    rnd.shuffle(shuffled_entries)
    # renaming judges (a permutation of their ids) must not matter either
    judge_ids = sorted({s.judge_id for s in scores})
    renamed = dict(zip(judge_ids, rnd.sample(judge_ids, len(judge_ids)), strict=True))
    renamed_scores = [RawScore(renamed[s.judge_id], s.entry_id, s.criterion_id, s.value) for s in shuffled_scores]
    for variant in (rank_entries(shuffled_entries, shuffled_scores, WEIGHTS),
                    rank_entries(shuffled_entries, renamed_scores, WEIGHTS)):
        assert [e.entry_id for e in variant.entries] == [e.entry_id for e in expected.entries]
        for got, want in zip(variant.entries, expected.entries, strict=True):
            assert got.normalised == pytest.approx(want.normalised, abs=1e-12) if want.normalised is not None \
                else got.normalised is None
            assert (got.count, got.flagged, got.median, got.top_six_votes) == \
                (want.count, want.flagged, want.median, want.top_six_votes)
        assert variant.finalist_ids == expected.finalist_ids
        assert variant.unresolved_tie == expected.unresolved_tie


@settings(max_examples=60, deadline=None)
@given(panels(), st.integers(-5, 20), st.floats(0.1, 10, allow_nan=False), st.data())
def test_shifting_or_scaling_one_judge_does_not_change_the_normalised_ranking(panel, shift, factor, data):
    entries, scores = panel
    judge = data.draw(st.sampled_from(sorted({s.judge_id for s in scores})))
    expected = rank_entries(entries, scores, WEIGHTS)
    shifted = [RawScore(s.judge_id, s.entry_id, s.criterion_id, s.value + shift if s.judge_id == judge else s.value)
               for s in scores]
    scaled = [RawScore(s.judge_id, s.entry_id, s.criterion_id, s.value * factor if s.judge_id == judge else s.value)
              for s in scores]
    _assert_same_normalised_ranking(expected, rank_entries(entries, shifted, WEIGHTS))
    _assert_same_normalised_ranking(expected, rank_entries(entries, scaled, WEIGHTS))
