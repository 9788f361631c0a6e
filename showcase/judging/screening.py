"""The screening of the finalists: the playlist, the offline package, and the public gallery afterwards.

Both the organizer's player page and the offline package use the one player, static/js/screening.js,
with the same markup (templates/judging/_screening_player.html); both play the versions frozen at the lock.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..auth.models import User
from ..database import unit_of_work, utcnow
from ..events.models import Event
from ..extensions import db
from ..i18n import localized
from ..storage import MediaStorage, media_storage
from ..submissions.models import Submission
from .entries import locked_finalists
from .models import JudgingSettings
from .refusals import JudgingError
from .settings import lock_settings_row

#: the player's files, shipped beside index.html in the offline package
PLAYER_FILES = {"screening.js": "js/screening.js", "screening.css": "css/screening.css"}


@dataclass(frozen=True)
class Slot:
    """One finalist at the screening, as frozen at the lock."""

    order: int
    submission: Submission
    title: str
    community: str
    #: media keys of the judged version
    video_path: str | None
    poster_path: str | None


def screening_slots(event: Event, language: str | None = None) -> list[Slot]:
    """The finalists in screening order with the title and team shown on their title card."""
    slots = []
    for f in locked_finalists(event):
        titled = f if f.title_ko else f.submission
        slots.append(Slot(order=f.screening_order, submission=f.submission, title=localized(titled, "title", language),
                          community=f.submission.community.name,
                          video_path=f.video_path or f.submission.transcoded_path,
                          poster_path=f.poster_path or f.submission.poster_path))
    return slots


def require_locked(event: Event, language: str | None = None) -> list[Slot]:
    """The slots, or a refusal when the results are not locked yet."""
    slots = screening_slots(event, language)
    if not slots:
        raise JudgingError(_l("Lock the results first: the screening plays the finalists."), "not_locked", 409)
    return slots


def slot_for(event: Event, submission_id: int) -> Slot | None:
    """The finalist's slot, or None when the entry is not a locked finalist."""
    return next((s for s in screening_slots(event) if s.submission.id == submission_id), None)


def _file_name(slot: Slot) -> str:
    return f"{slot.order:02d}-entry-{slot.submission.id}.mp4"


def playlist_html(event: Event, slots: list[Slot], language: str = "ko") -> str:
    """The offline index.html: the player page with relative links to the MP4s, script and style beside it."""
    with force_locale(language):
        return render_template("judging/screening_package.html", language=language,
                               event_title=localized(event, "title", language),
                               items=[{"title": s.title, "community": s.community, "src": _file_name(s), "poster": ""}
                                      for s in slots])


def build_package(event: Event, target: Path, storage: MediaStorage | None = None, language: str = "ko") -> Path:
    """Write the screening package to ``target``: the finalists' judged MP4s, the player and its index.html."""
    slots = require_locked(event, language)
    storage = storage or media_storage()
    missing = [s for s in slots if not storage.exists(s.video_path)]
    if missing:
        raise JudgingError(_l("The video of “%(title)s” is missing from storage, so the package cannot be made.",
                              title=missing[0].title), "missing_video", 409)
    folder = f"screening-{event.slug}"
    static = Path(current_app.static_folder or "static")
    with zipfile.ZipFile(target, "w") as archive:
        for slot in slots:
            assert slot.video_path is not None  # none is missing: checked above
            archive.write(storage.path(slot.video_path), f"{folder}/{_file_name(slot)}",
                          compress_type=zipfile.ZIP_STORED)
        archive.writestr(f"{folder}/index.html", playlist_html(event, slots, language), zipfile.ZIP_DEFLATED)
        for name, source in PLAYER_FILES.items():
            archive.write(static / source, f"{folder}/{name}", compress_type=zipfile.ZIP_DEFLATED)
    return target


def publish_gallery(event: Event, organizer: User) -> JudgingSettings:
    """Publish the finalists on the public gallery page (after the event; makes their videos public); one unit
    of work, serialised with unlocking the results."""
    with unit_of_work():
        settings = lock_settings_row(event)
        slots = require_locked(event)
        if utcnow() < event.starts_at:
            raise JudgingError(_l("The gallery can be published once the event has started, so the screening stays "
                                  "a surprise."), "too_early", 409)
        now = utcnow()
        settings.published_gallery_at = settings.published_gallery_at or now
        for slot in slots:
            slot.submission.published_at = slot.submission.published_at or now
    return settings


def gallery_entries(event: Event) -> list[Slot] | None:
    """The published finalists in screening order, or None while the gallery is not published."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None or settings.published_gallery_at is None:
        return None
    return screening_slots(event)
