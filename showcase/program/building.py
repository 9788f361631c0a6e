"""build_program(event, …): everything the program pages print, in the languages asked for."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import segno
from flask import current_app

from ..events.models import Event
from ..i18n import format_in_zone
from .finalists import Finalist
from .models import ItemKind, ProgramItem
from .printed_words import print_labels
from .services import community_figures, program_items, schedule_problems, settings_for, time_label

LANGUAGE_MODES = {"ko": ("ko",), "en": ("en",), "both": ("ko", "en")}
#: finalists side by side on a row of the films page
FILMS_PER_ROW = 3


@dataclass(frozen=True)
class Shown:
    """A text as printed in one language; ``fallback`` when it came from the other language."""

    text: str
    lang: str
    fallback: bool = False


def pick(obj: object, name: str, language: str) -> Shown:
    """``obj.<name>_<language>``, or the other language's text marked as a fallback."""
    own = (getattr(obj, f"{name}_{language}", "") or "").strip()
    if own:
        return Shown(own, language)
    other = "en" if language == "ko" else "ko"
    text = (getattr(obj, f"{name}_{other}", "") or "").strip()
    return Shown(text, other, fallback=bool(text))


@dataclass
class FinalistView:
    """A finalist as printed: order, title per language, community and poster file."""

    order: int
    title: dict[str, Shown]
    community: str
    poster_path: Path | None


@dataclass
class EntryView:
    """One item of the run of show as printed."""

    id: int
    kind: str
    time: str
    title: dict[str, Shown]
    performers: dict[str, Shown]
    description: dict[str, Shown]
    shows_finalists: bool


@dataclass
class ProgramView:
    """The whole program, ready for the page templates."""

    event: Event
    mode: str
    languages: tuple[str, ...]
    labels: dict[str, dict[str, str]]
    title: dict[str, Shown]
    date: dict[str, str]
    start: dict[str, str]
    venue: dict[str, Shown]
    host: dict[str, Shown]
    about: dict[str, list[str]]
    welcome: dict[str, list[str]]
    welcome_fallback: dict[str, bool]
    signature: dict[str, Shown]
    entries: list[EntryView]
    finalists: list[FinalistView] | None
    teams: int
    households: int
    participants: int | None
    gallery_url: str
    qr_svg: str
    credits: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        """Not final: the finalists are not locked yet."""
        return self.finalists is None

    @property
    def has_fallbacks(self) -> bool:
        """Whether any printed text was taken from the other language."""
        shown = [s for e in self.entries for d in (e.title, e.performers, e.description) for s in d.values()]
        shown += [s for f in self.finalists or [] for s in f.title.values()]
        return any(s.fallback for s in shown) or any(self.welcome_fallback.values())

    @property
    def english_subtitle(self) -> Shown | None:
        """The English title printed under the Korean one: both languages, and written in English."""
        english = self.title.get("en") if len(self.languages) > 1 else None
        return english if english and english.text and not english.fallback else None

    @property
    def finalist_rows(self) -> list[tuple[list[FinalistView], int]]:
        """The finalists in rows of FILMS_PER_ROW, each with how many empty places end it."""
        films = self.finalists or []
        rows = [films[start:start + FILMS_PER_ROW] for start in range(0, len(films), FILMS_PER_ROW)]
        return [(row, FILMS_PER_ROW - len(row)) for row in rows]


def gallery_url(event: Event) -> str:
    """The public online gallery of the event's videos (what the printed QR code opens)."""
    return current_app.config["BASE_URL"].rstrip("/") + f"/events/{event.slug}/gallery"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _entry(item: ProgramItem, languages: tuple[str, ...]) -> EntryView:
    return EntryView(
        id=item.id, kind=item.kind.value, time=time_label(item.start_time),
        title={lang: pick(item, "title", lang) for lang in languages},
        performers={lang: pick(item, "performers", lang) for lang in languages},
        description={lang: pick(item, "description", lang) for lang in languages},
        shows_finalists=item.kind == ItemKind.VIDEO_BLOCK)


def _finalist(finalist: Finalist, languages: tuple[str, ...]) -> FinalistView:
    poster = finalist.poster_path if finalist.poster_path and Path(finalist.poster_path).is_file() else None
    return FinalistView(order=finalist.order, title={lang: pick(finalist, "title", lang) for lang in languages},
                        community=finalist.community, poster_path=Path(poster).resolve() if poster else None)


def build_program(event: Event, language: str = "ko", finalists: list[Finalist] | None = None) -> ProgramView:
    """Everything the program prints for ``event`` in ``language`` ("ko", "en" or "both").

    ``finalists`` None means the results are not locked: a placeholder is printed and the
    program is a draft.
    """
    languages = LANGUAGE_MODES[language]
    settings = settings_for(event)
    items = program_items(event)
    teams, households = community_figures(event)
    url = gallery_url(event)
    welcome = {lang: _paragraphs(pick(settings, "welcome", lang).text) for lang in languages}
    entries = [_entry(item, languages) for item in items]
    credits = {lang: list(dict.fromkeys(e.performers[lang].text for e in entries if e.performers[lang].text))
               for lang in languages}
    return ProgramView(
        event=event, mode=language, languages=languages,
        labels=print_labels(languages, len(finalists)) if finalists else print_labels(languages),
        title={lang: pick(event, "title", lang) for lang in languages},
        date={lang: format_in_zone(event.starts_at, event.timezone, "date", language=lang) for lang in languages},
        start={lang: format_in_zone(event.starts_at, event.timezone, "time", language=lang) for lang in languages},
        venue={lang: pick(event, "venue", lang) for lang in languages},
        host={lang: pick(event, "host", lang) for lang in languages},
        about={lang: _paragraphs(pick(event, "description", lang).text) for lang in languages},
        welcome=welcome,
        welcome_fallback={lang: pick(settings, "welcome", lang).fallback for lang in languages},
        signature={lang: pick(settings, "welcome_signature", lang) for lang in languages},
        entries=entries,
        finalists=None if finalists is None else [
            _finalist(f, languages) for f in sorted(finalists, key=lambda f: f.order)],
        teams=teams, households=households, participants=settings.participants,
        gallery_url=url,
        qr_svg=segno.make(url, error="m").svg_data_uri(dark="#1d2433", scale=4, border=0),
        credits=credits, problems=schedule_problems(items))
