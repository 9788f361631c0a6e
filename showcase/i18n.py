"""Locale choice and locale-aware formatting of times in an event's own time zone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale

from .extensions import babel

LOCALE_SESSION_KEY = "locale"


def select_locale() -> str:
    """The reader's language: explicit ?lang=, then their saved choice, then the browser's."""
    supported: tuple[str, ...] = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    saved = session.get(LOCALE_SESSION_KEY)
    if saved in supported:
        return saved
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The two-letter language of the current request ("ko" or "en")."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def localized(obj: object, field: str, language: str | None = None) -> str:
    """The Korean or English variant of ``field`` (``title`` → ``title_ko``), falling back to the other."""
    language = language or current_language()
    first, second = ("en", "ko") if language == "en" else ("ko", "en")
    return getattr(obj, f"{field}_{first}", None) or getattr(obj, f"{field}_{second}", None) or ""


_DATETIME_FORMATS = {"ko": "y년 M월 d일 (E) aaaa h:mm", "en": "EEE d MMMM y, h:mm a"}
_DATE_FORMATS = {"ko": "y년 M월 d일 (E)", "en": "EEEE d MMMM y"}
_TIME_FORMATS = {"ko": "aaaa h:mm", "en": "h:mm a"}


def format_in_zone(value: datetime | None, zone: str, kind: str = "datetime",
                   language: str | None = None) -> str:
    """Format an aware UTC datetime in ``zone`` for the reader's language."""
    if value is None:
        return ""
    language = language or current_language()
    tz = ZoneInfo(zone)
    if kind == "date":
        return format_date(value.astimezone(tz).date(), _DATE_FORMATS[language], locale=language)
    if kind == "time":
        return format_time(value, _TIME_FORMATS[language], tzinfo=tz, locale=language)
    return format_datetime(value, _DATETIME_FORMATS[language], tzinfo=tz, locale=language)


def catalog_directories(packages: tuple[ModuleType, ...]) -> str:
    """BABEL_TRANSLATION_DIRECTORIES for the packages that have a translations/ folder."""
    folders = (Path(package.__file__).resolve().parent / "translations" for package in packages if package.__file__)
    return ";".join(str(folder) for folder in folders if folder.is_dir())


def language_context() -> dict:
    """Template context: the reader's language and the languages offered."""
    return {"current_language": current_language(), "languages": current_app.config["LANGUAGES"]}


def init_app(app: Flask) -> None:
    """Choose each request's language and expose localisation helpers to every template."""
    babel.init_app(app, locale_selector=select_locale)
    app.add_template_global(get_locale, "get_locale")
    app.add_template_filter(format_in_zone, "in_zone")
    app.add_template_global(localized, "localized")
    app.context_processor(language_context)
