"""Judges score through the pages; every refusal is clear and leaves nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from showcase.auth.models import Role
from showcase.database import utcnow
from showcase.extensions import db
from showcase.judging.models import Conflict, JudgeComment, Score, ScoreAudit
from showcase.judging.scoring import judge_queue
from showcase.judging.settings import settings_for_update
from tests.judging.factories import make_entries, make_judges, make_rubric, sign_in


def _score_count() -> int:
    return db.session.scalar(select(func.count(Score.id)))




@pytest.fixture
def setup(make_event, make_user, client):
    event = make_event(communities=5)
    rubric = make_rubric(event)
    entries = make_entries(event)
    judges = make_judges(event, make_user, 2)
    sign_in(client, judges[0])
    return event, rubric, entries, judges


def _form(rubric, values, comment=""):
    return {f"criterion-{c.id}": str(v) for c, v in zip(rubric, values, strict=True)} | {"comment": comment}


def test_judge_scores_an_entry_and_is_sent_to_the_next_in_their_own_order(client, setup):
    event, rubric, entries, judges = setup
    queue = judge_queue(event, judges[0])
    first, second = queue.entries[0], queue.entries[1]
    page = client.get(f"/judge/{event.slug}/entries/{first.id}")
    assert page.status_code == 200 and b"0 of 5 scored" in page.data or "5개 중 0개".encode() in page.data
    response = client.post(f"/judge/{event.slug}/entries/{first.id}?lang=en", data=_form(rubric, [7, 9], "Lovely"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/entries/{second.id}")
    assert _score_count() == 2
    page = client.get(f"/judge/{event.slug}/")
    assert "5개 중 1개 채점".encode() in page.data
    # revising keeps one row per criterion and leaves an audit trail
    client.post(f"/judge/{event.slug}/entries/{first.id}", data=_form(rubric, [8, 9], "Lovely"))
    assert _score_count() == 2
    assert [(a.old_value, a.new_value) for a in db.session.scalars(select(ScoreAudit).order_by(ScoreAudit.id))] == \
        [(None, 7), (None, 9), (7, 8)]
    assert db.session.scalar(select(JudgeComment.comment)) == "Lovely"


def test_queue_order_is_random_per_judge_but_stable(setup):
    event, _rubric, _entries, judges = setup
    one = [s.id for s in judge_queue(event, judges[0]).entries]
    assert one == [s.id for s in judge_queue(event, judges[0]).entries]
    others = {tuple(s.id for s in judge_queue(event, j).entries) for j in judges}
    assert len(one) == 5 and len(others) == 2  # two judges, two different orders


@pytest.mark.parametrize("values, message", [
    ([11, 5], b"11 is outside the scale"),
    ([0, 5], b"0 is outside the scale"),
    (["", 5], b"Choose a score from 1 to 10"),
    (["seven", 5], b"Choose a score from 1 to 10"),
])
def test_out_of_range_or_missing_scores_are_refused_and_nothing_is_stored(client, setup, values, message):
    event, rubric, entries, _judges = setup
    response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en", data=_form(rubric, values))
    assert response.status_code == 422 and message in response.data
    assert b"Every criterion needs a score on its scale." in response.data
    assert _score_count() == 0 and db.session.scalar(select(func.count(JudgeComment.id))) == 0


def test_conflicted_ineligible_and_other_events_entries_are_refused(client, setup, make_event):
    event, rubric, entries, judges = setup
    db.session.add(Conflict(judge_id=judges[0].id, community_id=entries[1].community_id, reason="member"))
    entries[2].eligibility = entries[2].eligibility.__class__("disqualified")
    db.session.commit()
    other = make_event(communities=1)
    foreign = make_entries(other)[0]
    cases = [(entries[1].id, 403, b"conflict of interest"), (entries[2].id, 422, b"not eligible"),
             (foreign.id, 404, b"not part of this event"), (99999, 404, b"not part of this event")]
    for submission_id, status, message in cases:
        response = client.post(f"/judge/{event.slug}/entries/{submission_id}?lang=en", data=_form(rubric, [5, 5]))
        assert response.status_code == status and message in response.data, submission_id
        assert client.get(f"/judge/{event.slug}/entries/{submission_id}?lang=en").status_code == status
    assert _score_count() == 0
    ids = {s.id for s in judge_queue(event, judges[0]).entries}
    assert entries[1].id not in ids and entries[2].id not in ids and len(ids) == 3


def test_scores_refused_outside_the_window_and_after_the_lock(client, setup):
    event, rubric, entries, _judges = setup
    settings = settings_for_update(event)  # pages that only show judging no longer create the row
    settings.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en", data=_form(rubric, [5, 5]))
    assert response.status_code == 409 and b"judging window has closed" in response.data
    settings.closes_at, settings.opens_at = None, utcnow() + timedelta(days=1)
    db.session.commit()
    response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en", data=_form(rubric, [5, 5]))
    assert response.status_code == 409 and b"not opened yet" in response.data
    settings.opens_at, settings.locked_at = None, utcnow()
    db.session.commit()
    response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en", data=_form(rubric, [5, 5]))
    assert response.status_code == 409 and b"results are locked" in response.data
    assert _score_count() == 0


def test_non_judges_cannot_post_scores_and_judges_cannot_read_the_ranking(client, setup, make_user, make_event):
    event, rubric, entries, judges = setup
    # a judge not on this panel
    outsider = make_user(Role.JUDGE)
    sign_in(client, outsider)
    response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en", data=_form(rubric, [5, 5]))
    assert response.status_code == 403 and b"not on this event" in response.data
    for role in (Role.ORGANIZER, Role.STAFF):
        sign_in(client, make_user(role))
        response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en", data=_form(rubric, [5, 5]))
        assert response.status_code == 403 and b"Only judges can score entries." in response.data
    assert _score_count() == 0
    sign_in(client, judges[0])
    for path in (f"/manage/events/{event.slug}/results", f"/manage/events/{event.slug}/scores.csv",
                 f"/manage/events/{event.slug}/judging"):
        response = client.get(path + "?lang=en")
        assert response.status_code == 403 and b"Judges do not see the ranking" in response.data
    # another judge's scores never appear on a judge's page
    client.post(f"/judge/{event.slug}/entries/{entries[0].id}", data=_form(rubric, [3, 4], "secret note"))
    sign_in(client, judges[1])
    page = client.get(f"/judge/{event.slug}/entries/{entries[0].id}?lang=en")
    assert b"secret note" not in page.data and b"checked" not in page.data


def test_declaring_a_conflict_removes_the_entry_and_its_scores_stop_counting(client, setup):
    event, rubric, entries, judges = setup
    client.post(f"/judge/{event.slug}/entries/{entries[0].id}", data=_form(rubric, [9, 9]))
    response = client.post(f"/judge/{event.slug}/entries/{entries[0].id}/conflict?lang=en", data={"reason": "my niece"})
    assert response.status_code == 302
    assert entries[0].id not in {s.id for s in judge_queue(event, judges[0]).entries}
    from showcase.judging.results import event_results

    assert event_results(event).ranking.by_id()[entries[0].id].count == 0


def test_blind_judging_hides_team_names(client, setup):
    event, _rubric, entries, _judges = setup
    name = entries[0].community.name
    assert name.encode() in client.get(f"/judge/{event.slug}/entries/{entries[0].id}").data
    settings_for_update(event).blind = True
    db.session.commit()
    assert name.encode() not in client.get(f"/judge/{event.slug}/entries/{entries[0].id}").data
    assert name.encode() not in client.get(f"/judge/{event.slug}/").data
