"""The program's PDF layouts, one row each: ``build-program --layout a5|booklet|a4`` and the organizer's choice."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Layout:
    """How the program is laid out on paper."""

    #: the name on the command line, in download file names and in ``ProgramSettings.published_layout``
    name: str
    #: what the organizer chooses from
    label: LazyString
    #: the standalone HTML document WeasyPrint prints
    template: str
    #: the A5 pages are imposed on A4 sheets in printer order, for saddle-stitching
    imposed: bool = False
    #: one A4 sheet: tightened step by step to fit one page, and an overflow when it still does not
    one_sheet: bool = False


A5 = Layout("a5", _l("A5 booklet pages (reading order)"), "program/print/booklet.html")
BOOKLET = Layout("booklet", _l("Booklet for saddle-stitching (A4 sheets)"), "program/print/booklet.html",
                 imposed=True)
A4 = Layout("a4", _l("Single A4 sheet"), "program/print/sheet.html", one_sheet=True)

#: every layout by name, in the order the organizer is offered them
LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (A5, BOOKLET, A4)}
DEFAULT_LAYOUT = A5.name


def layout_named(name: str) -> Layout:
    """The layout called ``name``; ValueError for any other name."""
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValueError(f"unknown layout {name!r}") from None


def overflows(name: str | None, pages: int) -> bool:
    """Whether a PDF of ``pages`` pages in the layout ``name`` runs past the one sheet it should fit."""
    return name in LAYOUTS and LAYOUTS[name].one_sheet and pages > 1
