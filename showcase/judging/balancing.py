"""Balanced assignment of judges to entries: pure functions on plain ids, no database.

Each entry gets ``k`` judges (fewer only when conflicts leave fewer allowed). The plan minimises, in
this order of weight, the spread of the judges' loads and the spread of the *pair counts* (how many
entries each pair of judges shares), as an incomplete block design does: with every pair of judges
meeting on about the same number of entries, each judge's entries are a fair sample of the field,
so turning a judge's totals into z-scores over the entries they scored stays sound.

The method: fill the most constrained entries first, choosing for each the set of judges that adds
least to the sum of squared loads and squared pair counts; then move single assignments while that
sum falls. Pairs in ``locked`` (a judge has already scored the entry) are never moved or dropped.
The same inputs and seed always give the same plan.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: a load step costs this many pair steps, so loads are balanced first and pairs within that
LOAD_WEIGHT = 1000
#: above this many candidate sets an entry is filled one judge at a time
ENUMERATION_LIMIT = 2000
#: the improvement passes stop after this many, even if a move still helps (they converge long before)
MAX_PASSES = 50
#: fresh starts of the search at most (it stops early once loads and pairs are both within 1)
ATTEMPTS = 12

Pair = tuple[int, int]


@dataclass
class Plan:
    """Judges per entry, and the figures an organizer checks it by."""

    judges_by_entry: dict[int, set[int]]
    #: entries that conflicts leave with fewer than k allowed judges: how many judges they lack
    shortfall: dict[int, int]

    def loads(self) -> Counter[int]:
        """How many entries each judge is given."""
        return Counter(j for judges in self.judges_by_entry.values() for j in judges)

    def pair_counts(self, judge_ids: Iterable[int]) -> dict[Pair, int]:
        """How many entries each pair of judges shares (every pair listed, zero included)."""
        counts: dict[Pair, int] = {pair: 0 for pair in itertools.combinations(sorted(set(judge_ids)), 2)}
        for judges in self.judges_by_entry.values():
            for pair in itertools.combinations(sorted(judges), 2):
                counts[pair] = counts.get(pair, 0) + 1
        return counts

    def pairs(self) -> set[tuple[int, int]]:
        """Every (judge, entry) assignment."""
        return {(j, e) for e, judges in self.judges_by_entry.items() for j in judges}


def load_cap(entry_count: int, judge_count: int, k: int) -> int:
    """The most entries any judge should get: ⌈entries·k / judges⌉ + 1."""
    return math.ceil(entry_count * k / judge_count) + 1 if judge_count else 0


def balance(entry_ids: Iterable[int], judge_ids: Iterable[int], k: int,
            conflicts: Iterable[tuple[int, int]] = (), seed: int = 0,
            current: Mapping[int, Iterable[int]] | None = None,
            locked: Iterable[tuple[int, int]] = ()) -> Plan:
    """Give each entry ``k`` judges, balanced; start from ``current`` and never move ``locked`` (judge, entry) pairs.

    The local search can settle where no single move or swap helps while the pairs are still uneven,
    so it starts up to ``ATTEMPTS`` times from differently shuffled orders (all drawn from ``seed``) and
    keeps the most even plan: loads first, then pairs, then the sum of squares.
    """
    entries = sorted(set(entry_ids))
    judges = sorted(set(judge_ids))
    barred = set(conflicts)
    fixed = {(j, e) for j, e in locked if j in judges and (j, e) not in barred}
    allowed = {e: [j for j in judges if (j, e) not in barred] for e in entries}
    rng = random.Random(seed)
    best: tuple[tuple[int, int, int], dict[int, set[int]]] | None = None
    for _attempt in range(ATTEMPTS):
        plan, state = _attempt_plan(entries, judges, k, allowed, fixed, current, rng)
        score = state.evenness()
        if best is None or score < best[0]:
            best = (score, plan)
        if score[0] <= 1 and score[1] <= 1:
            break  # as even as plans get
    assert best is not None
    plan = best[1]
    shortfall = {e: k - len(plan[e]) for e in entries if len(plan[e]) < k}
    return Plan(judges_by_entry=plan, shortfall=shortfall)


def _attempt_plan(entries: list[int], judges: list[int], k: int, allowed: Mapping[int, list[int]],
                  fixed: set[tuple[int, int]], current: Mapping[int, Iterable[int]] | None,
                  rng: random.Random) -> tuple[dict[int, set[int]], _State]:
    """One greedy fill (most constrained entries first, shuffled ties) and its local search."""
    plan: dict[int, set[int]] = {}
    for e in entries:
        kept = {j for j in (current or {}).get(e, ()) if j in allowed[e] and j in judges}
        kept |= {j for j in judges if (j, e) in fixed}
        plan[e] = kept
    state = _State(judges)
    for e in entries:
        state.add(plan[e])
    for e in entries:  # too many on one entry (k lowered): drop the movable ones with the heaviest load
        movable = sorted((j for j in plan[e] if (j, e) not in fixed), key=lambda j: (-state.load[j], j))
        while len(plan[e]) > k and movable:
            j = movable.pop(0)
            state.remove(plan[e], j)
            plan[e].discard(j)
    order = entries[:]
    rng.shuffle(order)
    order.sort(key=lambda e: len(allowed[e]))  # most constrained first; the shuffle breaks ties
    for e in order:
        wanted = min(k, len(allowed[e])) - len(plan[e])
        if wanted > 0:
            chosen = state.best_addition(plan[e], [j for j in allowed[e] if j not in plan[e]], wanted, rng)
            for j in chosen:
                state.add_one(plan[e], j)
                plan[e].add(j)
    state.improve(plan, allowed, fixed, order)
    return plan, state


class _State:
    """Loads and pair counts of a plan being built, with the cost changes of adding or moving a judge."""

    def __init__(self, judges: list[int]) -> None:
        self.judges = judges
        self.load: Counter[int] = Counter()
        self.pair: Counter[Pair] = Counter()

    def evenness(self) -> tuple[int, int, int]:
        """(load spread, pair spread, sum of squares): lower is more even; every judge and pair counted."""
        loads = [self.load[j] for j in self.judges]
        pairs = [self.pair[p] for p in itertools.combinations(self.judges, 2)]
        squares = sum(v * v for v in loads) * LOAD_WEIGHT + sum(v * v for v in pairs)
        return (max(loads) - min(loads) if loads else 0, max(pairs) - min(pairs) if pairs else 0, squares)

    def add(self, judges: set[int]) -> None:
        for j in judges:
            self.load[j] += 1
        for pair in itertools.combinations(sorted(judges), 2):
            self.pair[pair] += 1

    def add_one(self, others: set[int], j: int) -> None:
        self.load[j] += 1
        for o in others:
            self.pair[_pair(j, o)] += 1

    def remove(self, members: set[int], j: int) -> None:
        self.load[j] -= 1
        for o in members:
            if o != j:
                self.pair[_pair(j, o)] -= 1

    def _added_cost(self, others: Iterable[int], chosen: tuple[int, ...]) -> int:
        cost = sum(LOAD_WEIGHT * (2 * self.load[j] + 1) for j in chosen)
        base = list(others)
        for i, j in enumerate(chosen):
            for o in itertools.chain(base, chosen[:i]):
                cost += 2 * self.pair[_pair(j, o)] + 1
        return cost

    def best_addition(self, members: set[int], candidates: list[int], wanted: int, rng: random.Random) -> tuple[int, ...]:
        """The ``wanted`` candidates whose addition raises the sum of squares least (seeded tie-break)."""
        rng.shuffle(candidates)
        if math.comb(len(candidates), wanted) <= ENUMERATION_LIMIT:
            return min(itertools.combinations(candidates, wanted), key=lambda c: self._added_cost(members, c))
        chosen: list[int] = []
        for _ in range(wanted):
            j = min((c for c in candidates if c not in chosen),
                    key=lambda c: self._added_cost([*members, *chosen], (c,)))
            chosen.append(j)
        return tuple(chosen)

    def _move_delta(self, members: set[int], out: int, into: int) -> int:
        delta = LOAD_WEIGHT * (2 * (self.load[into] - self.load[out]) + 2)
        for o in members:
            if o != out:
                delta += 2 * (self.pair[_pair(into, o)] - self.pair[_pair(out, o)]) + 2
        return delta

    def _pair_delta(self, members: set[int], out: int, into: int) -> int:
        return sum(2 * (self.pair[_pair(into, o)] - self.pair[_pair(out, o)]) + 2 for o in members if o != out)

    def _move(self, members: set[int], out: int, into: int) -> None:
        self.remove(members, out)
        members.discard(out)
        self.add_one(members, into)
        members.add(into)

    def improve(self, plan: dict[int, set[int]], allowed: Mapping[int, list[int]], fixed: set[tuple[int, int]],
                order: list[int]) -> None:
        """Move single assignments, then swap judges between two entries, while that lowers the cost."""
        for _ in range(MAX_PASSES):
            if not (self._single_moves(plan, allowed, fixed, order) or self._swaps(plan, allowed, fixed, order)):
                return

    def _swaps(self, plan: dict[int, set[int]], allowed: Mapping[int, list[int]], fixed: set[tuple[int, int]],
               order: list[int]) -> bool:
        """Exchange judge a on one entry with judge b on another (loads unchanged) where the pairs even out."""
        allowed_sets = {e: set(js) for e, js in allowed.items()}
        holding: dict[int, list[int]] = {j: [] for j in self.judges}
        for e in order:
            for j in plan[e]:
                holding[j].append(e)
        swapped = False
        for e1 in order:
            for a in sorted(plan[e1]):
                if (a, e1) in fixed or a not in plan[e1]:
                    continue
                for b in allowed[e1]:
                    if b in plan[e1] or self._pair_delta(plan[e1], a, b) > 0:
                        continue
                    for e2 in holding[b]:
                        if (e2 == e1 or b not in plan[e2] or a in plan[e2] or (b, e2) in fixed
                                or a not in allowed_sets[e2]):
                            continue
                        first = self._pair_delta(plan[e1], a, b)
                        self._move(plan[e1], a, b)
                        if first + self._pair_delta(plan[e2], b, a) < 0:
                            self._move(plan[e2], b, a)
                            holding[a].append(e2)
                            holding[b].append(e1)
                            swapped = True
                            break
                        self._move(plan[e1], b, a)
                    if a not in plan[e1]:
                        break
        return swapped

    def _single_moves(self, plan: dict[int, set[int]], allowed: Mapping[int, list[int]],
                      fixed: set[tuple[int, int]], order: list[int]) -> bool:
        """Move one judge off an entry onto another judge wherever that lowers the cost."""
        moved = False
        for _ in range(MAX_PASSES):
            moved_now = False
            for e in order:
                members = plan[e]
                for out in sorted(members):
                    if (out, e) in fixed:
                        continue
                    best, best_delta = None, 0
                    for into in allowed[e]:
                        if into in members:
                            continue
                        delta = self._move_delta(members, out, into)
                        if delta < best_delta:
                            best, best_delta = into, delta
                    if best is not None:
                        self._move(members, out, best)
                        moved = moved_now = True
                        break
            if not moved_now:
                break
        return moved


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)
