"""The hostile-upload corpus, extended: frame-size and frame-rate bombs, a re-upload while the
previous version is processing, stale temporary files, and a full or read-only media disk.
Each is refused or fails with a clear message, and nothing of it stays on disk."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from flask import Flask

from showcase.extensions import db
from showcase.storage import TEMP_DIR, media_storage
from showcase.submissions.jobs import recover_at_worker_start, run_processing
from showcase.submissions.models import ProcessingState, Submission

from .conftest import EN, KO, fetch, stored_state
from .media import make_high_frame_rate_clip, make_size_switching_webm, make_video


def _only_submission() -> Submission:
    db.session.expire_all()
    (submission,) = db.session.scalars(db.select(Submission)).all()
    return submission


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bombs")
    return {"size_switch": make_size_switching_webm(d / "switch.webm"),
            "thousand_fps": make_high_frame_rate_clip(d / "thousand_fps.mp4")}


@pytest.mark.slow  # making the 10000×10000 frame takes ~15 s
def test_a_webm_switching_to_10000x10000_mid_stream_fails_clearly_and_leaves_nothing(app, team, upload, bombs,
                                                                                    client):
    response = upload(team, bombs["size_switch"])
    assert response.status_code == 201, response.get_data(as_text=True)  # the header says 320×568
    submission = _only_submission()
    assert (submission.state, submission.failure_code) == (ProcessingState.FAILED, "frame_size")
    assert "휴대폰으로 찍을 수 있는 크기보다 훨씬 큽니다" in fetch(client, f"{team.url}/status.json", KO).get_json()["reason"]
    assert "far larger than a phone records" in fetch(client, f"{team.url}/status.json", EN).get_json()["reason"]
    assert stored_state(app)[1:] == ([], [])  # neither the original nor a half-made copy remains


def test_a_1000_fps_minute_is_refused_before_any_decoding_and_leaves_nothing(app, team, upload, bombs):
    started = time.monotonic()
    response = upload(team, bombs["thousand_fps"])
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "frame_rate" and "120" in body["message"]
    assert stored_state(app) == (0, [], [])
    english = upload(team, bombs["thousand_fps"], language=EN).get_json()["message"]
    assert "frames per second" in english
    assert time.monotonic() - started < 30


def test_re_upload_while_the_previous_version_processes_is_no_500_and_leaves_no_late_output(app, team, upload, corpus,
                                                                                  tmp_path, monkeypatch):
    from showcase.submissions import jobs

    monkeypatch.setattr(jobs, "process_submission", lambda *args: None)  # the queue: nobody consumes it yet
    first = upload(team, corpus["good_mp4"])
    assert first.status_code == 201
    submission_id = _only_submission().id
    longer = make_video(tmp_path / "longer.mp4", seconds=12, fps=25, width=360, height=640)

    results: dict[str, str] = {}
    progress_seen = threading.Event()

    def worker() -> None:
        with app.app_context():
            from showcase.submissions import processing

            original = processing.transcode

            def transcode(*args, progress=None, **kwargs):
                def beat(percent):
                    progress(percent)
                    progress_seen.set()
                    time.sleep(0.05)  # slow enough for the re-upload to land mid-way
                return original(*args, progress=beat, **kwargs)

            jobs.transcode = transcode
            try:
                results["v1"] = run_processing(submission_id, 1)
            finally:
                jobs.transcode = original
            db.session.remove()

    thread = threading.Thread(target=worker)
    thread.start()
    assert progress_seen.wait(30)
    second = upload(team, longer)
    thread.join(60)
    assert second.status_code == 201, second.get_data(as_text=True)
    assert results["v1"] == "skipped"
    assert run_processing(submission_id, 2) == "ready"
    files = sorted(media_storage().files())
    # the replaced upload is kept as an earlier version (issue 18: the judged original survives);
    # what the interrupted job wrote for it is not
    assert files == [f"submissions/{submission_id}/v1/original.mp4", f"submissions/{submission_id}/v2/original.mp4",
                     f"submissions/{submission_id}/v2/poster.jpg", f"submissions/{submission_id}/v2/video.mp4"], files
    assert media_storage().temp_files() == []


def test_stale_temporary_files_are_swept_and_live_ones_kept(app):
    storage = media_storage()
    folder = storage.root / TEMP_DIR
    folder.mkdir(parents=True)
    half_upload = folder / "tmpa1b2c3.upload"          # a server stopped mid-upload
    partial_output = folder / "tmpd4e5f6.mp4"          # a killed worker's transcode
    live = folder / "tmpg7h8i9.upload"                 # an upload still streaming
    for path in (half_upload, partial_output, live):
        path.write_bytes(b"\0" * 1000)
    two_hours_ago = time.time() - 2 * 3600
    for path in (half_upload, partial_output):
        os.utime(path, (two_hours_ago, two_hours_ago))
    recover_at_worker_start()
    assert storage.temp_files() == [live]


def _mount_tmpfs(target: Path, *options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(target)], check=True)


@pytest.fixture
def small_media_disk(tmp_path: Path):
    """A real 16 KB file system as the media folder (a full disk), unmounted after the test."""
    target = tmp_path / "full-media"
    _mount_tmpfs(target, "size=16k")
    yield target
    subprocess.run(["umount", str(target)], check=True)


@pytest.fixture
def read_only_media_disk(tmp_path: Path):
    target = tmp_path / "ro-media"
    _mount_tmpfs(target, "size=1m", "ro")
    yield target
    subprocess.run(["umount", str(target)], check=True)


@pytest.mark.parametrize("disk", ["small_media_disk", "read_only_media_disk"])
def test_a_full_or_read_only_media_disk_answers_json_in_the_teams_language(app: Flask, team, upload, corpus,
                                                                          request, disk):
    app.config["MEDIA_DIR"] = str(request.getfixturevalue(disk))
    response = upload(team, corpus["good_mp4"])
    assert response.status_code == 503
    assert response.is_json
    body = response.get_json()
    assert body["error"] == "storage_unavailable" and "디스크" in body["message"]
    english = upload(team, corpus["good_mp4"], language=EN).get_json()["message"]
    assert "disk is full or not writable" in english
    assert stored_state(app) == (0, [], [])


@pytest.mark.parametrize("details", [{"title_ko": "우리\x00영상", "consent": True},
                                     {"title_ko": "우리 영상", "description": "설명\x1b[2J", "consent": True},
                                     {"title_ko": "\ud800", "consent": True}])
def test_upload_details_with_nul_or_control_characters_are_refused(app, team, upload, corpus, details):
    response = upload(team, corpus["good_mp4"], details=details)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "bad_details" and "제어 문자" in body["message"]
    assert stored_state(app) == (0, [], [])
