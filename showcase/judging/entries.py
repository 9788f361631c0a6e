"""Which entries judges score, and the locked finalists (for the screening and the printed program)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..events.models import Event
from ..extensions import db
from ..storage import media_storage
from ..submissions.models import Eligibility, ProcessingState, Submission
from .models import Finalist, JudgingSettings


def eligible_entries(event: Event) -> list[Submission]:
    """The entries judges score: reviewed eligible and processed (ready to play)."""
    return list(db.session.scalars(
        select(Submission).where(Submission.event_id == event.id, Submission.eligibility == Eligibility.ELIGIBLE,
                                 Submission.state == ProcessingState.READY)
        .options(joinedload(Submission.community)).order_by(Submission.id)))


def is_eligible(submission: Submission) -> bool:
    """Whether judges may score ``submission``."""
    return submission.eligibility == Eligibility.ELIGIBLE and submission.state == ProcessingState.READY


@dataclass(frozen=True)
class ProgramFinalist:
    """A finalist as the printed program needs it."""

    submission_id: int
    title_ko: str
    title_en: str
    community: str
    #: absolute path of the poster frame in media storage, or None
    poster_path: str | None
    screening_order: int


def locked_finalists(event: Event) -> list[Finalist]:
    """The locked finalists in screening order (empty until the results are locked)."""
    return list(db.session.scalars(
        select(Finalist).where(Finalist.event_id == event.id)
        .options(joinedload(Finalist.submission).joinedload(Submission.community))
        .order_by(Finalist.screening_order, Finalist.rank)))


def finalists_for_program(event: Event) -> list[ProgramFinalist] | None:
    """The six finalists in screening order for the printed program, or None until results are locked."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None or settings.locked_at is None:
        return None
    storage = media_storage()
    found = []
    for finalist in locked_finalists(event):  # what was judged, as frozen at the lock
        submission = finalist.submission
        poster_key = finalist.poster_path or submission.poster_path
        poster = str(Path(storage.path(poster_key))) if storage.exists(poster_key) else None
        found.append(ProgramFinalist(submission_id=submission.id, title_ko=finalist.title_ko or submission.title_ko,
                                     title_en=(finalist.title_en or "") if finalist.title_ko else submission.title_en,
                                     community=submission.community.name,
                                     poster_path=poster, screening_order=finalist.screening_order))
    return found
