"""The QR code scans from a screen, a photo of a screen and a cheap printout; the .ics and the PDF."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
from PIL import Image, ImageDraw, ImageFilter
from pypdf import PdfReader

from showcase.events import rsvp_tokens
from tests.tickets.conftest import decode_png, decode_qr

SEOUL = ZoneInfo("Asia/Seoul")


def _photo_like(png: bytes) -> bytes:
    """What a door phone's camera sees: smaller, tilted ~10°, soft, JPEG-compressed, on grey."""
    code = Image.open(io.BytesIO(png)).convert("L")
    code = code.resize((code.width * 45 // 100, code.height * 45 // 100), Image.Resampling.BILINEAR)
    code = code.rotate(10, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=128)
    scene = Image.new("L", (640, 480), 128)
    scene.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    scene = scene.filter(ImageFilter.GaussianBlur(radius=1.2))
    out = io.BytesIO()
    scene.convert("RGB").save(out, format="JPEG", quality=35)
    return out.getvalue()


def test_qr_png_and_a_photo_of_it_decode_to_exactly_the_ticket_url(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event)
    ticket_url = f"http://showcase.test/t/{rsvp_tokens.ticket_token(rsvp)}"
    png = client.get(f"/t/{rsvp_tokens.ticket_token(rsvp)}/qr.png").data
    assert decode_png(png) == [ticket_url]
    photo = _photo_like(png)
    assert Image.open(io.BytesIO(photo)).format == "JPEG"
    assert decode_png(photo) == [ticket_url]


def test_qr_survives_a_crack_across_the_screen(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event)
    png = client.get(f"/t/{rsvp_tokens.ticket_token(rsvp)}/qr.png").data
    cracked = Image.open(io.BytesIO(png)).convert("L")
    draw = ImageDraw.Draw(cracked)
    width, height = cracked.size
    draw.line([(0, height * 0.30), (width, height * 0.62)], fill=255, width=14)     # a white crack
    draw.line([(width * 0.55, 0), (width * 0.40, height)], fill=0, width=10)        # a dark one
    assert decode_qr(cracked) == [f"http://showcase.test/t/{rsvp_tokens.ticket_token(rsvp)}"]


def test_calendar_file_has_the_event_in_seoul_time_the_venue_and_a_reminder(client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event)
    response = client.get(f"/t/{rsvp_tokens.ticket_token(rsvp)}/event.ics", headers={"Accept-Language": "ko"})
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    entry = calendar.walk("VEVENT")[0]
    start = entry.decoded("DTSTART")
    assert start.tzinfo is not None and str(entry["DTSTART"].params["TZID"]) == "Asia/Seoul"
    assert (start.hour, start.minute) == (11, 0)
    assert start.astimezone(SEOUL).date().isoformat() == "2027-06-20"
    assert "부산광역시의회 2층 대회의실" in str(entry["LOCATION"])
    assert str(entry["SUMMARY"]) == "함께 키우는 우리 아이"
    alarm = entry.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    assert f"/t/{rsvp_tokens.ticket_token(rsvp)}" in str(entry["URL"])


def test_printable_ticket_is_one_page_with_a_scannable_code(client, seoul_event, make_rsvp, tmp_path):
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", adults=2, children=1)
    token = rsvp_tokens.ticket_token(rsvp)
    for language, expected in (("ko", ["함께 키우는 우리 아이", "김하늘", "3명 입장"]),
                               ("en", ["Raising Our Children Together", "Admits 3 people"])):
        response = client.get(f"/t/{token}/ticket.pdf", headers={"Accept-Language": language})
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        reader = PdfReader(io.BytesIO(response.data))
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        for phrase in expected:
            assert phrase in text
        pdf_path = tmp_path / f"ticket-{language}.pdf"
        pdf_path.write_bytes(response.data)
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf_path),
                        str(tmp_path / f"ticket-{language}")], check=True, timeout=60)
        page = Image.open(tmp_path / f"ticket-{language}.png")
        assert decode_qr(page) == [f"http://showcase.test/t/{token}"]
