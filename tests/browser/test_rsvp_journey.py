"""A family RSVPs on a phone in Korean, sees its confirmation and cancels; a waiting family is promoted."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from showcase.events import rsvp_tokens
from showcase.events.models import Rsvp, RsvpStatus
from showcase.extensions import db


def test_family_rsvps_in_korean_then_cancels_and_waiting_family_is_promoted(
        live_server, phone, screenshot, make_event, make_rsvp):
    event = make_event(slug="shared-parenting", capacity=6, communities=3)
    make_rsvp(event, adults=2, children=1)            # 3 seats taken, 3 left
    page = phone("ko")
    page.goto(f"{live_server}/events/shared-parenting")
    expect(page.locator("h1")).to_contain_text("행사")
    expect(page.locator(".seats-left")).to_contain_text("3")
    screenshot(page, "rsvp-form-ko")

    page.fill("#contact_name", "김하늘")
    page.fill("#phone", "010-1234-5678")
    page.locator(".stepper-row").nth(0).locator("button[data-step='1']").click()   # 2 adults
    page.locator(".stepper-row").nth(1).locator("button[data-step='1']").click()   # 1 child
    page.select_option("#community_id", label="공동체 2팀")
    page.check("#photo_consent")
    page.get_by_role("button", name="참석 신청하기").click()

    expect(page.locator(".badge.ok")).to_have_text("참석 확정")
    expect(page.locator(".party-line")).to_have_text("성인 2명, 어린이 1명 — 좌석 3석")
    manage_url = page.url
    assert re.search(r"/rsvp/[A-Za-z0-9_-]{40,}", manage_url)
    screenshot(page, "rsvp-confirmed-ko")

    # Another family arrives when the event is full and waits.
    waiting = make_rsvp(event, adults=3, phone="010-9999-0000", locale="en")
    assert waiting.status == RsvpStatus.WAITLISTED
    other = phone("en")
    other.goto(f"{live_server}/rsvp/{rsvp_tokens.manage_token(waiting)}")
    expect(other.locator(".badge.wait")).to_have_text("On the waitlist")
    screenshot(other, "rsvp-waitlisted-en")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="참석 취소하기").click()
    expect(page.locator(".badge.off")).to_have_text("취소됨")
    screenshot(page, "rsvp-cancelled-ko")

    other.reload()
    expect(other.locator(".badge.ok")).to_have_text("Confirmed")
    screenshot(other, "rsvp-promoted-en")
    db.session.rollback()  # end the test thread's read snapshot; the server committed the promotion
    assert db.session.get(Rsvp, waiting.id).status == RsvpStatus.CONFIRMED
