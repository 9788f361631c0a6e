"""A family opens its ticket on a phone, in Korean and in English; the code on screen scans."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from showcase.events import rsvp_changes, rsvp_tokens
from tests.tickets.conftest import EVENT_START, decode_qr


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_family_opens_its_ticket_on_a_phone_in_korean_and_english(
        live_server, phone, screenshot, make_event, make_rsvp):
    event = make_event(slug="shared-parenting", title_ko="함께 키우는 우리 아이: 독박육아 탈출! 공동육아 이야기",
                       title_en="Raising Our Children Together: Escaping Solo Parenting!",
                       starts_at=EVENT_START, address_ko="부산광역시 연제구 중앙대로 1001",
                       address_en="1001 Jungang-daero, Yeonje-gu, Busan")
    korean = make_rsvp(event, contact_name="김하늘", adults=2, children=1, infants=1)
    english = make_rsvp(event, contact_name="Jane Park", adults=2, children=0, locale="en")

    page = phone("ko")
    url = f"{live_server}/t/{rsvp_tokens.ticket_token(korean)}"
    page.goto(url)
    expect(page.locator(".ticket-state")).to_have_text("참석 확정")
    expect(page.locator(".ticket-admits")).to_have_text("4명 입장")
    expect(page.locator(".ticket-time")).to_have_text("오전 11:00")
    expect(page.get_by_role("link", name="입장권 저장 / 인쇄")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, "ticket-phone-ko")
    shot = Image.open(io.BytesIO(page.locator(".ticket-qr svg").screenshot()))
    assert decode_qr(shot) == [url]                     # what the door scanner sees on this screen

    other = phone("en")
    english_url = f"{live_server}/t/{rsvp_tokens.ticket_token(english)}"
    other.goto(english_url)
    expect(other.locator(".ticket-state")).to_have_text("Confirmed")
    expect(other.locator(".ticket-admits")).to_have_text("Admits 2 people")
    expect(other.locator(".ticket-time")).to_have_text("11:00 AM")
    _no_sideways_scroll(other)
    screenshot(other, "ticket-phone-en")
    assert decode_qr(Image.open(io.BytesIO(other.screenshot()))) == [english_url]

    with other.expect_download() as download:
        other.get_by_role("link", name="Add to calendar").click()
    assert download.value.suggested_filename == "shared-parenting.ics"

    rsvp_changes.cancel_rsvp(english.id)
    other.reload()
    other.evaluate("window.scrollTo(0, 0)")
    expect(other.locator(".ticket-state")).to_contain_text("Cancelled")
    expect(other.locator(".ticket-qr")).to_have_count(0)
    screenshot(other, "ticket-cancelled-en")

    wrong = phone("ko")
    wrong.goto(f"{live_server}/t/{rsvp_tokens.ticket_token(korean)[:-2]}")
    expect(wrong.locator("h1")).to_have_text("존재하지 않는 입장권입니다")
    screenshot(wrong, "ticket-not-found-ko")
