"""Printed words of the program (headings, kinds, notes) in each language it is built in."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from ..judging.models import FINALIST_COUNT
from .models import ItemKind


def kind_label(kind: ItemKind) -> str:
    """The kind of an item in the current language."""
    return {
        ItemKind.WELCOME: _("Opening"),
        ItemKind.PERFORMANCE: _("Performance"),
        ItemKind.VIDEO_BLOCK: _("Screening"),
        ItemKind.TALK: _("Talk"),
        ItemKind.BREAK: _("Break"),
    }[ItemKind(kind)]


def _labels(films: int) -> dict[str, str]:
    return {
        "booklet": _("Programme"),
        "welcome": _("Welcome"),
        "run_of_show": _("Run of show"),
        "films": _("Six short films"),
        "films_intro": _("Made by this year’s childcare communities, shown in screening order."),
        "films_pending": _("The six finalists are announced once judging is complete."),
        "poster_missing": _("No poster yet"),
        "about": _("About the programme"),
        "teams": _("teams"),
        "households": _("households"),
        "people": _("people"),
        "host": _("Hosted by"),
        "credits": _("With thanks to"),
        # what the QR opens: the public gallery, which shows only the screened films and only once the
        # organizer publishes it (possible from the start of the event; until then it says "after the event")
        "gallery": _("Watch the %(count)d screened films online after the event", count=films),
        "gallery_hint": _("Scan the code with your phone camera. The films appear on that page after the event."),
        "draft": _("Draft"),
        "draft_note": _("Draft: the finalists are not decided yet."),
        "date": _("Date"),
        "venue": _("Venue"),
        "screening_order": _("Screening order"),
        "no_items": _("The run of show will be announced soon."),
    }


def print_labels(languages: tuple[str, ...], films: int = FINALIST_COUNT) -> dict[str, dict[str, str]]:
    """{language: {key: text}} for the languages a program is printed in (``films``: how many are screened)."""
    result = {}
    for language in languages:
        with force_locale(language):
            words = _labels(films)
            words.update({f"kind_{kind.value}": kind_label(kind) for kind in ItemKind})
            result[language] = words
    return result
