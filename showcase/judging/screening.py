"""The screening of the finalists: the playlist, the offline package, and the public gallery afterwards."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from flask_babel import lazy_gettext as _l

from ..auth.models import User
from ..database import utcnow
from ..events.models import Event
from ..extensions import db
from ..i18n import localized
from ..storage import MediaStorage, media_storage
from ..submissions.models import Submission
from .entries import locked_finalists
from .models import JudgingSettings
from .refusals import JudgingError
from .settings import settings_for_update


@dataclass(frozen=True)
class Slot:
    """One finalist at the screening."""

    order: int
    submission: Submission
    title: str
    community: str


def screening_slots(event: Event, language: str | None = None) -> list[Slot]:
    """The finalists in screening order with the title and team shown on their title card."""
    return [Slot(order=f.screening_order, submission=f.submission,
                 title=localized(f.submission, "title", language), community=f.submission.community.name)
            for f in locked_finalists(event)]


def require_locked(event: Event) -> list[Slot]:
    """The slots, or a refusal when the results are not locked yet."""
    slots = screening_slots(event)
    if not slots:
        raise JudgingError(_l("Lock the results first: the screening plays the finalists."), "not_locked", 409)
    return slots


def _file_name(slot: Slot) -> str:
    return f"{slot.order:02d}-entry-{slot.submission.id}.mp4"


_PLAYLIST_JS = r"""
(function () {
  var list = JSON.parse(document.getElementById('playlist').textContent);
  var video = document.getElementById('video'), card = document.getElementById('card');
  var index = -1, timer = null;
  function show(i) {
    if (i < 0 || i >= list.length) { return; }
    index = i; clearTimeout(timer); video.pause();
    document.getElementById('card-title').textContent = list[i].title;
    document.getElementById('card-team').textContent = list[i].community;
    document.getElementById('card-order').textContent = (i + 1) + ' / ' + list.length;
    card.hidden = false; video.hidden = true;
    timer = setTimeout(play, 5000);
  }
  function play() {
    clearTimeout(timer); card.hidden = true; video.hidden = false;
    video.src = list[index].file; video.play();
  }
  video.addEventListener('ended', function () { if (index + 1 < list.length) { show(index + 1); } });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === 'n') { show(Math.min(index + 1, list.length - 1)); }
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp' || e.key === 'p') { show(Math.max(index - 1, 0)); }
    else if (e.key === ' ') { e.preventDefault(); if (!card.hidden) { play(); } else if (video.paused) { video.play(); } else { video.pause(); } }
    else if (e.key === 'f') { document.documentElement.requestFullscreen && document.documentElement.requestFullscreen(); }
  });
  show(0);
})();
"""


def playlist_html(event: Event, slots: list[Slot], language: str = "ko") -> str:
    """A self-contained HTML playlist that plays the MP4s next to it, from the unzipped folder, offline."""
    data = [{"file": _file_name(s), "title": localized(s.submission, "title", language), "community": s.community}
            for s in slots]
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    help_text = ("→ 다음 · ← 이전 · 스페이스 재생/일시정지 · F 전체 화면" if language == "ko"
                 else "→ next · ← previous · Space play/pause · F full screen")
    return f"""<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>{escape(localized(event, 'title', language))}</title>
<style>
html, body {{ margin: 0; height: 100%; background: #000; color: #fff; font-family: "Noto Sans CJK KR", "Nanum Gothic", sans-serif; }}
#card {{ position: fixed; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; }}
#card-order {{ font-size: 2vw; opacity: .7; }} #card-title {{ font-size: 5vw; margin: 2vh 4vw; }} #card-team {{ font-size: 3vw; opacity: .85; }}
video {{ position: fixed; inset: 0; width: 100%; height: 100%; object-fit: contain; background: #000; }}
.help {{ position: fixed; bottom: 1vh; right: 1vw; font-size: 12px; opacity: .4; }}
</style></head>
<body>
<div id="card"><div id="card-order"></div><h1 id="card-title"></h1><div id="card-team"></div></div>
<video id="video" hidden playsinline></video>
<div class="help">{help_text}</div>
<script id="playlist" type="application/json">{payload}</script>
<script src="playlist.js"></script>
</body></html>
"""


def build_package(event: Event, target: Path, storage: MediaStorage | None = None, language: str = "ko") -> Path:
    """Write the screening package to ``target``: the finalists' MP4s and an offline playlist (index.html)."""
    slots = require_locked(event)
    storage = storage or media_storage()
    missing = [s for s in slots if not storage.exists(s.submission.transcoded_path)]
    if missing:
        raise JudgingError(_l("The video of “%(title)s” is missing from storage, so the package cannot be made.",
                              title=missing[0].title), "missing_video", 409)
    folder = f"screening-{event.slug}"
    with zipfile.ZipFile(target, "w") as archive:
        for slot in slots:
            archive.write(storage.path(slot.submission.transcoded_path), f"{folder}/{_file_name(slot)}",
                          compress_type=zipfile.ZIP_STORED)
        archive.writestr(f"{folder}/index.html", playlist_html(event, slots, language), zipfile.ZIP_DEFLATED)
        archive.writestr(f"{folder}/playlist.js", _PLAYLIST_JS, zipfile.ZIP_DEFLATED)
    return target


def publish_gallery(event: Event, organizer: User) -> JudgingSettings:
    """Publish the finalists on the public gallery page (after the event; makes their videos public)."""
    settings = settings_for_update(event)
    slots = require_locked(event)
    if utcnow() < event.starts_at:
        raise JudgingError(_l("The gallery can be published once the event has started, so the screening stays a surprise."),
                           "too_early", 409)
    now = utcnow()
    settings.published_gallery_at = settings.published_gallery_at or now
    for slot in slots:
        slot.submission.published_at = slot.submission.published_at or now
    db.session.commit()
    return settings


def gallery_entries(event: Event) -> list[Slot] | None:
    """The published finalists in screening order, or None while the gallery is not published."""
    settings = db.session.get(JudgingSettings, event.id)
    if settings is None or settings.published_gallery_at is None:
        return None
    return screening_slots(event)
