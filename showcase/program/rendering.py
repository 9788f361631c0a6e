"""The program as HTML pages and as PDFs (A5 reading order, imposed booklet, A4 sheet)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from ..events.models import Event
from ..locations import STATIC_FOLDER
from ..pdf import ensure_korean_font, korean_font_families, render_pdf_pages
from .building import LANGUAGE_MODES, ProgramView, build_program
from .finalists import Finalist
from .imposition import impose_booklet
from .layouts import layout_named, overflows
from .refusals import NotPublishable

STATIC = STATIC_FOLDER
STYLESHEET = STATIC / "css" / "program.css"

FontLookup = Callable[[], tuple[str, ...]]


def choose_fonts(families: tuple[str, ...]) -> dict[str, str]:
    """Sans and serif families for the PDF, preferring Noto CJK KR among those installed."""

    def best(preferred: list[str], fallback: str) -> str:
        for name in preferred:
            if name in families:
                return name
        return fallback

    korean = [f for f in families if f.endswith(" KR") or "Nanum" in f] or list(families)
    sans = best(["Noto Sans CJK KR", "NanumGothic", "NanumBarunGothic"], korean[0])
    serif = best(["Noto Serif CJK KR", "NanumMyeongjo"], sans)
    return {"sans": sans, "serif": serif}


#: how the A4 sheet is tightened, step by step, until it fits one page (CSS classes on the sheet)
SHEET_FITS = ("fit-0", "fit-1", "fit-2", "fit-3")


@dataclass(frozen=True)
class RenderedProgram:
    """A program PDF and what the organizer should know about it."""

    pdf: bytes
    layout: str
    #: pages as printed (A5 reading order before imposition; 1 for an A4 sheet that fits)
    pages: int
    #: how many steps the A4 sheet was tightened to fit (0: as designed)
    tightened: int = 0

    @property
    def overflows(self) -> bool:
        """An A4 sheet that does not fit one page even at its tightest."""
        return overflows(self.layout, self.pages)


def program_html(program: ProgramView, layout: str, fonts: dict[str, str], fit: str = SHEET_FITS[0]) -> str:
    """The standalone HTML document WeasyPrint prints for ``layout`` (``fit``: the A4 sheet's tightness)."""
    template = layout_named(layout).template
    with force_locale(program.languages[0]):  # also outside a request (CLI, jobs)
        return render_template(template, p=program, fonts=fonts, stylesheet=STYLESHEET.as_uri(),
                               poster_src=lambda f: f.poster_path.as_uri() if f.poster_path else None,
                               mark_fallbacks=False, fit=fit)


def render_program(program: ProgramView, layout: str, font_lookup: FontLookup = korean_font_families) -> RenderedProgram:
    """Print an already built program; the A4 sheet is tightened step by step until it fits one page.

    Refuses without a Korean font or with times out of order. An A4 sheet still longer than a page
    at its tightest comes back with ``overflows`` set, for the organizer to be told.
    """
    paper = layout_named(layout)
    ensure_korean_font(font_lookup)
    if program.problems:
        raise NotPublishable(program.problems[0], {"problems": "\n".join(program.problems)})
    fonts = choose_fonts(font_lookup())
    roots = [STATIC] + sorted({f.poster_path.parent for f in program.finalists or [] if f.poster_path})
    if not paper.one_sheet:
        pdf, pages = render_pdf_pages(program_html(program, layout, fonts), STATIC, roots)
        return RenderedProgram(impose_booklet(pdf) if paper.imposed else pdf, layout, pages)
    for fit in SHEET_FITS:
        pdf, pages = render_pdf_pages(program_html(program, layout, fonts, fit), STATIC, roots)
        if pages == 1:
            break
    return RenderedProgram(pdf, layout, pages, SHEET_FITS.index(fit))


def render_program_pdf(program: ProgramView, layout: str, font_lookup: FontLookup = korean_font_families) -> bytes:
    """PDF bytes of an already built program (see :func:`render_program`)."""
    return render_program(program, layout, font_lookup).pdf


def build_program_pdf(event: Event, layout: str, language: str, finalists: list[Finalist] | None,
                      font_lookup: FontLookup = korean_font_families) -> bytes:
    """The program of ``event`` as a PDF in ``layout`` (a name in ``layouts.LAYOUTS``) and ``language``."""
    if language not in LANGUAGE_MODES:
        raise ValueError(f"unknown language {language!r}")
    ensure_korean_font(font_lookup)
    return render_program_pdf(build_program(event, language, finalists), layout, font_lookup)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a reader never sees half a PDF."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
