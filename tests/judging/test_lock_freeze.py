"""A locked contest stays locked: real uploads (PyAV videos) before and after the lock, unlock, kept versions."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role
from showcase.extensions import db
from showcase.judging.lock import lock_results, unlock_results
from showcase.judging.models import Finalist, JudgingSettings, Score
from showcase.judging.panel import invite_judge
from showcase.judging.results import event_results
from showcase.judging.scoring import judge_queue, my_sheet, save_scores
from showcase.program.building import build_program
from showcase.program.finalists import finalists_for
from showcase.program.models import ItemKind
from showcase.program.services import ItemInput, add_item
from showcase.storage import media_storage
from showcase.submissions.links import issue_link
from showcase.submissions.models import Eligibility, ProcessingState, Submission, SubmissionVersion
from showcase.submissions.services import ReviewDecision, review
from tests.judging.factories import make_rubric, sign_in
from tests.submissions.conftest import fresh_request, upload_headers
from tests.submissions.media import make_video

TEAMS = 8




def _upload(client, token: str, video: Path, title: str = "함께 키우는 우리 동네"):
    fresh_request()
    return client.post(f"/team/{token}/video", data=video.read_bytes(),
                       headers=upload_headers({"title_ko": title, "title_en": "Raising kids together",
                                               "consent": True}))


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> dict[str, Path]:
    """Two different real videos: the judged one and the replacement."""
    folder = tmp_path_factory.mktemp("lock-videos")
    return {"first": make_video(folder / "first.mp4", seconds=1.0, fps=10),
            "second": make_video(folder / "second.webm", container="webm", width=160, height=288, seconds=1.0)}


@pytest.fixture
def contest(client, make_event, make_user, videos):
    """8 teams uploaded real videos through their links, all eligible; 3 judges scored; not locked yet."""
    event = make_event(communities=TEAMS)
    organizer = make_user(Role.ORGANIZER)
    tokens = {}
    for team in event.communities:
        tokens[team.id] = issue_link(team).rsplit("/", 1)[-1]
        assert _upload(client, tokens[team.id], videos["first"], f"우리 이야기 {team.id}").status_code == 201
    entries = list(db.session.scalars(select(Submission).where(Submission.event_id == event.id)
                                      .order_by(Submission.id)))
    assert all(e.state == ProcessingState.READY for e in entries)
    for entry in entries:
        review(entry, ReviewDecision(Eligibility.ELIGIBLE), organizer)
    rubric = make_rubric(event)
    judges = [make_user(Role.JUDGE) for _ in range(3)]
    for j, judge in enumerate(judges):
        invite_judge(event, judge)
        for i, entry in enumerate(entries):
            value = max(1, 10 - i - j)
            save_scores(event, judge, entry.id, {rubric[0].id: value, rubric[1].id: value}, f"의견 {j}-{i}")
    video_block = add_item(event, ItemInput(kind=ItemKind.VIDEO_BLOCK, start_time=time(11, 30),
                                            title_ko="우리 동네 영상", title_en="Our videos"))
    assert video_block is not None
    return event, organizer, tokens, entries, judges, rubric


def _results_output(runner, event) -> str:
    result = runner.invoke(args=["results", event.slug])
    assert result.exit_code == 0, result.output
    return result.output


def _screening(client, organizer, event) -> tuple[list[str], list[bytes]]:
    sign_in(client, organizer)
    page = client.get(f"/manage/events/{event.slug}/screening").get_data(as_text=True)
    sources = [part.split('"', 1)[0] for part in page.split('data-src="')[1:]]
    bodies = []
    for source in sources:
        with client.get(source) as response:
            assert response.status_code == 200 and response.mimetype == "video/mp4"
            bodies.append(response.get_data())
    return sources, bodies


def _program_text(runner, event, target: Path) -> str:
    result = runner.invoke(args=["build-program", event.slug, "--layout", "a4", "--lang", "both", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return "\n".join(page.extract_text() for page in PdfReader(target).pages)


@pytest.mark.slow
def test_finalist_reupload_after_the_lock_changes_nothing_of_the_contest(client, runner, contest, videos, tmp_path):
    event, organizer, tokens, entries, _judges, _rubric = contest
    sign_in(client, organizer)
    assert client.post(f"/manage/events/{event.slug}/results/lock").status_code == 302
    finalist_ids = [f.submission_id for f in db.session.scalars(select(Finalist).order_by(Finalist.screening_order))]
    assert finalist_ids == [e.id for e in entries[:6]]
    judged_files = {e.id: media_storage().path(e.transcoded_path).read_bytes() for e in entries[:6]}

    before_results = _results_output(runner, event)
    before_sources, before_bodies = _screening(client, organizer, event)
    before_program = build_program(event, "ko", finalists_for(event)).finalists
    before_pdf = _program_text(runner, event, tmp_path / "before.pdf")
    assert before_bodies == [judged_files[i] for i in finalist_ids]
    assert "우리 이야기" in before_pdf

    # the third finalist's team tries to replace its video: refused, with a clear message; nothing is kept
    third = entries[2]
    files_before = media_storage().files()
    response = _upload(client, tokens[third.community_id], videos["second"], "바뀐 제목")
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "finalist_locked" and "결선" in body["message"]
    assert media_storage().files() == files_before
    fresh_request()
    team_page = client.get(f"/team/{tokens[third.community_id]}").get_data(as_text=True)
    assert 'id="finalist-locked"' in team_page and 'id="upload-form"' not in team_page
    db.session.expire_all()
    assert db.session.get(Submission, third.id).version == 1

    # a team outside the six may still upload; its new version changes nothing of the locked contest
    seventh = entries[6]
    assert _upload(client, tokens[seventh.community_id], videos["second"], "새 버전").status_code == 201
    db.session.expire_all()
    assert db.session.get(Submission, seventh.id).version == 2

    assert _results_output(runner, event) == before_results
    assert _screening(client, organizer, event) == (before_sources, before_bodies)
    assert build_program(event, "ko", finalists_for(event)).finalists == before_program
    assert _program_text(runner, event, tmp_path / "after.pdf") == before_pdf
    assert "새 버전" not in before_results and "바뀐 제목" not in before_pdf

    # the organizers see the refused attempt: in the audit log and beside the finalist on the results page
    refused = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "upload_refused")).all()
    assert [r.details["submission_id"] for r in refused] == [third.id]
    sign_in(client, organizer)
    page = client.get(f"/manage/events/{event.slug}/results?lang=en").get_data(as_text=True)
    assert "1 new upload refused after the lock" in page and "judged version 1" in page


def test_unlock_is_an_explicit_audited_action_and_reopens_uploads(client, contest, videos):
    event, organizer, tokens, entries, _judges, _rubric = contest
    lock_results(event, organizer)
    sign_in(client, organizer)
    response = client.post(f"/manage/events/{event.slug}/results/unlock?lang=en", data={"reason": ""},
                           follow_redirects=True)
    assert b"Write why the results are unlocked" in response.data
    assert db.session.get(JudgingSettings, event.id).locked_at is not None
    client.post(f"/manage/events/{event.slug}/results/unlock", data={"reason": "심사위원 1명 점수 입력 오류"})
    db.session.expire_all()
    settings = db.session.get(JudgingSettings, event.id)
    assert settings.locked_at is None and settings.locked_ranking is None
    assert db.session.scalar(select(Finalist.id)) is None
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results_unlocked")).all()
    assert entry.actor_id == organizer.id and entry.details["reason"] == "심사위원 1명 점수 입력 오류"
    assert entry.details["finalists"] == [e.id for e in entries[:6]]
    # the finalist may upload again; its judged original and copy are kept as version 1
    first = entries[0]
    judged = (first.original_path, first.transcoded_path, first.poster_path)
    assert _upload(client, tokens[first.community_id], videos["second"], "다시 올린 영상").status_code == 201
    db.session.expire_all()
    [kept] = db.session.scalars(select(SubmissionVersion).where(SubmissionVersion.submission_id == first.id)).all()
    assert (kept.number, kept.original_path, kept.transcoded_path, kept.poster_path) == (1, *judged)
    assert all(media_storage().exists(key) for key in judged)


def test_scores_belong_to_the_version_they_were_given_for(client, contest, videos, login_as):
    event, organizer, tokens, entries, judges, rubric = contest
    first = entries[0]
    v1_video = media_storage().path(first.transcoded_path).read_bytes()
    assert event_results(event).ranking.by_id()[first.id].count == 3
    assert _upload(client, tokens[first.community_id], videos["second"], "새 영상").status_code == 201
    db.session.expire_all()
    first = db.session.get(Submission, first.id)
    assert (first.version, first.eligibility) == (2, Eligibility.PENDING)
    # while it waits for review it is out of judging; marked eligible again, the old scores do not count
    assert first.id not in event_results(event).entries
    review(first, ReviewDecision(Eligibility.ELIGIBLE), organizer)
    assert event_results(event).ranking.by_id()[first.id].count == 0
    assert db.session.scalar(select(Score.version).where(Score.submission_id == first.id).limit(1)) == 1
    # the judge sees it as changed, with an empty sheet, and scores it again
    queue = judge_queue(event, judges[0])
    assert first.id in queue.changed and first.id not in queue.scored
    sheet = my_sheet(judges[0], first)
    assert sheet.changed and sheet.values == {}
    sign_in(client, judges[0])
    page = client.get(f"/judge/{event.slug}/?lang=en").get_data(as_text=True)
    assert "new video: score again" in page
    page = client.get(f"/judge/{event.slug}/entries/{first.id}?lang=en").get_data(as_text=True)
    assert "uploaded a new video since you scored" in page
    # a page still showing version 1 cannot save scores for version 2
    response = client.post(f"/judge/{event.slug}/entries/{first.id}?lang=en",
                           data={f"criterion-{rubric[0].id}": 4, f"criterion-{rubric[1].id}": 4, "version": 1})
    assert response.status_code == 409 and b"uploaded a new video while you were scoring" in response.data
    assert event_results(event).ranking.by_id()[first.id].count == 0
    response = client.post(f"/judge/{event.slug}/entries/{first.id}",
                           data={f"criterion-{rubric[0].id}": 4, f"criterion-{rubric[1].id}": 4, "version": 2})
    assert response.status_code == 302
    assert event_results(event).ranking.by_id()[first.id].count == 1
    # organizers get the earlier version back from the review page
    sign_in(client, organizer)
    page = client.get(f"/manage/events/{event.slug}/submissions?lang=en").get_data(as_text=True)
    assert "Earlier versions (1)" in page
    with client.get(f"/manage/events/{event.slug}/submissions/{first.id}/versions/1/video.mp4") as response:
        assert response.status_code == 200 and response.get_data() == v1_video
    # while a newer upload is being processed, the entry's video address keeps playing the last ready one
    assert _upload(client, tokens[first.community_id], videos["first"], "세 번째").status_code == 201
    db.session.expire_all()
    first = db.session.get(Submission, first.id)
    v3_video = media_storage().path(first.transcoded_path).read_bytes()
    first.state, first.transcoded_path = ProcessingState.PROCESSING, None  # as a worker mid-job leaves it
    db.session.commit()
    with client.get(f"/submissions/{first.id}/video.mp4") as response:
        assert response.status_code == 200 and response.get_data() != v3_video
        v2 = db.session.scalar(select(SubmissionVersion).where(SubmissionVersion.submission_id == first.id,
                                                               SubmissionVersion.number == 2))
        assert response.get_data() == media_storage().path(v2.transcoded_path).read_bytes()


def test_lock_records_the_judged_version_and_frozen_paths(contest):
    event, organizer, _tokens, entries, _judges, _rubric = contest
    lock_results(event, organizer)
    finalists = db.session.scalars(select(Finalist).order_by(Finalist.rank)).all()
    assert [(f.version, f.video_path, f.title_ko) for f in finalists] == [
        (1, e.transcoded_path, e.title_ko) for e in entries[:6]]
    assert all(db.session.get(Submission, e.id).frozen_at is not None for e in entries[:6])
    assert db.session.get(Submission, entries[6].id).frozen_at is None
    unlock_results(event, organizer, "다시 심사")
    assert all(db.session.get(Submission, e.id).frozen_at is None for e in entries[:6])


def test_an_arranged_screening_order_survives_unlocking_and_locking_the_same_six(client, contest):
    event, organizer, _tokens, entries, _judges, _rubric = contest
    six = [e.id for e in entries[:6]]
    sign_in(client, organizer)
    base = f"/manage/events/{event.slug}"
    client.post(f"{base}/results/lock")
    client.post(f"{base}/finalists/{six[5]}/move", data={"direction": "up"})
    arranged = six[:4] + [six[5], six[4]]
    client.post(f"{base}/results/unlock", data={"reason": "점수 재확인"})
    page = client.post(f"{base}/results/lock?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "the screening order you arranged before unlocking is kept" in page
    db.session.expire_all()
    assert [f.submission_id for f in db.session.scalars(
        select(Finalist).where(Finalist.event_id == event.id).order_by(Finalist.screening_order))] == arranged
    locked = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results_locked")
                                .order_by(AuditEntry.id)).all()
    assert [e.details["screening_order_kept"] for e in locked] == [False, True]

    # a different six: the arrangement no longer applies, the rank order does, and nothing is said
    client.post(f"{base}/results/unlock", data={"reason": "한 팀 실격"})
    review(db.session.get(Submission, six[2]), ReviewDecision(Eligibility.DISQUALIFIED, "저작권 음악"), organizer)
    page = client.post(f"{base}/results/lock?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "you arranged before unlocking" not in page
    db.session.expire_all()
    assert [f.submission_id for f in db.session.scalars(
        select(Finalist).where(Finalist.event_id == event.id).order_by(Finalist.screening_order))] == \
        [e.id for e in entries[:7] if e.id != six[2]]
