"""Fixtures for the submissions tests: a team with an upload link, an uploader, the media corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import func, select

from showcase.events.models import Community, Event
from showcase.extensions import db
from showcase.storage import media_storage
from showcase.submissions.links import issue_link
from showcase.submissions.models import Submission

from .media import make_pdf, make_png, make_video, truncate

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}
DETAILS = {"title_ko": "함께 키우는 우리 동네", "title_en": "Raising kids together", "description": "공동육아 이야기",
           "consent": True}


@dataclass
class Team:
    """An event, one of its teams and the token of the team's upload link."""

    event: Event
    team: Community
    token: str

    @property
    def url(self) -> str:
        return f"/team/{self.token}"


@pytest.fixture
def team(app: Flask, make_event) -> Team:
    event = make_event(communities=3)
    community = event.communities[0]
    url = issue_link(community)
    return Team(event, community, url.rsplit("/", 1)[-1])


def upload_headers(details: dict | None = None, filename: str | bytes = "우리 영상.mp4",
                   content_type: str = "video/mp4", language: dict | None = None) -> dict:
    """The headers upload.js sends: percent-encoded JSON details and file name."""
    name = quote(filename) if isinstance(filename, str) else filename.decode("latin-1")
    return {"Content-Type": content_type, "Accept": "application/json",
            "X-Upload-Details": quote(json.dumps(DETAILS if details is None else details)),
            "X-Upload-Filename": name, **(language or KO)}


@pytest.fixture
def upload(client: FlaskClient) -> Callable:
    """POST a file (path or bytes) to a team's upload endpoint as the page's script does."""

    def send(team: Team, body: Path | bytes, **options):
        fresh_request()
        data = body.read_bytes() if isinstance(body, Path) else body
        return client.post(f"{team.url}/video", data=data, headers=upload_headers(**options))

    return send


def stored_state(app: Flask) -> tuple[int, list[str], list[Path]]:
    """Rows in submissions, files in the media folder, leftover temporary files."""
    storage = media_storage()
    rows = db.session.scalar(select(func.count(Submission.id)))
    return rows, storage.files(), storage.temp_files()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Good and bad files, made once per test session (small and quick)."""
    d = tmp_path_factory.mktemp("corpus")
    files = {
        "good_mp4": make_video(d / "good.mp4", seconds=2),
        "good_webm": make_video(d / "good.webm", container="webm", seconds=2),
        "good_mov": make_video(d / "good.mov", container="mov", seconds=2),
        "rotated": make_video(d / "rotated.mp4", width=320, height=180, rotation=-90, seconds=2),
        "landscape": make_video(d / "landscape.mp4", width=320, height=180, seconds=2),
        "faststart": make_video(d / "faststart.mp4", seconds=4, faststart=True),
        "index_at_end": make_video(d / "index_at_end.mp4", seconds=4),
        "webm4": make_video(d / "webm4.webm", container="webm", seconds=4),
        "audio_only": make_video(d / "audio_only.m4a", container="m4a", video=False, seconds=2),
        "ten_minutes": make_video(d / "ten_minutes.mp4", width=128, height=224, seconds=600, fps=2, audio=False),
        "long_tiny_bitrate": make_video(d / "long_tiny.mp4", width=128, height=224, seconds=120, fps=1,
                                        audio=False, bitrate=8_000),
        "absurd_resolution": make_video(d / "absurd.mp4", width=4096 + 64, height=128, seconds=1, fps=2, audio=False),
        "tiny_resolution": make_video(d / "tiny.mp4", width=32, height=32, seconds=1, fps=2, audio=False),
        "png": make_png(d / "image.mp4"),
        "pdf": make_pdf(d / "document.mp4"),
    }
    files["truncated_faststart"] = truncate(files["faststart"], d / "cut_faststart.mp4")
    files["truncated_index_at_end"] = truncate(files["index_at_end"], d / "cut_index_at_end.mp4")
    files["truncated_webm"] = truncate(files["webm4"], d / "cut.webm")
    (d / "text.mp4").write_text("이것은 영상이 아닙니다. This is not a video.\n", encoding="utf-8")
    files["text"] = d / "text.mp4"
    (d / "empty.mp4").write_bytes(b"")
    files["empty"] = d / "empty.mp4"
    return files


def fresh_request() -> None:
    """Forget what the test's long-lived app context cached from the last request (language, user)."""
    refresh()
    g.pop("_login_user", None)


def fetch(client: FlaskClient, url: str, headers: dict | None = None):
    """GET ``url`` in the language of ``headers`` (Korean by default); the response is read and closed."""
    fresh_request()
    response = client.get(url, headers=headers or KO)
    response.get_data()
    response.close()
    return response
