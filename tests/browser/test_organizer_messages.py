"""An organizer sees every message by channel with its cost, and a wrong number as failed."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.tickets.models import MessageState, OutboundMessage
from tests.conftest import PASSWORD


def test_organizer_sees_counts_per_channel_cost_and_a_failed_number(
        live_server, desktop, screenshot, make_event, make_rsvp, make_user):
    event = make_event(slug="shared-parenting", capacity=150, communities=2)
    make_rsvp(event, contact_name="김하늘", phone="010-1234-5678", email="haneul@example.com")
    make_rsvp(event, contact_name="이바다", phone="010-2222-3333")
    wrong = make_rsvp(event, contact_name="박구름", phone="010-4444-5555")
    [text] = db.session.scalars(select(OutboundMessage).where(OutboundMessage.rsvp_id == wrong.id))
    text.state, text.last_error = MessageState.FAILED, "Not delivered (3040: 착신 번호 없음(결번))."
    db.session.commit()                                    # as a delivery report marks a wrong number
    make_user(Role.ORGANIZER, email="boss@example.com")
    page = desktop("ko")
    page.goto(f"{live_server}/login")
    page.fill("#email", "boss@example.com")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.goto(f"{live_server}/manage/events/shared-parenting/messages")
    costs = page.locator("#channel-costs")
    expect(costs.locator("tr[data-medium=email]")).to_contain_text("이메일")
    expect(costs.locator("tr[data-medium=lms]")).to_contain_text("LMS(장문)")
    expect(costs.locator("tr[data-medium=lms] td").nth(1)).to_have_text("2")
    expect(costs.locator("tfoot")).to_contain_text("₩100")      # 2 LMS × ₩50, email free
    expect(page.locator(f"tr[data-message='{text.id}']")).to_contain_text("결번")
    screenshot(page, "organizer-messages-ko")
