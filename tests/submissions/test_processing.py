"""Accepted uploads: background processing to a poster and an H.264/AAC copy, replacement, the
deadline, crash safety, and playback with range requests for the people allowed to watch."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime, timedelta

import av
import pytest
from PIL import Image
from sqlalchemy import event
from sqlalchemy.orm import Session

from showcase.auth.models import Role
from showcase.database import utcnow
from showcase.events.models import Community
from showcase.extensions import db
from showcase.storage import TEMP_DIR, media_storage
from showcase.submissions import jobs
from showcase.submissions.jobs import MAX_ATTEMPTS, run_processing, sweep_stale
from showcase.submissions.links import issue_link
from showcase.submissions.models import Eligibility, ProcessingState, Submission, SubmissionVersion
from showcase.submissions.uploads import UploadDetails, receive_upload
from showcase.submissions.window import WindowSettings, save_settings

from .conftest import DETAILS, EN, fetch, stored_state


def _only_submission() -> Submission:
    db.session.expire_all()
    (submission,) = db.session.scalars(db.select(Submission)).all()
    return submission


@pytest.mark.parametrize("name", ["good_mp4", "good_webm", "good_mov"])
def test_accepted_video_is_processed_to_a_poster_and_a_faststart_h264_copy(app, team, upload, corpus, name):
    response = upload(team, corpus[name])
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["state"] == "ready"      # jobs run at once in tests
    submission = _only_submission()
    assert (submission.state, submission.progress, submission.eligibility) == (
        ProcessingState.READY, 100, Eligibility.PENDING)
    assert (submission.title_ko, submission.title_en, submission.original_filename) == (
        "함께 키우는 우리 동네", "Raising kids together", "우리 영상.mp4")
    assert submission.container == ("webm" if name == "good_webm" else "mp4")
    assert round(submission.duration) == 2 and submission.orientation == "portrait"
    storage = media_storage()
    assert storage.path(submission.original_path).read_bytes() == corpus[name].read_bytes()
    with Image.open(storage.path(submission.poster_path)) as poster:
        assert poster.format == "JPEG" and poster.size == (180, 320)
    copy = storage.path(submission.transcoded_path).read_bytes()
    assert copy.find(b"moov") < copy.find(b"mdat")   # faststart: the index comes first
    with av.open(str(storage.path(submission.transcoded_path))) as container:
        assert [s.codec_context.name for s in container.streams] == ["h264", "aac"]
        assert (container.streams.video[0].codec_context.width, container.streams.video[0].codec_context.height) == (180, 320)
    assert storage.temp_files() == []


def test_rotation_metadata_is_respected(app, team, upload, corpus):
    response = upload(team, corpus["rotated"])     # stored 320×180, shown upright as 180×320
    assert response.status_code == 201
    assert response.get_json()["warnings"] == []
    submission = _only_submission()
    assert (submission.width, submission.height, submission.rotation) == (180, 320, 90)
    with av.open(str(media_storage().path(submission.transcoded_path))) as container:
        frame = next(container.decode(video=0))
        assert (frame.width, frame.height, frame.rotation) == (180, 320, 0)


def test_landscape_video_is_accepted_with_a_warning(app, team, upload, corpus, client):
    response = upload(team, corpus["landscape"])
    assert response.status_code == 201
    assert response.get_json()["warnings"] == ["landscape"]
    page = fetch(client, team.url, EN).get_data(as_text=True)
    assert "This video is horizontal" in page


def test_team_may_replace_its_video_before_the_deadline(app, team, upload, corpus):
    upload(team, corpus["good_mp4"])
    first = _only_submission()
    first_id, first_files = first.id, media_storage().files()
    response = upload(team, corpus["good_webm"], details={"title_ko": "새 제목", "consent": True})
    assert response.status_code == 201
    second = _only_submission()
    assert (second.id, second.version, second.title_ko, second.container) == (first_id, 2, "새 제목", "webm")
    files = media_storage().files()
    assert set(first_files) <= set(files)             # the judged original and its copy are kept
    assert len(files) == 6                            # original, poster, copy of versions 1 and 2
    [kept] = db.session.scalars(db.select(SubmissionVersion)).all()
    assert (kept.submission_id, kept.number, kept.title_ko) == (first_id, 1, DETAILS["title_ko"])
    assert kept.original_path in first_files and kept.transcoded_path in first_files


def test_after_the_deadline_uploads_are_refused_with_a_clear_message(app, team, upload, corpus, client):
    save_settings(team.event, WindowSettings(opens_at=None, closes_at=utcnow() - timedelta(minutes=1)))
    response = upload(team, corpus["good_mp4"])
    assert response.status_code == 409
    assert response.get_json()["error"] == "closed"
    assert "마감" in response.get_json()["message"]
    assert stored_state(app) == (0, [], [])
    page = fetch(client, team.url).get_data(as_text=True)
    assert "업로드가 닫혔습니다" in page and 'id="upload-form"' not in page


def test_before_the_window_opens_uploads_are_refused(app, team, upload, corpus):
    save_settings(team.event, WindowSettings(opens_at=utcnow() + timedelta(days=1), closes_at=None))
    response = upload(team, corpus["good_mp4"])
    assert (response.status_code, response.get_json()["error"]) == (409, "not_open")
    assert stored_state(app) == (0, [], [])


def test_a_file_damaged_after_upload_is_found_by_the_full_decode_and_marked_failed(app, team, upload, corpus, client):
    upload(team, corpus["faststart"])
    submission = _only_submission()
    storage = media_storage()
    shutil.copyfile(corpus["truncated_faststart"], storage.path(submission.original_path))
    submission.state = ProcessingState.QUEUED
    submission.version += 0
    db.session.commit()
    assert run_processing(submission.id, submission.version) == "failed"
    submission = _only_submission()
    assert submission.state == ProcessingState.FAILED and submission.failure_code in ("truncated", "damaged")
    assert storage.temp_files() == []
    page = fetch(client, team.url).get_data(as_text=True)
    assert "다시 올려 주세요" in page or "다시 내보낸 뒤 올려 주세요" in page


def test_an_upload_whose_row_does_not_commit_keeps_no_file_and_enqueues_no_job(app, team, corpus, monkeypatch):
    """The commit fails after the video was moved into place: the file goes with the row, and no job is
    enqueued for a submission that does not exist; once the database works again the same upload is kept."""
    enqueued = []
    monkeypatch.setattr(jobs, "process_submission", lambda *args: enqueued.append(args))
    details = UploadDetails("우리 영상", "", "", True, "video.mp4")
    data = corpus["good_mp4"].read_bytes()

    def fail(_session):
        raise RuntimeError("the database fails at the commit")

    def send():
        receive_upload(team.event, db.session.get(Community, team.team.id), details, io.BytesIO(data),
                       "video/mp4", len(data))

    with app.test_request_context(headers={"Accept-Language": "ko"}):
        event.listen(Session, "before_commit", fail)
        try:
            with pytest.raises(RuntimeError, match="at the commit"):
                send()
        finally:
            event.remove(Session, "before_commit", fail)
        assert stored_state(app) == (0, [], [])
        assert enqueued == []
        send()
    submission = _only_submission()
    assert enqueued == [(submission.id, 1)]
    assert media_storage().files() == [submission.original_path]


def test_a_crashing_job_is_retried_then_failed_and_never_marked_ready(app, team, upload, corpus):
    upload(team, corpus["good_mp4"])
    submission = _only_submission()
    storage = media_storage()
    for key in (submission.poster_path, submission.transcoded_path):
        storage.delete(key)
    shutil.rmtree(storage.root / TEMP_DIR, ignore_errors=True)
    (storage.root / TEMP_DIR).write_text("not a folder: every temporary file fails")   # the disk misbehaves
    db.session.execute(db.update(Submission).values(state=ProcessingState.QUEUED, attempts=0, poster_path=None,
                                                    transcoded_path=None, progress=0))
    db.session.commit()
    outcomes = []
    for _ in range(MAX_ATTEMPTS):
        outcomes.append(run_processing(submission.id, submission.version))
        if outcomes[-1] == "retrying":
            assert _only_submission().state == ProcessingState.QUEUED
    assert outcomes == ["retrying"] * (MAX_ATTEMPTS - 1) + ["failed"]
    submission = _only_submission()
    assert (submission.state, submission.failure_code, submission.transcoded_path) == (
        ProcessingState.FAILED, "processing_error", None)
    assert not any(key.endswith(("video.mp4", "poster.jpg")) for key in storage.files())


def test_a_job_that_went_silent_is_retried_by_the_sweeper_and_a_hopeless_one_is_failed(app, team, upload, corpus,
                                                                                        make_event):
    upload(team, corpus["good_mp4"])
    submission = _only_submission()
    storage = media_storage()
    storage.delete(submission.transcoded_path)
    (storage.root / TEMP_DIR).mkdir(exist_ok=True)
    (storage.root / TEMP_DIR / "half-written.mp4").write_bytes(b"\0" * 1000)   # what a killed worker leaves
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    db.session.execute(db.update(Submission).values(
        state=ProcessingState.PROCESSING, progress=40, attempts=1, heartbeat_at=long_ago, transcoded_path=None))
    db.session.commit()
    assert sweep_stale() == [submission.id]
    submission = _only_submission()
    assert submission.state == ProcessingState.READY and storage.exists(submission.transcoded_path)

    db.session.execute(db.update(Submission).values(
        state=ProcessingState.PROCESSING, attempts=MAX_ATTEMPTS, heartbeat_at=long_ago))
    db.session.commit()
    sweep_stale()
    assert (_only_submission().state, _only_submission().failure_code) == (ProcessingState.FAILED, "stalled")


@pytest.mark.slow
def test_video_plays_with_range_requests_for_the_team_and_organizers_only(app, team, upload, corpus, client,
                                                                          login_as):
    upload(team, corpus["good_mp4"])
    submission = _only_submission()
    page = fetch(client, team.url).get_data(as_text=True)
    assert "<video" in page and "poster=" in page

    whole = fetch(client, f"{team.url}/video.mp4")
    assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes"
    part = fetch(client, f"{team.url}/video.mp4", {"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.data)}"
    assert part.data == whole.data[100:200]
    assert fetch(client, f"{team.url}/poster.jpg").mimetype == "image/jpeg"

    # Not yet published: strangers and door staff see nothing; another team's link shows only its own.
    assert fetch(client, f"/submissions/{submission.id}/video.mp4").status_code == 404
    assert fetch(client, f"/submissions/{submission.id}/poster.jpg").status_code == 404
    other = issue_link(team.event.communities[1]).rsplit("/", 1)[-1]
    assert fetch(client, f"/team/{other}/video.mp4").status_code == 404
    login_as(Role.STAFF)
    assert fetch(client, f"/submissions/{submission.id}/video.mp4").status_code == 404
    login_as(Role.JUDGE)  # judges watch through their entry page's route, which checks conflicts and eligibility
    assert fetch(client, f"/submissions/{submission.id}/video.mp4").status_code == 404
    login_as(Role.ORGANIZER)
    response = fetch(client, f"/submissions/{submission.id}/video.mp4", {"Range": "bytes=0-9"})
    assert response.status_code == 206 and len(response.data) == 10


def test_published_video_is_public(app, team, upload, corpus, client):
    upload(team, corpus["good_mp4"])
    submission = _only_submission()
    submission.published_at = utcnow()
    db.session.commit()
    assert fetch(client, f"/submissions/{submission.id}/video.mp4").status_code == 200
    poster = fetch(client, f"/submissions/{submission.id}/poster.jpg")
    assert Image.open(io.BytesIO(poster.data)).format == "JPEG"


def test_status_is_reported_as_json_for_the_progress_display(app, team, upload, corpus, client):
    assert fetch(client, f"{team.url}/status.json").get_json() == {"state": None}
    upload(team, corpus["good_mp4"])
    status = fetch(client, f"{team.url}/status.json").get_json()
    assert (status["state"], status["progress"]) == ("ready", 100)
