"""The bad-input corpus: every file is refused with its reason, nothing is kept, never a 500."""

from __future__ import annotations

import io

import pytest

from showcase.events.models import Community
from showcase.extensions import db
from showcase.storage import media_storage
from showcase.submissions.refusals import UploadRefused
from showcase.submissions.uploads import UploadDetails, receive_upload
from showcase.submissions.window import WindowSettings, save_settings

from .conftest import EN, stored_state

# (corpus file, HTTP status, error code, words of the Korean message, words of the English one)
REFUSED = [
    ("empty", 422, "empty", "비어", "empty"),
    ("text", 422, "not_a_video", "읽을 수 있는 영상", "not a video we can read"),
    ("pdf", 422, "not_a_video", "읽을 수 있는 영상", "not a video we can read"),
    ("png", 422, "not_a_video", "읽을 수 있는 영상", "not a video we can read"),
    ("audio_only", 422, "no_video", "화면", "no picture"),
    ("truncated_index_at_end", 422, "not_a_video", "읽을 수 있는 영상", "not a video we can read"),
    ("truncated_faststart", 422, "truncated", "잘린", "cut off"),
    ("truncated_webm", 422, "truncated", "잘린", "cut off"),
    ("ten_minutes", 422, "too_long", "10:00", "10:00 long; the limit is 1:30"),
    ("long_tiny_bitrate", 422, "too_long", "2:00", "2:00 long; the limit is 1:30"),
    ("absurd_resolution", 422, "bad_dimensions", "4160×128", "4160×128"),
    ("tiny_resolution", 422, "bad_dimensions", "32×32", "32×32"),
]


@pytest.mark.parametrize(("name", "status", "code", "korean", "english"), REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_file_is_refused_with_its_reason_and_nothing_is_kept(app, team, upload, corpus, name, status, code,
                                                                korean, english):
    response = upload(team, corpus[name])
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == code
    assert korean in body["message"]
    assert stored_state(app) == (0, [], [])

    response = upload(team, corpus[name], language=EN)
    assert response.status_code == status
    assert english in response.get_json()["message"]
    assert stored_state(app) == (0, [], [])


def test_file_over_the_size_limit_is_refused_early_with_413(app, team, upload, corpus):
    save_settings(team.event, WindowSettings(opens_at=None, closes_at=None, max_size_bytes=1024 * 1024))
    big = corpus["good_mp4"].read_bytes() + b"\0" * (1024 * 1024)
    response = upload(team, big)
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"
    assert "1 MB" in response.get_json()["message"]
    assert stored_state(app) == (0, [], [])


def test_size_limit_holds_while_streaming_a_body_of_unknown_length(app, team):
    save_settings(team.event, WindowSettings(opens_at=None, closes_at=None, max_size_bytes=1024 * 1024))
    details = UploadDetails("제목", "", "", True, "video.mp4")
    with app.test_request_context(headers={"Accept-Language": "ko"}):
        with pytest.raises(UploadRefused) as refused:
            receive_upload(team.event, db.session.get(Community, team.team.id), details,
                           io.BytesIO(b"\0" * (3 * 1024 * 1024)), "video/mp4", None)
    assert refused.value.status == 413
    assert stored_state(app) == (0, [], [])


def test_path_traversal_file_name_is_refused_and_nothing_is_written_outside(app, team, upload, corpus, tmp_path):
    for name in ("../../../evil.mp4", "..\\..\\evil.mp4", "/etc/passwd", "a/../../b.mp4"):
        response = upload(team, corpus["good_mp4"], filename=name)
        assert response.status_code == 400
        assert response.get_json()["error"] == "bad_filename"
        assert "이름" in response.get_json()["message"]
    assert stored_state(app) == (0, [], [])
    root = media_storage().root
    assert not list(root.parent.rglob("evil.mp4")) and not (tmp_path / "evil.mp4").exists()


def test_non_utf8_file_names_are_refused(app, team, upload, corpus):
    for raw in (b"%FF%FEvideo.mp4", b"\xff\xfevideo.mp4", b"caf%E9.mp4"):
        response = upload(team, corpus["good_mp4"], filename=raw)
        assert response.status_code == 400
        assert response.get_json()["error"] == "bad_filename"
    assert stored_state(app) == (0, [], [])


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "application/json",
                                          "image/png", ""])
def test_wrong_content_type_is_refused(app, team, upload, corpus, content_type):
    response = upload(team, corpus["good_mp4"], content_type=content_type)
    assert response.status_code == 415
    assert response.get_json()["error"] == "wrong_content_type"
    assert "MP4" in response.get_json()["message"]
    assert stored_state(app) == (0, [], [])


def test_missing_title_and_consent_are_refused_per_field(app, team, upload, corpus):
    response = upload(team, corpus["good_mp4"], details={"title_ko": " ", "consent": False})
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert set(fields) == {"title_ko", "consent"}
    assert "동의" in fields["consent"]
    response = upload(team, corpus["good_mp4"], details={"title_ko": "가" * 121, "consent": True})
    assert "title_ko" in response.get_json()["fields"]
    assert stored_state(app) == (0, [], [])


def test_unreadable_details_header_is_a_400_not_a_500(app, team, client, corpus):
    response = client.post(f"{team.url}/video", data=corpus["good_mp4"].read_bytes(), headers={
        "Content-Type": "video/mp4", "X-Upload-Details": "%7Bnot json", "X-Upload-Filename": "a.mp4"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_details"
    assert stored_state(app) == (0, [], [])


def test_revoked_or_made_up_link_cannot_upload(app, team, client, upload, corpus):
    from showcase.submissions.links import revoke_link

    revoke_link(team.team)
    assert upload(team, corpus["good_mp4"]).status_code == 404
    assert client.post("/team/not-a-real-token-at-all-000000/video", data=b"x").status_code == 404
    assert stored_state(app) == (0, [], [])
