"""An organizer reorders the run of show by dragging in Chromium, previews the program and publishes it."""

from __future__ import annotations

from playwright.sync_api import expect

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.program import demo
from showcase.program.services import program_items
from tests.conftest import PASSWORD


def _sign_in(page, base: str, email: str, target: str) -> None:
    page.goto(f"{base}/login?next={target}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{target}")


def test_organizer_drags_an_item_previews_and_publishes(live_server, desktop, phone, screenshot, make_event, make_user):
    event = make_event(slug="shared-parenting", title_ko="함께 키우는 우리 아이, 독박육아 탈출! 공동육아 이야기",
                       title_en="Raising Our Children Together", host_ko="부산육아종합지원센터",
                       host_en="Busan Childcare Comprehensive Support Center", communities=3)
    demo.seed(event)
    first_item = program_items(event)[0]
    first_item.start_time = None  # an untimed item can move anywhere without a time conflict
    db.session.commit()
    organizer = make_user(Role.ORGANIZER)
    page = desktop("ko")
    _sign_in(page, live_server, organizer.email, "/manage/events/shared-parenting/program")
    expect(page.locator("h1")).to_have_text("진행 순서")
    screenshot(page, "program-editor-ko")

    items = page.locator("#run-editor li[data-id]")
    before = [int(i) for i in items.evaluate_all("(els) => els.map((el) => el.dataset.id)")]
    items.nth(0).locator(".handle").drag_to(items.nth(2), target_position={"x": 40, "y": 60})
    expect(page.locator("#order-status")).to_contain_text("새 순서를 저장했어요")
    dragged = [int(i) for i in items.evaluate_all("(els) => els.map((el) => el.dataset.id)")]
    assert dragged != before and dragged.index(first_item.id) > 0
    db.session.rollback()  # end the test's read snapshot: the server saved in its own transaction
    assert [i.id for i in program_items(event)] == dragged
    page.reload()
    assert [int(i) for i in page.locator("#run-editor li[data-id]").evaluate_all(
        "(els) => els.map((el) => el.dataset.id)")] == dragged
    place = dragged.index(first_item.id)

    page.locator(f"#item-{first_item.id} button[value=up]").click()  # the no-JS path, in a real browser too
    expect(page.locator("#run-editor li[data-id]").nth(place - 1)).to_have_attribute("data-id", str(first_item.id))

    page.goto(f"{live_server}/manage/events/shared-parenting/program/preview?lang=both")
    expect(page.locator(".program .pg")).to_have_count(6)
    screenshot(page, "program-preview-both")

    page.goto(f"{live_server}/manage/events/shared-parenting/program")
    page.select_option("#layout", "a5")
    page.select_option("#lang", "ko")
    page.get_by_role("button", name="이 PDF 게시하기").click()
    expect(page.locator(".flash-success").first).to_contain_text("프로그램을 게시했어요")

    family = phone("ko")
    family.goto(f"{live_server}/events/shared-parenting/program")
    expect(family.locator(".cover-title")).to_contain_text("독박육아")
    screenshot(family, "program-public-ko")
    response = family.request.get(f"{live_server}/events/shared-parenting/program.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
