"""A judge scores three entries with the keyboard and sees the progress; the organizer locks the results;
the screening page plays the finalists (real MP4s made with PyAV)."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.judging.models import Finalist, Score
from showcase.judging.scoring import judge_queue, save_scores
from tests.conftest import PASSWORD
from tests.judging.factories import make_entries, make_judges, make_rubric


def _sign_in(page, base: str, email: str, then: str) -> None:
    page.goto(f"{base}/login?next={then}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("button[type=submit].primary").click()
    page.wait_for_url(f"**{then}")


def test_judge_scores_with_the_keyboard_organizer_locks_and_the_screening_plays(
        live_server, desktop, screenshot, make_event, make_user, tmp_path):
    event = make_event(slug="shared-parenting", communities=7)
    rubric = make_rubric(event, weights=(3.0, 2.0, 2.0, 2.0, 1.0))
    entries = make_entries(event, media_dir=tmp_path / "media-src")
    judge, *others = make_judges(event, make_user, 3)
    for j, other in enumerate(others):  # two judges who agree: entry i gets 10 - i
        for i, entry in enumerate(entries):
            save_scores(event, other, entry.id, {c.id: max(1, 10 - i - j) for c in rubric})
    order = [s.id for s in judge_queue(event, judge).entries]

    page = desktop("ko")
    _sign_in(page, live_server, judge.email, f"/judge/{event.slug}/")
    expect(page.locator(".progress-label")).to_have_text("7개 중 0개 채점")
    page.locator("a.button.primary").click()
    for n in range(3):
        page.wait_for_url(f"**/entries/{order[n]}")
        expect(page.locator("video.vertical-player")).to_have_attribute(
            "poster", f"/judge/{event.slug}/entries/{order[n]}/poster.jpg?v=1")
        # five criteria: 8, 7, 9, 0 (=10), 6 – each digit scores the current criterion and moves on
        page.keyboard.type("8790")
        page.keyboard.press("ArrowUp")      # back to the fourth criterion…
        page.keyboard.press("ArrowLeft")    # …lower it from 10 to 9
        page.keyboard.press("ArrowDown")
        page.keyboard.press("6")
        expect(page.locator("fieldset.criterion").nth(3).locator("input:checked")).to_have_value("9")
        if n == 2:
            screenshot(page, "judging-entry-keyboard-ko")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/entries/{order[n + 1]}")
        expect(page.locator(".progress-label")).to_have_text(f"7개 중 {n + 1}개 채점")
    screenshot(page, "judging-progress-ko")
    db.session.commit()  # end the test's read snapshot: the server wrote in its own transactions
    values = db.session.scalars(select(Score.value).where(Score.judge_id == judge.id)
                                .order_by(Score.submission_id, Score.criterion_id)).all()
    assert len(values) == 15 and sorted(set(values)) == [6, 7, 8, 9]
    # the judge's screen never shows the ranking or other judges' scores
    page.goto(f"{live_server}/manage/events/{event.slug}/results")
    expect(page.locator("h1")).to_contain_text("접근할 수 없음")

    organizer = make_user(Role.ORGANIZER)
    admin = desktop("en")
    _sign_in(admin, live_server, organizer.email, f"/manage/events/{event.slug}/results")
    expect(admin.locator(".results-table tbody tr")).to_have_count(7)
    screenshot(admin, "judging-results-en")
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.locator("#lock-button").click()
    expect(admin.locator("#lock-record")).to_contain_text("Locked by")
    expect(admin.locator(".screening-order li")).to_have_count(6)
    screenshot(admin, "judging-locked-en")
    db.session.commit()  # end the test's read snapshot: the server wrote in its own transactions
    assert db.session.scalar(select(func.count(Finalist.id))) == 6

    admin.goto(f"{live_server}/manage/events/{event.slug}/screening")
    first, second = (db.session.get(Finalist, i).submission for i in (1, 2))
    expect(admin.locator("#card-title")).to_have_text(first.title_en)
    expect(admin.locator("#card-team")).to_have_text(first.community.name)
    screenshot(admin, "judging-screening-card-en")
    admin.keyboard.press(" ")   # start now rather than after the card's five seconds
    admin.wait_for_function("() => { const v = document.getElementById('screen'); return !v.hidden && v.currentTime > 0.2; }")
    screenshot(admin, "judging-screening-playing-en")
    admin.keyboard.press(" ")   # pause
    admin.wait_for_function("() => document.getElementById('screen').paused")
    admin.keyboard.press("ArrowRight")
    expect(admin.locator("#card-title")).to_have_text(second.title_en)
    admin.keyboard.press("ArrowLeft")
    expect(admin.locator("#card-title")).to_have_text(first.title_en)
    admin.keyboard.press(" ")
    # the one-second video ends and the player moves on to the next title card by itself
    expect(admin.locator("#card-title")).to_have_text(second.title_en, timeout=8000)
    expect(admin.locator("#card-order")).to_have_text("2 / 6")
