"""An organizer signs in, sees households with totals, filters the waitlist and promotes by hand."""

from __future__ import annotations

from playwright.sync_api import expect

from showcase.auth.models import Role
from showcase.events.needs import Needs
from showcase.events.services import set_capacity
from tests.conftest import PASSWORD


def test_organizer_reviews_households_and_promotes(live_server, desktop, screenshot, make_event, make_rsvp, make_user):
    event = make_event(slug="shared-parenting", capacity=8, communities=3,
                       offered_needs="wheelchair,stroller,nursing_room,sign_language,allergy,children_ages")
    make_rsvp(event, contact_name="김하늘", adults=2, children=2, community_id=event.communities[0].id,
              accessibility_needs="엘리베이터 옆 자리", photo_consent=False,
              needs=Needs(stroller=True, allergy="달걀", children_ages="3, 5"))
    make_rsvp(event, contact_name="이바다", adults=2, children=1, infants=1, photo_consent=True,
              needs=Needs(nursing_room=True, sign_language=True))
    waiting = make_rsvp(event, contact_name="박구름", adults=2, children=1, email="cloud@example.com")
    make_user(Role.ORGANIZER, email="boss@example.com")
    page = desktop("ko")
    page.goto(f"{live_server}/login")
    page.fill("#email", "boss@example.com")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.locator("h1")).to_have_text("모든 행사")  # organizers land on the console
    page.goto(f"{live_server}/manage/events/shared-parenting/households")
    expect(page.locator("tfoot")).to_contain_text("3가구")
    expect(page.locator(".need-totals .need-stroller")).to_contain_text("1")
    expect(page.locator("tr", has_text="김하늘").locator(".marker.no-photos")).to_have_text("촬영 안 함")
    expect(page.locator("tr", has_text="이바다").locator(".marker.no-photos")).to_have_count(0)
    screenshot(page, "organizer-households-ko")

    page.select_option("select[name=status]", "waitlisted")
    page.get_by_role("button", name="필터 적용").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    set_capacity(event.id, 8)  # nothing changes: 3 seats still missing
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="확정으로 올리기").click()
    expect(page.locator(".flash-error")).to_contain_text("먼저 정원을 늘려 주세요")
    screenshot(page, "organizer-promote-refused-ko")
    assert waiting.status.value == "waitlisted"
