"""On a phone in Korean: an RSVP made twice says so where the family is looking, and the links come again."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from showcase.extensions import db
from showcase.tickets.models import MessageKind, OutboundMessage
from tests.browser.conftest import SCREENSHOTS
from tests.tickets.texting.conftest import sms_files


def _in_viewport(page, selector: str) -> bool:
    """Whether the element is wholly on screen and nothing (the sticky header) covers its top or bottom."""
    return page.eval_on_selector(selector, """el => { const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const seen = y => el.contains(document.elementFromPoint(x, y));
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0 && seen(r.top + 4) && seen(r.bottom - 4); }""")


def test_duplicate_rsvp_is_shown_without_scrolling_and_links_come_again(
        app, live_server, phone, screenshot, make_event, make_rsvp):
    event = make_event(slug="shared-parenting", capacity=150, communities=3)
    family = make_rsvp(event, contact_name="김하늘", phone="010-1234-5678", adults=2)
    page = phone("ko")
    page.goto(f"{live_server}/events/shared-parenting")
    page.fill("#contact_name", "김하늘")
    page.fill("#phone", "010 1234 5678")                  # the same number, written another way
    page.get_by_role("button", name="참석 신청하기").click()

    notice = page.locator("#duplicate-rsvp")
    expect(notice).to_contain_text("이미 이 행사에 참석 신청을 하셨어요.")
    assert _in_viewport(page, "#duplicate-rsvp"), "the refusal must be on screen where the page lands"
    screenshot(page, "duplicate-rsvp-ko")
    page.screenshot(path=str(SCREENSHOTS / "duplicate-rsvp-ko-screen.png"))  # what the phone shows
    db.session.rollback()
    links = list(db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind == MessageKind.LINKS)))
    assert [(m.rsvp_id, m.recipient) for m in links] == [(family.id, "+821012345678")]

    notice.get_by_role("button", name="내 링크 다시 받기").click()
    expect(page.locator("#links-sent")).to_contain_text("지금 링크를 보내 드리고 있어요")
    assert _in_viewport(page, "#links-sent")
    page.screenshot(path=str(SCREENSHOTS / "links-sent-ko-screen.png"))
    db.session.rollback()                                  # within 15 minutes: answered, not sent twice
    assert db.session.scalar(select(OutboundMessage.id).where(OutboundMessage.kind == MessageKind.LINKS)
                             .order_by(OutboundMessage.id.desc()).limit(1)) == links[0].id

    # the "Lost your link?" form on the event page, from another phone, by number
    other = phone("ko")
    other.goto(f"{live_server}/events/shared-parenting")
    other.locator("#lost-link").scroll_into_view_if_needed()
    screenshot(other, "lost-link-form-ko")
    other.fill("#lost-link-contact", "010-abcd-5678")
    other.locator("#lost-link").get_by_role("button", name="내 링크 다시 받기").click()
    expect(other.locator("#lost-link-error")).to_contain_text("010-1234-5678, 01012345678, +82 10-1234-5678")
    screenshot(other, "lost-link-refused-ko")
    texts = [t for t in sms_files(app) if t["kind"] == "links"]
    assert [t["to"] for t in texts] == ["+821012345678"] and "/rsvp/" in texts[0]["text"]
    assert Path(app.instance_path, "outbox").is_dir()
