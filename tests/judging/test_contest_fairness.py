"""Mixed scales (hand-computed), ties away from the cut, comments for organizers, conflict-proof media, audit."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role
from showcase.extensions import db
from showcase.judging.aggregation import RawScore, rank_entries, rescaled, weighted_totals
from showcase.judging.panel import record_conflict
from showcase.judging.results import event_results, record_tie_decision
from showcase.judging.rubric import CriterionDetails, save_criterion
from showcase.judging.scoring import declare_conflict, save_scores
from showcase.submissions.models import Eligibility
from showcase.submissions.services import ReviewDecision, review
from tests.judging.factories import make_entries, make_judges, make_rubric, sign_in

A, B = 1, 2  # criterion A on 1–10, criterion B on 1–5
SCALES = {A: (1, 10), B: (1, 5)}




# --- 4. criteria on different scales ------------------------------------------------------------

def test_rescaled_puts_each_scale_on_0_to_100():
    assert rescaled(1, (1, 10)) == 0.0 and rescaled(10, (1, 10)) == 100.0
    assert rescaled(3, (1, 5)) == 50.0 and rescaled(4, (0, 8)) == 50.0
    assert rescaled(7, None) == 7.0  # no scale given: the raw value (as before)


def test_equal_weights_on_mixed_scales_weigh_equally_hand_computed():
    # Entry 10: A=10 (100), B=1 (0) → 50.   Entry 11: A=1 (0), B=5 (100) → 50.   Equal, as the weights say.
    # Averaged raw, entry 10 would get (10+1)/2 = 5.5 and entry 11 (1+5)/2 = 3: the 1–5 criterion weighing half.
    scores = [RawScore(7, 10, A, 10), RawScore(7, 10, B, 1), RawScore(7, 11, A, 1), RawScore(7, 11, B, 5)]
    weights = {A: 1.0, B: 1.0}
    assert weighted_totals(scores, weights, scales=SCALES) == {7: {10: 50.0, 11: 50.0}}
    assert weighted_totals(scores, weights) == {7: {10: 5.5, 11: 3.0}}


def test_weights_apply_after_rescaling_hand_computed():
    # A weight 2: 7 on 1–10 → (7−1)/9 × 100 = 66.667;  B weight 1: 4 on 1–5 → (4−1)/4 × 100 = 75
    # total = (2 × 66.667 + 1 × 75) / 3 = 69.444
    scores = [RawScore(7, 10, A, 7), RawScore(7, 10, B, 4)]
    total = weighted_totals(scores, {A: 2.0, B: 1.0}, scales=SCALES)[7][10]
    assert total == pytest.approx((2 * 600 / 9 + 75) / 3) and round(total, 3) == 69.444


def test_mixed_scales_change_the_order_the_raw_average_would_give():
    # Judge 1: entry 10 A=9 B=2 → (88.889 + 25)/2 = 56.944; entry 11 A=6 B=5 → (55.556 + 100)/2 = 77.778
    # raw: 10 → 5.5, 11 → 5.5 (level); rescaled, 11 is clearly ahead. Judge 2 agrees, so 11 ranks first.
    table = {1: {10: (9, 2), 11: (6, 5), 12: (1, 1)}, 2: {10: (8, 2), 11: (6, 4), 12: (2, 1)}}
    scores = [RawScore(j, e, c, v) for j, row in table.items() for e, pair in row.items()
              for c, v in zip((A, B), pair, strict=True)]
    ranking = rank_entries([10, 11, 12], scores, {A: 1.0, B: 1.0}, min_scores=2, scales=SCALES)
    assert [e.entry_id for e in ranking.entries] == [11, 10, 12]
    by_id = ranking.by_id()
    assert by_id[11].totals[1] == pytest.approx((500 / 9 + 100) / 2)
    assert by_id[10].mean == pytest.approx(((800 / 9 + 25) / 2 + (700 / 9 + 25) / 2) / 2)


def test_results_page_and_cli_rank_mixed_scales_on_one_scale(client, runner, login_as, make_event, make_user):
    event = make_event(communities=3)
    ten = save_criterion(event, CriterionDetails(name_ko="연출", name_en="Direction", scale_min=1, scale_max=10))
    five = save_criterion(event, CriterionDetails(name_ko="공감", name_en="Empathy", scale_min=1, scale_max=5))
    entries = make_entries(event)
    judge = make_judges(event, make_user, 1)[0]
    for entry, (a, b) in zip(entries, ((10, 1), (1, 5), (5, 3)), strict=True):
        save_scores(event, judge, entry.id, {ten.id: a, five.id: b})
    # 10/1 → (100 + 0)/2 = 50;  1/5 → (0 + 100)/2 = 50;  5/3 → (44.444 + 50)/2 = 47.222
    outcome = event_results(event).ranking.by_id()
    assert outcome[entries[0].id].mean == pytest.approx(50.0) and outcome[entries[1].id].mean == pytest.approx(50.0)
    assert outcome[entries[2].id].mean == pytest.approx((400 / 9 + 50) / 2)
    login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/results?lang=en").get_data(as_text=True)
    assert "points out of 100" in page and "47.22" in page
    output = runner.invoke(args=["results", event.slug]).output
    assert "points of 100" in output.splitlines()[0] and "47.22" in output


# --- 5. ties away from the cut ------------------------------------------------------------------

def test_a_tie_away_from_the_cut_is_flagged_and_placed_by_the_stated_rule():
    # one judge, eight entries; entries 3 and 4 get the same total: level on every measure at ranks 3–4
    totals = {1: 10, 2: 9, 4: 8, 3: 8, 5: 6, 6: 5, 7: 4, 8: 3}
    scores = [RawScore(1, e, 1, v) for e, v in totals.items()]
    ranking = rank_entries(list(totals), scores, {1: 1.0}, min_scores=1)
    assert [e.entry_id for e in ranking.entries][:4] == [1, 2, 3, 4]  # the lower entry number first
    by_id = ranking.by_id()
    assert by_id[3].tie_broken_by == by_id[4].tie_broken_by == "entry_number"
    assert by_id[2].tie_broken_by is None and not ranking.unresolved_tie
    # at the cut line the same situation still needs the organizer's decision
    totals = {1: 10, 2: 9, 3: 8, 4: 7, 5: 6, 6: 5, 7: 5, 8: 3}
    ranking = rank_entries(list(totals), [RawScore(1, e, 1, v) for e, v in totals.items()], {1: 1.0}, min_scores=1)
    assert sorted(ranking.unresolved_tie) == [6, 7] and ranking.by_id()[6].tie_broken_by is None


def test_results_page_states_the_rule_and_flags_the_tie(client, login_as, make_event, make_user):
    event = make_event(communities=8)
    rubric = make_rubric(event, weights=(1.0,))
    entries = make_entries(event)
    judge = make_judges(event, make_user, 1)[0]
    for entry, value in zip(entries, (10, 9, 8, 8, 6, 5, 4, 3), strict=True):
        save_scores(event, judge, entry.id, {rubric[0].id: value})
    login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/results?lang=en").get_data(as_text=True)
    assert 'id="rule-entry-number"' in page and "placed by the lower entry number" in page
    assert page.count("level on every measure: placed by entry number") == 2


# --- 2. comments ----------------------------------------------------------------------------------

@pytest.fixture
def commented(make_event, make_user):
    event = make_event(communities=3)
    rubric = make_rubric(event)
    entries = make_entries(event)
    judges = make_judges(event, make_user, 2)
    save_scores(event, judges[0], entries[0].id, {rubric[0].id: 8, rubric[1].id: 7},
                "아이들 웃음소리가 좋아요 =SUM(A1)")
    save_scores(event, judges[1], entries[0].id, {rubric[0].id: 6, rubric[1].id: 6}, "Sound is too quiet at 0:40")
    save_scores(event, judges[1], entries[1].id, {rubric[0].id: 5, rubric[1].id: 5}, "")
    return event, rubric, entries, judges


def test_comments_are_shown_to_organizers_on_the_review_and_results_pages(client, login_as, commented):
    event, _rubric, entries, judges = commented
    login_as(Role.ORGANIZER)
    results = client.get(f"/manage/events/{event.slug}/results?lang=en").get_data(as_text=True)
    assert "Judges’ comments" in results and "2 comments" in results
    assert "아이들 웃음소리가 좋아요" in results and "Sound is too quiet at 0:40" in results
    assert judges[0].name in results
    review_page = client.get(f"/manage/events/{event.slug}/submissions?lang=en").get_data(as_text=True)
    assert f'id="comments-{entries[0].id}"' in review_page and "Sound is too quiet at 0:40" in review_page
    assert f'id="comments-{entries[1].id}"' not in review_page  # an empty comment is not shown


def test_judges_never_see_the_comments_of_others(client, commented):
    event, _rubric, entries, judges = commented
    sign_in(client, judges[1])
    page = client.get(f"/judge/{event.slug}/entries/{entries[0].id}").get_data(as_text=True)
    assert "Sound is too quiet" in page and "아이들 웃음소리" not in page


def test_score_csv_has_the_comment_and_version_of_every_score(client, login_as, commented):
    event, _rubric, entries, judges = commented
    login_as(Role.ORGANIZER)
    response = client.get(f"/manage/events/{event.slug}/scores.csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 6
    first = [r for r in rows if r["judge_email"] == judges[0].email]
    assert {r["comment"] for r in first} == {"아이들 웃음소리가 좋아요 =SUM(A1)"}
    assert {r["version_scored"] for r in rows} == {"1"} and {r["current_version"] for r in rows} == {"1"}
    assert {r["scale_min"] + "-" + r["scale_max"] for r in rows} == {"1-10"}
    assert {r["comment"] for r in rows if r["entry_id"] == str(entries[1].id)} == {""}


# --- 3. media follow the entry page's rule --------------------------------------------------------

@pytest.fixture
def media_world(make_event, make_user, tmp_path):
    event = make_event(communities=3)
    make_rubric(event)
    entries = make_entries(event, media_dir=tmp_path / "media")
    judges = make_judges(event, make_user, 2)
    organizer = make_user(Role.ORGANIZER)
    record_conflict(event, judges[0], entries[0].community, "같은 공동체", organizer)
    return event, entries, judges, organizer


def _status(client, url: str) -> int:
    with client.get(url) as response:
        return response.status_code


def test_a_conflicted_judge_cannot_fetch_the_entrys_media(client, media_world):
    event, entries, judges, _organizer = media_world
    conflicted, other = judges
    sign_in(client, conflicted)
    for name in ("video.mp4", "poster.jpg"):
        assert _status(client, f"/judge/{event.slug}/entries/{entries[0].id}/{name}") == 403
        assert _status(client, f"/submissions/{entries[0].id}/{name}") == 404  # sequential ids lead nowhere
        assert _status(client, f"/judge/{event.slug}/entries/{entries[1].id}/{name}") == 200
    assert _status(client, f"/judge/{event.slug}/entries/{entries[0].id}") == 403  # the same rule as the page
    sign_in(client, other)
    assert _status(client, f"/judge/{event.slug}/entries/{entries[0].id}/video.mp4") == 200


def test_a_declared_conflict_and_a_disqualification_close_the_media_at_once(client, media_world):
    event, entries, judges, organizer = media_world
    other = judges[1]
    declare_conflict(event, other, entries[1].id, "제 조카가 나와요")
    sign_in(client, other)
    assert _status(client, f"/judge/{event.slug}/entries/{entries[1].id}/video.mp4") == 403
    review(entries[2], ReviewDecision(Eligibility.DISQUALIFIED, "동의서 누락"), organizer)
    for name in ("video.mp4", "poster.jpg"):
        assert _status(client, f"/judge/{event.slug}/entries/{entries[2].id}/{name}") == 404
        assert _status(client, f"/submissions/{entries[2].id}/{name}") == 404


# --- 6. audit --------------------------------------------------------------------------------------

def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_viewing_posters_and_videos_is_not_a_data_export(client, media_world):
    event, entries, _judges, organizer = media_world
    sign_in(client, organizer)
    before = _actions()
    for entry in entries:
        assert _status(client, f"/submissions/{entry.id}/poster.jpg") == 200
        assert _status(client, f"/submissions/{entry.id}/video.mp4") == 200
    assert client.get(f"/manage/events/{event.slug}/submissions").status_code == 200
    assert _actions() == before
    assert client.get(f"/manage/events/{event.slug}/scores.csv").status_code == 200
    assert _actions()[len(before):] == ["exported"]


def test_disqualification_conflicts_and_tie_decisions_are_audited(client, login_as, make_event, make_user):
    event = make_event(communities=8)
    rubric = make_rubric(event, weights=(1.0,))
    entries = make_entries(event)
    judges = make_judges(event, make_user, 1)
    organizer = make_user(Role.ORGANIZER)
    conflict = record_conflict(event, judges[0], entries[7].community, "가족", organizer)
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "conflict_recorded")).all()
    assert entry.actor_id == organizer.id and entry.details["community_id"] == entries[7].community_id
    sign_in(client, organizer)
    client.post(f"/manage/events/{event.slug}/judging/conflicts/{conflict.id}/delete")
    assert _actions()[-1] == "conflict_removed"
    review(entries[7], ReviewDecision(Eligibility.DISQUALIFIED, "저작권 음악"), organizer)
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "entry_disqualified")).all()
    assert entry.details == {"from": "eligible", "to": "disqualified", "version": 1, "reason": "저작권 음악"}
    # a tie at the cut decided by the organizer
    for entry_, value in zip(entries[:7], (10, 9, 8, 7, 6, 5, 5), strict=True):
        save_scores(event, judges[0], entry_.id, {rubric[0].id: value})
    tied = event_results(event).ranking.unresolved_tie
    assert sorted(tied) == [entries[5].id, entries[6].id]
    record_tie_decision(event, organizer, [entries[6].id, entries[5].id], "관객 투표 결과")
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "tie_decided")).all()
    assert entry.details == {"order": [entries[6].id, entries[5].id], "reason": "관객 투표 결과"}
    assert entry.actor_id == organizer.id
