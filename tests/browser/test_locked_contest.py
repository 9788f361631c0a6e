"""The judge's keys after clicking the video, the locked queue's one message, and the screening's end card
in the organizer's player and in the offline package (the same static/js/screening.js)."""

from __future__ import annotations

import io
import zipfile

from playwright.sync_api import expect
from sqlalchemy import select

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.judging.lock import lock_results
from showcase.judging.models import Score
from showcase.judging.scoring import judge_queue, save_scores
from tests.browser.test_judging_journey import _sign_in
from tests.judging.factories import make_entries, make_judges, make_rubric


def test_keys_score_after_clicking_the_video_but_not_while_typing(live_server, desktop, screenshot, make_event,
                                                                   make_user, tmp_path):
    event = make_event(communities=2)
    rubric = make_rubric(event, weights=(2.0, 1.0))
    make_entries(event, media_dir=tmp_path / "media")
    judge = make_judges(event, make_user, 1)[0]
    first, second = judge_queue(event, judge).entries
    page = desktop("ko")
    _sign_in(page, live_server, judge.email, f"/judge/{event.slug}/entries/{first.id}")
    video = page.locator("video.vertical-player")
    video.click()  # the judge starts the film: focus is on the video now
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'VIDEO'")
    page.keyboard.press("7")
    expect(page.locator("fieldset.criterion").nth(0).locator("input:checked")).to_have_value("7")
    video.focus()  # (a second click soon after the first would be a double-click: full screen)
    page.keyboard.press("5")
    expect(page.locator("fieldset.criterion").nth(1).locator("input:checked")).to_have_value("5")
    # typing digits in the comment writes them; no score changes
    page.locator("#comment").click()
    page.keyboard.type("10 2")
    expect(page.locator("#comment")).to_have_value("10 2")
    expect(page.locator("fieldset.criterion").nth(0).locator("input:checked")).to_have_value("7")
    screenshot(page, "judging-keys-after-video-ko")
    video.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/entries/{second.id}")
    db.session.commit()
    values = db.session.scalars(select(Score.value).where(Score.judge_id == judge.id, Score.submission_id == first.id)
                                .order_by(Score.criterion_id)).all()
    assert values == [7, 5]
    assert rubric


def test_locked_queue_says_one_thing(live_server, desktop, screenshot, make_event, make_user, tmp_path):
    event = make_event(communities=7)
    rubric = make_rubric(event)
    entries = make_entries(event, media_dir=tmp_path / "media")
    judge = make_judges(event, make_user, 1)[0]
    for i, entry in enumerate(entries):
        save_scores(event, judge, entry.id, {c.id: 10 - i for c in rubric})
    lock_results(event, make_user(Role.ORGANIZER))
    page = desktop("en")
    _sign_in(page, live_server, judge.email, f"/judge/{event.slug}/")
    expect(page.locator("p.window")).to_contain_text("The results are locked")
    expect(page.get_by_text("revise")).to_have_count(0)
    screenshot(page, "judging-queue-locked-en")


def test_screening_ends_on_an_end_card_online_and_in_the_offline_package(live_server, desktop, screenshot, browser,
                                                                          make_event, make_user, tmp_path):
    event = make_event(communities=7)
    rubric = make_rubric(event)
    entries = make_entries(event, media_dir=tmp_path / "media")
    judge = make_judges(event, make_user, 1)[0]
    for i, entry in enumerate(entries):
        save_scores(event, judge, entry.id, {c.id: 10 - i for c in rubric})
    organizer = make_user(Role.ORGANIZER)
    lock_results(event, organizer)
    admin = desktop("ko")
    _sign_in(admin, live_server, organizer.email, f"/manage/events/{event.slug}/screening")
    expect(admin.locator("#help")).to_contain_text("다음")
    for _ in range(5):
        admin.keyboard.press("ArrowRight")
    expect(admin.locator("#card-order")).to_have_text("6 / 6")
    admin.keyboard.press(" ")
    expect(admin.locator("#end-card")).to_be_visible(timeout=8000)
    expect(admin.locator("#screen")).to_be_hidden()
    expect(admin.locator("body")).to_have_attribute("data-state", "finished")
    screenshot(admin, "screening-end-card-ko")
    admin.keyboard.press("ArrowLeft")  # back to the last film's card
    expect(admin.locator("#card-order")).to_have_text("6 / 6")

    # the offline package plays with the same player from the unzipped folder
    response = admin.request.get(f"{live_server}/manage/events/{event.slug}/screening.zip")
    assert response.ok
    folder = tmp_path / "package"
    zipfile.ZipFile(io.BytesIO(response.body())).extractall(folder)
    [index] = list(folder.glob("*/index.html"))
    script = (index.parent / "screening.js").read_text(encoding="utf-8")
    assert "end-card" in script and "_PLAYLIST_JS" not in script
    offline = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 720})
    try:
        page = offline.new_page()
        page.goto(index.as_uri())
        expect(page.locator("#card-order")).to_have_text("1 / 6")
        expect(page.locator("#help")).to_contain_text("전체 화면")
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.keyboard.press(" ")
        expect(page.locator("#end-card")).to_be_visible(timeout=8000)
        screenshot(page, "screening-package-end-card-ko")
    finally:
        offline.close()


def test_a_finalist_team_sees_on_its_phone_that_the_video_is_kept(live_server, phone, screenshot, make_event,
                                                                   make_user, tmp_path):
    from showcase.submissions.links import issue_link

    event = make_event(communities=7)
    rubric = make_rubric(event)
    entries = make_entries(event, media_dir=tmp_path / "media")
    judge = make_judges(event, make_user, 1)[0]
    for i, entry in enumerate(entries):
        save_scores(event, judge, entry.id, {c.id: 10 - i for c in rubric})
    lock_results(event, make_user(Role.ORGANIZER))
    url = issue_link(entries[0].community)
    page = phone("ko")
    page.goto(url.replace("http://showcase.test", live_server))
    expect(page.locator("#finalist-locked")).to_contain_text("결선")
    expect(page.locator("#upload-form")).to_have_count(0)
    screenshot(page, "team-finalist-locked-ko")
