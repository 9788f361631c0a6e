"""Bidirectional-text controls neutralised in everything we show: pages, PDFs and CSV files.

An RTL override typed into a name ("\u202etxt.exe Kim") would print it backwards ("miK exe.txt")
on the door list. Korean and English text never needs these controls, so they are removed from
every value a template outputs (pages and the PDFs made from them) and from every CSV cell.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from markupsafe import Markup

#: LRM, RLM, ALM and the embedding, override and isolate controls
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def neutralise_bidi(text: str) -> str:
    """``text`` without bidirectional controls."""
    return BIDI_CONTROLS.sub("", text)


def _finalize(value: Any) -> Any:
    """Jinja's finalize: every ``{{ … }}`` output passes here before it is escaped."""
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        cleaned = BIDI_CONTROLS.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned  # already-safe HTML stays unescaped
    return value


def init_app(app: Flask) -> None:
    """Neutralise bidi controls in every template output (HTML pages and the PDFs rendered from them)."""
    app.jinja_env.finalize = _finalize
