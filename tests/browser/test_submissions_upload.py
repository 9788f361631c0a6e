"""A team leader uploads the team's video on a phone in Korean: the progress bar moves, the state
becomes ready and the video plays in the page; the organizer then sees it in the review grid."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.auth.models import Role
from showcase.extensions import db
from showcase.submissions.links import issue_link
from showcase.submissions.models import ProcessingState, Submission
from tests.conftest import PASSWORD
from tests.live_server import wait_until_idle
from tests.submissions.media import make_video, pad_mp4

# Chromium drops range requests for video mid-transfer; werkzeug's development server (not gunicorn)
# then leaves the served file to the garbage collector, which Python reports as an unraisable warning.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning",
                                        "ignore::ResourceWarning")


def test_team_uploads_on_a_phone_sees_progress_then_ready_and_plays_the_video(
        live_server, phone, desktop, screenshot, make_event, make_user, tmp_path):
    event = make_event(slug="shared-parenting", communities=2)
    team = event.communities[0]
    url = issue_link(team)
    assert url.startswith(live_server)
    video = pad_mp4(make_video(tmp_path / "source.mp4", width=360, height=640, seconds=3, fps=15),
                    tmp_path / "우리 동네 공동육아.mp4", 4 * 1024 * 1024)

    page = phone("ko")
    page.goto(url)
    expect(page.locator("h1")).to_have_text(team.name)
    expect(page.locator(".window.open")).to_contain_text("까지 영상을 올릴 수 있습니다")
    page.fill("#title_ko", "함께 키우는 우리 동네")
    page.fill("#title_en", "Raising Kids Together")
    page.fill("#description", "주말마다 함께 아이들을 돌본 이야기입니다.")
    page.set_input_files("#file", str(video))

    # Sending without consent is stopped in the page, in Korean.
    page.get_by_role("button", name="올리기").click()
    expect(page.locator("#consent-error")).to_contain_text("동의")
    page.check("#consent")
    screenshot(page, "submissions-upload-form-ko")

    # A mobile-data-like uplink (about 1.5 MB/s) so the progress bar is seen moving.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                  "downloadThroughput": 10_000_000, "uploadThroughput": 1_500_000})
    page.get_by_role("button", name="올리기").click()
    page.wait_for_function("() => { const v = document.getElementById('upload-bar').value; return v > 5 && v < 95; }")
    expect(page.locator("#upload-speed")).to_contain_text("/s")
    middle = page.evaluate("document.getElementById('upload-bar').value")
    screenshot(page, "submissions-upload-progress-ko")
    assert 0 < middle < 100

    # Processing ran; the page shows the ready video, which plays in the page.
    expect(page.locator("#state-label")).to_have_text("준비 완료", timeout=30_000)
    player = page.locator("video.player")
    expect(player).to_have_attribute("poster", f"/team/{url.rsplit('/', 1)[1]}/poster.jpg?v=1")
    page.evaluate("document.querySelector('video.player').muted = true")
    page.evaluate("document.querySelector('video.player').play()")
    page.wait_for_function("() => document.querySelector('video.player').currentTime > 0.5", timeout=15_000)
    assert page.evaluate("document.querySelector('video.player').videoHeight") == 640
    screenshot(page, "submissions-ready-playing-ko")

    db.session.rollback()  # see what the server committed
    submission = db.session.scalar(db.select(Submission))
    assert submission.state == ProcessingState.READY and submission.original_filename == "우리 동네 공동육아.mp4"

    english = phone("en")
    english.goto(url)
    expect(english.locator("#state-label")).to_have_text("Ready")
    screenshot(english, "submissions-ready-en")

    make_user(Role.ORGANIZER, email="org@example.com")
    organizer = desktop("ko")
    organizer.goto(f"{live_server}/login")
    organizer.fill("#email", "org@example.com")
    organizer.fill("#password", PASSWORD)
    organizer.locator("form button[type=submit]").last.click()
    organizer.goto(f"{live_server}/manage/events/shared-parenting/submissions")
    card = organizer.locator(f"#entry-{submission.id}")
    expect(card).to_contain_text("함께 키우는 우리 동네")
    expect(card.locator("img")).to_have_js_property("complete", True)
    assert card.locator("img").evaluate("img => img.naturalWidth") == 360
    screenshot(organizer, "submissions-review-grid-ko")


def test_upload_can_be_cancelled_and_nothing_is_kept(app, live_server, phone, make_event, tmp_path):
    event = make_event(communities=1)
    url = issue_link(event.communities[0])
    video = pad_mp4(make_video(tmp_path / "source.mp4", seconds=2), tmp_path / "big.mp4", 6 * 1024 * 1024)
    page = phone("en")
    page.goto(url)
    page.fill("#title_ko", "취소할 영상")
    page.set_input_files("#file", str(video))
    page.check("#consent")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                  "downloadThroughput": 10_000_000, "uploadThroughput": 500_000})
    page.get_by_role("button", name="Upload").click()
    page.wait_for_function("() => document.getElementById('upload-bar').value > 2")
    page.get_by_role("button", name="Cancel upload").click()
    expect(page.locator("#upload-message")).to_have_text("Upload cancelled. Nothing was kept.")
    expect(page.locator("#upload-progress")).to_be_hidden()
    wait_until_idle(app)    # the server has finished with the abandoned upload request
    db.session.rollback()  # see what the server committed
    assert db.session.scalar(db.select(db.func.count(Submission.id))) == 0


def test_organizer_makes_a_team_link_to_send(live_server, desktop, screenshot, make_event, make_user):
    event = make_event(slug="links", communities=3)
    team = event.communities[0]
    team.leader_email, team.leader_phone, team.leader_name = "leader@example.com", "+821012345678", "김리더"
    db.session.commit()
    make_user(Role.ORGANIZER, email="org2@example.com")
    page = desktop("ko")
    page.goto(f"{live_server}/login")
    page.fill("#email", "org2@example.com")
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(f"{live_server}/manage/events/links/teams")
    screenshot(page, "submissions-teams-ko")
    page.locator(f"#team-{team.id}").get_by_role("button", name="링크 만들기").click()
    link = page.locator("#team-link").input_value()
    assert link.startswith(f"{live_server}/team/")
    expect(page.get_by_role("link", name="leader@example.com(으)로 이메일 보내기")).to_be_visible()
    screenshot(page, "submissions-link-issued-ko")
    team_page = desktop("ko")
    team_page.goto(link)
    expect(team_page.locator("h1")).to_have_text(team.name)
