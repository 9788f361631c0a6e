"""Entries ready for judging: real Submission rows, optionally with real MP4s and posters in media storage."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from showcase.auth.models import Role, User
from showcase.database import utcnow
from showcase.events.models import Event
from showcase.extensions import db
from showcase.judging.models import Criterion
from showcase.judging.panel import invite_judge
from showcase.judging.rubric import CriterionDetails, save_criterion
from showcase.storage import media_storage
from showcase.submissions.models import Eligibility, ProcessingState, Submission
from tests.submissions.media import make_video


def make_entries(event: Event, count: int | None = None, *, eligible: bool = True,
                 media_dir: Path | None = None) -> list[Submission]:
    """One ready entry per team of ``event`` (the first ``count``); with ``media_dir``, real MP4 and poster files."""
    teams = list(event.communities)[:count]
    sample = poster = None
    if media_dir is not None:
        media_dir.mkdir(parents=True, exist_ok=True)
        sample = make_video(media_dir / "sample.mp4", width=180, height=320, seconds=1.0, fps=10)
        poster = media_dir / "poster.jpg"
        Image.new("RGB", (180, 320), (240, 170, 60)).save(poster, "JPEG")
    entries = []
    for i, team in enumerate(teams, start=1):
        submission = Submission(event_id=event.id, community_id=team.id, title_ko=f"우리 동네 육아 이야기 {i}",
                                title_en=f"Our neighbourhood story {i}", consent_at=utcnow(),
                                original_path=f"submissions/x{i}/original.mp4", original_size=1000, container="mp4",
                                width=180, height=320, duration=1.0, state=ProcessingState.READY,
                                eligibility=Eligibility.ELIGIBLE if eligible else Eligibility.PENDING)
        db.session.add(submission)
        db.session.flush()
        if sample is not None:
            storage = media_storage()
            for source, name in ((sample, "video.mp4"), (poster, "poster.jpg")):
                key = f"{submission.media_prefix}/{name}"
                with storage.temp_file() as temp:
                    temp.write_bytes(source.read_bytes())
                    storage.save_from_temp(temp, key)
            submission.transcoded_path = f"{submission.media_prefix}/video.mp4"
            submission.poster_path = f"{submission.media_prefix}/poster.jpg"
        entries.append(submission)
    db.session.commit()
    return entries


def make_rubric(event: Event, weights: tuple[float, ...] = (2.0, 1.0)) -> list[Criterion]:
    """A rubric of len(weights) criteria on the default 1–10 scale."""
    db.session.commit()  # the test's setup so far: save_criterion's unit of work refuses writes made outside one
    return [save_criterion(event, CriterionDetails(name_ko=f"기준 {n}", name_en=f"Criterion {n}", weight=w))
            for n, w in enumerate(weights, start=1)]


def make_judges(event: Event, make_user, count: int) -> list[User]:
    """``count`` judge accounts invited to ``event``."""
    judges = [make_user(Role.JUDGE) for _ in range(count)]
    for judge in judges:
        invite_judge(event, judge)
    return judges


def sign_in(client, user: User) -> None:
    """Sign ``client`` in as ``user`` without the login form, with a live server-side session as
    the login route makes (these tests switch between many judges and organizers)."""
    from flask import g

    from showcase.auth.sessions import start_session

    g.pop("_login_user", None)  # the fixture's app context (and so g) outlives each request
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["sid"] = start_session(user)
        session["_fresh"] = True
