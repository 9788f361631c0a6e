"""The organizer shares 30 entries out among five judges, three per entry, on a phone in Korean; a judge's
queue then holds only the entries given to them."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.judging.models import JudgeAssignment
from tests.conftest import PASSWORD
from tests.judging.factories import make_entries, make_judges, make_rubric


def _sign_in(page, base: str, email: str, then: str) -> None:
    page.goto(f"{base}/login?next={then}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("button[type=submit].primary").click()
    page.wait_for_url(f"**{then}")


def test_organizer_assigns_three_judges_per_entry_and_a_judge_sees_only_theirs(
        live_server, phone, desktop, screenshot, make_event, make_user):
    event = make_event(slug="shared-parenting", communities=30)
    make_rubric(event)
    make_entries(event)
    judges = make_judges(event, make_user, 5)
    organizer = make_user(Role.ORGANIZER)

    page = phone("ko")
    _sign_in(page, live_server, organizer.email, f"/manage/events/{event.slug}/judging")
    card = page.locator("#assignment")
    expect(card).to_contain_text("모든 심사위원이 모든 출품작을 채점합니다.")
    card.locator("select[name=mode]").select_option("split")
    card.locator("input[name=judges_per_entry]").fill("3")
    card.locator("button.primary").click()
    page.wait_for_url("**/judging#assignment")
    expect(page.locator(".flash")).to_contain_text("배정했습니다")
    expect(card).to_contain_text("출품작마다 심사위원 3명이 채점합니다.")
    expect(card.locator("tbody tr")).to_have_count(5)
    card.scroll_into_view_if_needed()
    screenshot(page, "judging-assignment-ko")
    db.session.commit()
    rows = db.session.scalars(select(JudgeAssignment).where(JudgeAssignment.event_id == event.id)).all()
    assert len(rows) == 90 and {sum(1 for r in rows if r.judge_id == j.id) for j in judges} == {18}

    judge = judges[0]
    judge_page = desktop("ko")
    _sign_in(judge_page, live_server, judge.email, f"/judge/{event.slug}/")
    expect(judge_page.locator(".progress-label")).to_have_text("18개 중 0개 채점")
    screenshot(judge_page, "judging-assigned-queue-ko")
