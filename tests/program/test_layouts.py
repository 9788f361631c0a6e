"""The PDF layouts are one registry: the command line, the organizer's choice and the printer read it."""

from __future__ import annotations

import pytest

from showcase.locations import TEMPLATES_FOLDER
from showcase.program.commands import build_program_command
from showcase.program.forms import layout_choices
from showcase.program.layouts import LAYOUTS, layout_named, overflows
from showcase.program.rendering import render_program


def test_the_command_line_offers_exactly_the_documented_layouts():
    option = next(p for p in build_program_command.params if p.name == "layout")
    assert list(option.type.choices) == ["a5", "booklet", "a4"] == list(LAYOUTS)
    assert option.default == "a5"


def test_every_layout_has_a_print_document_and_a_translated_choice(app):
    for layout in LAYOUTS.values():
        assert (TEMPLATES_FOLDER / layout.template).is_file()
    with app.test_request_context(headers={"Accept-Language": "ko"}):
        labels = dict(layout_choices())
    assert list(labels) == list(LAYOUTS)
    assert all(str(label) for label in labels.values())


def test_only_the_single_sheet_can_overflow():
    assert overflows("a4", 2) and not overflows("a4", 1)
    assert not overflows("a5", 12) and not overflows("booklet", 3) and not overflows(None, 3)


def test_an_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="unknown layout"):
        layout_named("a3")
    with pytest.raises(ValueError, match="unknown layout"):
        render_program(None, "a3")  # type: ignore[arg-type]
