"""Results, tie decision, lock, screening order, audit CSV, CLI, screening package and gallery."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from showcase.auth.models import Role
from showcase.database import utcnow
from showcase.extensions import db
from showcase.judging.entries import finalists_for_program
from showcase.judging.lock import lock_results
from showcase.judging.models import Finalist, JudgingSettings, Score
from showcase.judging.refusals import JudgingError
from showcase.judging.results import event_results
from showcase.judging.scoring import save_scores
from tests.judging.factories import make_entries, make_judges, make_rubric


@pytest.fixture
def judged(make_event, make_user, tmp_path):
    """8 entries, 3 judges who agree on the order 1 > 2 > … > 8 (judge 3 harsh)."""
    event = make_event(communities=8)
    rubric = make_rubric(event)
    entries = make_entries(event, media_dir=tmp_path / "media-src")
    judges = make_judges(event, make_user, 3)
    for j, judge in enumerate(judges):
        for i, entry in enumerate(entries):
            value = max(1, 10 - i - (3 if j == 2 else 0))
            save_scores(event, judge, entry.id, {rubric[0].id: value, rubric[1].id: value})
    return event, rubric, entries, judges


def test_results_page_ranks_explains_and_lock_fixes_the_top_six(client, login_as, judged):
    event, rubric, entries, judges = judged
    organizer = login_as("organizer")
    page = client.get(f"/manage/events/{event.slug}/results?lang=en")
    assert page.status_code == 200
    assert b"How the ranking is worked out" in page.data and b"higher median" in page.data
    response = client.post(f"/manage/events/{event.slug}/results/lock?lang=en")
    assert response.status_code == 302
    settings = db.session.get(JudgingSettings, event.id)
    assert settings.locked_by_id == organizer.id and settings.locked_at is not None
    finalists = db.session.scalars(select(Finalist).order_by(Finalist.rank)).all()
    assert [f.submission_id for f in finalists] == [e.id for e in entries[:6]]
    page = client.get(f"/manage/events/{event.slug}/results?lang=en")
    assert b"Locked by" in page.data and organizer.name.encode() in page.data
    # no score changes afterwards, and the lock cannot be taken twice
    with pytest.raises(JudgingError, match="확정되어"):  # services speak the default language, Korean
        save_scores(event, judges[0], entries[7].id, {rubric[0].id: 10, rubric[1].id: 10})
    assert db.session.scalar(select(func.max(Score.value)).where(Score.submission_id == entries[7].id)) == 3
    with pytest.raises(JudgingError, match="이미 확정"):
        lock_results(event, organizer)


def test_screening_order_can_be_arranged_and_program_gets_the_finalists(client, login_as, judged):
    event, _rubric, entries, _judges = judged
    organizer = login_as("organizer")
    assert finalists_for_program(event) is None
    lock_results(event, organizer)
    client.post(f"/manage/events/{event.slug}/finalists/{entries[0].id}/move", data={"direction": "down"})
    program = finalists_for_program(event)
    assert [f.submission_id for f in program] == [entries[1].id, entries[0].id, *[e.id for e in entries[2:6]]]
    assert [f.screening_order for f in program] == [1, 2, 3, 4, 5, 6]
    assert program[0].title_ko == entries[1].title_ko and program[0].community == entries[1].community.name
    assert program[0].poster_path and program[0].poster_path.startswith("/") and program[0].poster_path.endswith(".jpg")


def test_scores_csv_lists_every_score_with_judge_and_time(client, login_as, judged):
    event, _rubric, _entries, judges = judged
    login_as("organizer")
    response = client.get(f"/manage/events/{event.slug}/scores.csv")
    assert response.status_code == 200 and response.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 8 * 3 * 2
    assert {r["judge_email"] for r in rows} == {j.email for j in judges}
    assert all(r["last_saved_utc"] and r["counts"] == "yes" for r in rows)


def test_results_command_prints_the_ranking(runner, judged, login_as):
    event, _rubric, entries, _judges = judged
    result = runner.invoke(args=["results", event.slug])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "not locked" in lines[0]
    first = lines[2]
    assert first.split()[0] == "1" and entries[0].title_ko in first and entries[0].community.name in first
    assert first.rstrip().endswith("yes") and lines[-1].rstrip().endswith("no")
    assert runner.invoke(args=["results", "no-such-event"]).exit_code != 0


def test_tie_at_the_cut_needs_a_recorded_decision_before_locking(client, make_event, make_user, login_as):
    event = make_event(communities=7)
    rubric = make_rubric(event, weights=(1.0,))
    entries = make_entries(event)
    judges = make_judges(event, make_user, 2)
    # judges mirror each other on entries 6 and 7 (indexes 5 and 6): same z, same median, same top-six votes
    for j, judge in enumerate(judges):
        for i, entry in enumerate(entries):
            value = 10 - i
            if i in (5, 6):
                value = (5 if i == 5 else 4) if j == 0 else (4 if i == 5 else 5)
            save_scores(event, judge, entry.id, {rubric[0].id: value})
    organizer = login_as("organizer")
    assert set(event_results(event).ranking.unresolved_tie) == {entries[5].id, entries[6].id}
    response = client.post(f"/manage/events/{event.slug}/results/lock?lang=en", follow_redirects=True)
    assert b"A tie at the cut line needs your decision" in response.data
    assert db.session.get(JudgingSettings, event.id).locked_at is None
    response = client.post(f"/manage/events/{event.slug}/results/tie?lang=en",
                           data={"order": [entries[6].id, entries[5].id], "reason": ""}, follow_redirects=True)
    assert b"Write the reason" in response.data
    client.post(f"/manage/events/{event.slug}/results/tie",
                data={"order": [entries[6].id, entries[5].id], "reason": "Jury chair's casting vote"})
    outcome = event_results(event)
    assert outcome.ranking.unresolved_tie == [] and entries[6].id in outcome.ranking.finalist_ids
    lock_results(event, organizer)
    page = client.get(f"/manage/events/{event.slug}/results?lang=en")
    assert b"Jury chair" in page.data and b"tie broken: organizer decision" in page.data


def test_screening_page_package_and_gallery(client, login_as, judged, app):
    event, _rubric, entries, _judges = judged
    organizer = login_as("organizer")
    assert client.get(f"/manage/events/{event.slug}/screening?lang=en").status_code == 409
    assert client.get(f"/events/{event.slug}/gallery").status_code == 404
    lock_results(event, organizer)
    page = client.get(f"/manage/events/{event.slug}/screening")
    assert page.status_code == 200 and page.data.count(b"data-src=") == 6
    response = client.get(f"/manage/events/{event.slug}/screening.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert len([n for n in names if n.endswith(".mp4")]) == 6
    assert any(n.endswith("/index.html") for n in names) and any(n.endswith("/screening.js") for n in names)
    html = archive.read(next(n for n in names if n.endswith("index.html"))).decode()
    assert entries[0].community.name in html and 'src="screening.js"' in html
    # gallery: not before the event, then public
    response = client.post(f"/manage/events/{event.slug}/gallery/publish?lang=en", follow_redirects=True)
    assert b"once the event has started" in response.data
    event.starts_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    client.post(f"/manage/events/{event.slug}/gallery/publish")
    g.pop("_login_user", None)
    public = app.test_client()
    page = public.get(f"/events/{event.slug}/gallery")
    assert page.status_code == 200 and entries[0].community.name.encode() in page.data
    with public.get(f"/submissions/{entries[0].id}/video.mp4") as video:
        assert video.status_code == 200 and video.mimetype == "video/mp4"
    with public.get(f"/submissions/{entries[7].id}/video.mp4") as video:
        assert video.status_code == 404


def test_results_page_explains_the_rule_in_korean(client, login_as, judged):
    event = judged[0]
    login_as("organizer")
    page = client.get(f"/manage/events/{event.slug}/results?lang=ko").data.decode()
    assert "순위를 정하는 방법" in page and "중앙값이 높은 작품" in page and "z점수" in page


def test_demo_seed_gives_the_rubric_and_invites_the_five_judges(app, make_event, make_user):
    from showcase.judging import demo
    from showcase.judging.panel import invited_judges
    from showcase.judging.rubric import criteria

    event = make_event()
    for n in range(1, 6):
        make_user(Role.JUDGE, email=f"judge{n}@showcase.local")
    demo.seed(event)
    lines = demo.seed(event)  # idempotent
    assert [c.name_en for c in criteria(event)] == ["The story of shared parenting", "Warmth and message", "Creativity",
                                                   "Children's participation", "Production"]
    assert len(invited_judges(event)) == 5 and "5 criteria, 5 judges" in lines[0]
