"""Stored balanced assignment on the real database: the organizer's choice, judges' queues, a judge leaving, flags."""

from __future__ import annotations

import itertools
import math

import pytest
from sqlalchemy import select

from showcase.audit.models import AuditEntry
from showcase.extensions import db
from showcase.judging.assignment import choose_mode, overview
from showcase.judging.models import JudgeAssignment, JudgingSettings, Score
from showcase.judging.panel import record_conflict, remove_judge
from showcase.judging.refusals import JudgingError
from showcase.judging.results import event_results
from showcase.judging.scoring import entry_for_judge, judge_queue, save_scores
from tests.judging.factories import make_entries, make_judges, make_rubric, sign_in


def _assignments(event) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for row in db.session.scalars(select(JudgeAssignment).where(JudgeAssignment.event_id == event.id)):
        found.setdefault(row.submission_id, set()).add(row.judge_id)
    return found


@pytest.fixture
def panel(make_event, make_user, request):
    """125 entries (or as many as an indirect parameter says), 5 judges, 3 conflicts, a two-line rubric."""
    event = make_event(communities=getattr(request, "param", 125))
    rubric = make_rubric(event)
    entries = make_entries(event)
    judges = make_judges(event, make_user, 5)
    organizer = make_user()
    for judge, index in ((judges[0], 6), (judges[2], 39), (judges[4], 98)):
        entry = entries[index % len(entries)]
        record_conflict(event, judge, entry.community, "", organizer)
    return event, rubric, entries, judges, organizer


def test_organizer_chooses_k3_and_the_stored_assignment_is_balanced(client, login_as, panel):
    event, rubric, entries, judges, organizer = panel
    login_as("organizer")
    response = client.post(f"/manage/events/{event.slug}/judging/assignment?lang=en",
                           data={"mode": "split", "judges_per_entry": "3"})
    assert response.status_code == 302
    stored = _assignments(event)
    conflicts = {(judges[0].id, entries[6].id), (judges[2].id, entries[39].id), (judges[4].id, entries[98].id)}
    assert sorted(stored) == [e.id for e in entries] and all(len(js) == 3 for js in stored.values())
    loads = {j.id: sum(1 for js in stored.values() if j.id in js) for j in judges}
    assert max(loads.values()) <= math.ceil(125 * 3 / 5) + 1
    assert not {(j, e) for e, js in stored.items() for j in js} & conflicts
    pairs = [sum(1 for js in stored.values() if {a.id, b.id} <= js) for a, b in itertools.combinations(judges, 2)]
    assert max(pairs) - min(pairs) <= 1
    assert db.session.get(JudgingSettings, event.id).judges_per_entry == 3
    assert "judges_assigned" in db.session.scalars(select(AuditEntry.action).where(AuditEntry.event_id == event.id)).all()
    page = client.get(f"/manage/events/{event.slug}/judging?lang=en")
    assert b"Each entry is scored by 3 judges." in page.data and b"every two judges share" in page.data
    page = client.get(f"/manage/events/{event.slug}/judging?lang=ko")
    assert "심사위원 3명".encode() in page.data
    # the same panel gives the same assignment
    choose_mode(event, organizer, None)
    assert _assignments(event) == {}
    choose_mode(event, organizer, 3)
    assert _assignments(event) == stored


@pytest.mark.parametrize("panel", [10], indirect=True)
@pytest.mark.parametrize("value", ["0", "6", "abc", "-1", "99999999999999999999"])
def test_a_k_outside_the_panel_is_refused_and_nothing_changes(client, login_as, panel, value):
    event = panel[0]
    login_as("organizer")
    response = client.post(f"/manage/events/{event.slug}/judging/assignment?lang=en",
                           data={"mode": "split", "judges_per_entry": value}, follow_redirects=True)
    assert response.status_code == 200
    assert b"Choose" in response.data or b"Enter a number" in response.data
    settings = db.session.get(JudgingSettings, event.id)
    assert (settings is None or settings.judges_per_entry is None) and _assignments(event) == {}


@pytest.mark.parametrize("panel", [100], indirect=True)
def test_judges_see_and_score_only_their_entries(client, panel):
    event, rubric, entries, judges, organizer = panel
    choose_mode(event, organizer, 3)
    mine = _assignments(event)
    judge = judges[1]
    assigned = {e for e, js in mine.items() if judge.id in js}
    queue = judge_queue(event, judge)
    assert {s.id for s in queue.entries} == assigned and queue.total == 60
    other = next(e for e in entries if e.id not in assigned)
    with pytest.raises(JudgingError) as refused:
        entry_for_judge(event, judge, other.id)
    assert refused.value.code == "not_assigned" and refused.value.status == 403
    sign_in(client, judge)
    assert client.get(f"/judge/{event.slug}/entries/{other.id}?lang=en").status_code == 403
    response = client.post(f"/judge/{event.slug}/entries/{other.id}?lang=en",
                           data={f"criterion-{c.id}": "5" for c in rubric})
    assert response.status_code == 403
    assert db.session.scalar(select(Score.id).where(Score.judge_id == judge.id)) is None
    assert client.get(f"/judge/{event.slug}/entries/{min(assigned)}?lang=en").status_code == 200


@pytest.mark.parametrize("panel", [100], indirect=True)
def test_a_judge_dropping_out_keeps_scores_given_and_rebalances(panel):
    event, rubric, entries, judges, organizer = panel
    choose_mode(event, organizer, 3)
    before = _assignments(event)
    scored = set()
    for judge in judges:
        for entry_id in sorted(e for e, js in before.items() if judge.id in js)[:10]:
            save_scores(event, judge, entry_id, {rubric[0].id: 5, rubric[1].id: 6})
            scored.add((judge.id, entry_id))
    leaving = judges[4]
    remove_judge(event, leaving)
    after = _assignments(event)
    assert {(j, e) for j, e in scored if j != leaving.id} <= {(j, e) for e, js in after.items() for j in js}
    assert all(leaving.id not in js for js in after.values())
    assert all(len(js) == 3 for js in after.values())  # four judges left, no entry conflicts with all but two
    view = overview(event)
    assert view.short_entries == 0 and max(view.loads.values()) - min(view.loads.values()) <= 1
    assert set(view.loads) == {j.id for j in judges[:4]}
    # a conflict recorded afterwards moves that entry to another judge (the scored pair stops counting)
    target = next(e for e, js in after.items() if judges[1].id in js and (judges[1].id, e) not in scored)
    community = next(s.community for s in entries if s.id == target)
    record_conflict(event, judges[1], community, "", organizer)
    moved = _assignments(event)
    assert judges[1].id not in moved[target] and len(moved[target]) == 3


@pytest.mark.parametrize("panel", [100], indirect=True)
def test_flags_follow_k_on_incomplete_data(panel):
    event, rubric, entries, judges, organizer = panel
    choose_mode(event, organizer, 2)
    stored = _assignments(event)
    first = entries[0].id
    for judge_id in sorted(stored[first]):
        judge = next(j for j in judges if j.id == judge_id)
        save_scores(event, judge, first, {rubric[0].id: 7, rubric[1].id: 7})
    second = entries[1].id
    judge = next(j for j in judges if j.id == min(stored[second]))
    save_scores(event, judge, second, {rubric[0].id: 3, rubric[1].id: 3})
    results = event_results(event).ranking.by_id()
    assert results[first].count == 2 and not results[first].flagged  # k = 2 below the minimum of 3
    assert results[second].count == 1 and results[second].flagged
    assert results[entries[2].id].count == 0 and results[entries[2].id].normalised is None
