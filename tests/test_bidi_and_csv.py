"""Bidi controls neutralised in pages, PDFs and CSV; CSV cells that spreadsheets would run are text."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from showcase.auth.models import Role
from showcase.csv_export import csv_bytes, safe_cell

TRICK = "\u202etxt.exe Kim"


def test_an_rtl_override_in_a_name_prints_in_order_on_the_door_list(make_event, make_rsvp, client, login_as):
    event = make_event(slug="bidi-list")
    make_rsvp(event, contact_name=TRICK, adults=1)
    login_as(Role.STAFF)
    pdf = client.get("/door/bidi-list/list.pdf?lang=en")
    assert pdf.status_code == 200
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "txt.exe Kim" in text and "miK" not in text and "\u202e" not in text

    rows = list(csv.reader(io.StringIO(client.get("/door/bidi-list/list.csv").data.decode("utf-8-sig"))))
    assert rows[1][1] == "txt.exe Kim"


def test_pages_never_carry_bidi_controls_from_data(make_event, make_rsvp, client, login_as):
    event = make_event(slug="bidi-page")
    make_rsvp(event, contact_name="\u2067Lee\u2069 \u200fPark\u202a", adults=1)
    login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/households").get_data(as_text=True)
    assert "Lee Park" in page
    assert not any(c in page for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200f")


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\uff1d1+1", "\uff0bcmd", "\uff0d2",
                                   "\uff20SUM(A1)", ";=cmd", "|calc", " =1+1", "\t=1"])
def test_formula_starts_become_text(value):
    assert safe_cell(value).startswith("'")


@pytest.mark.parametrize("value", ["김하늘", "Kim", "1234-5678", "3", "a=b"])
def test_ordinary_cells_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_csv_cells_lose_bidi_controls():
    body = csv_bytes(["name"], [[TRICK], ["\u202e=cmd"]]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1] == ["txt.exe Kim"] and rows[2] == ["'=cmd"]
