"""Publishing the program: the chosen PDF is written once, then served to everyone at /events/<slug>/program.pdf."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from flask import current_app
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..database import unit_of_work, utcnow
from ..events.models import Event
from ..events.seats import lock_event
from ..extensions import db
from ..pdf import korean_font_families
from .building import ProgramView, build_program
from .finalists import Finalist
from .models import ProgramSettings
from .rendering import program_html, render_program_pdf, write_atomically


def programs_dir() -> Path:
    """Folder of published program PDFs (MEDIA_DIR/programs, by default instance/media/programs)."""
    media = current_app.config.get("MEDIA_DIR") or str(Path(current_app.instance_path) / "media")
    return Path(media) / "programs"


#: fonts written into the HTML a source digest is taken of (the installed fonts are not what the program says)
DIGEST_FONTS = {"sans": "sans", "serif": "serif"}


def _digest_of(program: ProgramView, layout: str) -> str:
    return hashlib.sha256(program_html(program, layout, DIGEST_FONTS).encode()).hexdigest()


def source_digest(event: Event, layout: str, language: str, finalists: list[Finalist] | None) -> str:
    """SHA-256 of everything the program would print now (run of show, words, figures, finalists)."""
    return _digest_of(build_program(event, language, finalists), layout)


def publish_program(event: Event, layout: str, language: str, finalists: list[Finalist] | None,
                    font_lookup: Callable[[], tuple[str, ...]] = korean_font_families) -> ProgramSettings:
    """Build the program PDF and make it the public one; the previous file is removed.

    The PDF is built before the unit of work (no write lock while it renders). Its file is written
    inside the unit: removed again if the unit rolls back, and the previous file only once it has
    committed, so the published row always names a file on disk.
    """
    program = build_program(event, language, finalists)
    pdf = render_program_pdf(program, layout, font_lookup)
    digest = hashlib.sha256(pdf).hexdigest()
    source = _digest_of(program, layout)
    name = f"{event.slug}-{layout}-{language}-{digest[:16]}.pdf"
    folder = programs_dir()
    with unit_of_work() as unit:
        lock_event(event.id)  # PostgreSQL: two publishes take turns, each removing the file the other replaced
        settings = db.session.get(ProgramSettings, event.id)
        if settings is None:
            settings = ProgramSettings(event_id=event.id, welcome_ko="", welcome_en="",
                                       welcome_signature_ko="", welcome_signature_en="")
            db.session.add(settings)
        previous = settings.published_file
        settings.published_file, settings.published_sha256, settings.published_size = name, digest, len(pdf)
        settings.published_layout, settings.published_language = layout, language
        settings.published_at = utcnow()
        settings.published_source_sha256 = source
        write_atomically(folder / name, pdf)
        if name != previous:  # the same file published again is the live one: never removed
            unit.after_rollback(lambda: (folder / name).unlink(missing_ok=True))
        if previous and previous != name:
            unit.after_commit(lambda: (folder / previous).unlink(missing_ok=True))
    return settings


def unpublish_program(event: Event) -> None:
    """Take the public program down (its address answers 404 again); its file goes once that is committed."""
    with unit_of_work() as unit:
        settings = db.session.get(ProgramSettings, event.id)
        if settings is None or not settings.published_file:
            return
        name = settings.published_file
        settings.published_file = settings.published_sha256 = settings.published_layout = None
        settings.published_language = None
        settings.published_size = None
        settings.published_at = None
        settings.published_source_sha256 = None
        unit.after_commit(lambda: (programs_dir() / name).unlink(missing_ok=True))


def published_program(event: Event) -> tuple[ProgramSettings, Path] | None:
    """The published program's settings and file, or None when nothing (readable) is published."""
    settings = db.session.get(ProgramSettings, event.id)
    if settings is None or not settings.published_file or settings.published_at is None:
        return None
    path = programs_dir() / settings.published_file
    return (settings, path) if path.is_file() else None


def published_is_stale(event: Event, finalists: list[Finalist] | None) -> bool:
    """Whether the published PDF no longer matches what the program would print now (False when none is)."""
    published = published_program(event)
    if published is None or not published[0].published_source_sha256:
        return False
    settings = published[0]
    return source_digest(event, settings.published_layout or "a5", settings.published_language or "ko",
                         finalists) != settings.published_source_sha256


def page_count(path: Path) -> int:
    """Pages of a PDF file (0 when it cannot be read)."""
    try:
        return len(PdfReader(path).pages)
    except (OSError, PdfReadError):
        return 0
