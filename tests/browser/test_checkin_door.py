"""Door staff on a phone: a (faked) camera shows a real ticket's QR code and the door screen
admits the party; shown again it says "already admitted"; a keyboard-wedge scanner, partial
admission, search, and the red verdicts; the camera refused. Screenshots of every verdict.

The camera is a canvas captureStream() put in place of getUserMedia before the page loads, so
the QR image (made here with the qrcode library from the ticket URL) is what jsQR decodes.
"""

from __future__ import annotations

import base64
import io

import qrcode
from playwright.sync_api import expect

from showcase.auth.models import Role
from showcase.events import rsvp_changes, rsvp_tokens
from showcase.urls import absolute_url
from tests.conftest import PASSWORD

FAKE_CAMERA = """
(() => {
  const canvas = document.createElement("canvas");
  canvas.width = 640; canvas.height = 480;
  const ctx = canvas.getContext("2d");
  let image = null;
  function paint() {
    ctx.fillStyle = "#777"; ctx.fillRect(0, 0, 640, 480);
    if (image) { ctx.fillStyle = "#fff"; ctx.fillRect(150, 70, 340, 340); ctx.drawImage(image, 160, 80, 320, 320); }
  }
  setInterval(paint, 50);
  paint();
  window.fakeCamera = {
    blankScans: 0,   // scans since blank() in which the door screen's decoder found no code
    show(dataUrl) { const img = new Image(); img.onload = () => { image = img; }; img.src = dataUrl; },
    blank() { image = null; this.blankScans = 0; },
    watchDecoder() {   // count the door screen's scans that see no code (jsQR loads with the page)
      const decode = window.jsQR;
      window.jsQR = (...args) => {
        const found = decode(...args);
        if (!image && !(found && found.data)) window.fakeCamera.blankScans += 1;
        return found;
      };
    },
  };
  navigator.mediaDevices.getUserMedia = async () => canvas.captureStream(20);
})();
"""

REFUSED_CAMERA = """
navigator.mediaDevices.getUserMedia = async () => { throw new DOMException("denied", "NotAllowedError"); };
"""


def _qr_data_url(text: str) -> str:
    buffer = io.BytesIO()
    qrcode.make(text, border=2).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _sign_in(page, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def test_door_screen_admits_by_camera_and_scanner_with_every_verdict(
        live_server, phone, screenshot, make_event, make_rsvp, make_user):
    event = make_event(slug="shared-parenting", capacity=9, title_ko="함께 키우는 육아 이야기")
    other_event = make_event(slug="other", capacity=5, title_ko="다른 행사")
    family = make_rsvp(event, contact_name="김하늘", adults=2, children=1, infants=1)
    second = make_rsvp(event, contact_name="박서준", adults=2, children=1, phone="010-3333-4321")
    gone = make_rsvp(event, contact_name="최취소", adults=1)
    rsvp_changes.cancel_rsvp(gone.id)
    make_rsvp(event, contact_name="정가득", adults=3)                       # 9 of 9 seats taken
    waiting = make_rsvp(event, contact_name="윤대기", adults=2)
    stranger = make_rsvp(other_event, contact_name="남다른", adults=1)
    staff = make_user(Role.STAFF, name="입구 1 Door 1")

    def url(rsvp):
        return absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(rsvp))

    page = phone("ko")
    page.clock.install()             # the same code is re-sent only after a pause; skip it, not sleep it
    page.add_init_script(FAKE_CAMERA)
    _sign_in(page, live_server, staff.email)
    page.goto(f"{live_server}/door/shared-parenting")
    expect(page.locator("#camera-status")).to_have_text("카메라를 티켓의 QR 코드에 비춰 주세요.")
    page.evaluate("window.fakeCamera.watchDecoder()")
    expect(page.locator('[data-count="expected_remaining"]')).to_have_text("10")
    screenshot(page, "door-ready-ko")

    verdict = page.locator("#verdict")
    page.evaluate("url => window.fakeCamera.show(url)", _qr_data_url(url(family)))
    expect(verdict).to_have_attribute("data-result", "admitted", timeout=5000)
    expect(verdict.locator(".verdict-title")).to_have_text("4명 입장")
    expect(verdict.locator(".verdict-household")).to_have_text("김하늘")
    expect(verdict.locator(".verdict-detail")).to_have_text("성인 2명, 어린이 1명, 영아 1명")
    screenshot(page, "door-verdict-admitted-ko")

    page.evaluate("window.fakeCamera.blank()")                  # the ticket leaves the camera …
    page.wait_for_function("() => window.fakeCamera.blankScans >= 3")
    page.clock.fast_forward(2700)                                # … for longer than the 2,500 ms pause
    page.evaluate("url => window.fakeCamera.show(url)", _qr_data_url(url(family)))   # … and comes back
    expect(verdict).to_have_attribute("data-result", "already_admitted", timeout=5000)
    expect(verdict.locator(".verdict-title")).to_have_text("이미 입장함")
    expect(verdict.locator(".verdict-detail")).to_contain_text("입구 1 (4명 중 4명)")
    screenshot(page, "door-verdict-already-admitted-ko")
    page.evaluate("window.fakeCamera.blank()")
    verdict.locator(".close").click()
    expect(page.locator('[data-count="admitted"]')).to_have_text("4")

    # A keyboard-wedge scanner types the code and Enter while nothing has focus.
    page.keyboard.type(url(second) + "\n")
    expect(verdict).to_have_attribute("data-result", "admitted")
    expect(verdict.locator(".verdict-title")).to_have_text("3명 입장")
    verdict.get_by_role("button", name="2명 입장").click()       # only two of the three came
    expect(verdict).to_have_attribute("data-result", "partially_admitted")
    expect(verdict.locator(".verdict-title")).to_have_text("3명 중 2명 입장")
    expect(verdict.locator(".verdict-detail")).to_have_text("1명은 아직 오지 않았어요.")
    screenshot(page, "door-verdict-partial-ko")
    verdict.locator(".close").click()
    expect(page.locator("#last-admission")).to_contain_text("박서준")   # still undoable from the screen

    for code, result, title, name in (
            ("https://example.com/not-a-ticket", "not_found", "알 수 없는 코드", "unknown"),
            (url(stranger), "wrong_event", "이 행사의 티켓이 아니에요", "wrong-event"),
            (url(gone), "cancelled", "취소됨", "cancelled"),
            (url(waiting), "waitlisted", "대기 중", "waitlisted")):
        page.keyboard.type(code + "\n")
        expect(verdict).to_have_attribute("data-result", result)
        expect(verdict.locator(".verdict-title")).to_have_text(title)
        screenshot(page, f"door-verdict-{name}-ko")
        verdict.locator(".close").click()

    # The third member of the second family arrives later: found by the last 4 phone digits.
    page.locator("#search-panel summary").click()
    page.fill("#search-input", "4321")
    result_row = page.locator("#search-results li").first
    expect(result_row).to_contain_text("박서준")
    screenshot(page, "door-search-ko")
    result_row.get_by_role("button", name="1명 입장").click()
    expect(verdict).to_have_attribute("data-result", "admitted")
    verdict.locator(".undo").click()                          # a mistaken tap, undone
    expect(verdict).to_have_attribute("data-result", "undone")
    screenshot(page, "door-verdict-undone-ko")
    verdict.locator(".close").click()
    expect(page.locator("#last-admission")).to_be_hidden()
    expect(page.locator('[data-count="admitted"]')).to_have_text("6")
    expect(page.locator('[data-count="expected_remaining"]')).to_have_text("4")
    expect(page.locator(".arrivals-chart rect.bar").first).to_be_attached()
    screenshot(page, "door-counts-ko")


def test_door_screen_in_english_and_a_refused_camera(live_server, phone, screenshot, make_event, make_rsvp,
                                                     make_user):
    event = make_event(slug="english-door", capacity=10)
    family = make_rsvp(event, contact_name="Jane Smith", adults=1, children=2)
    staff = make_user(Role.STAFF, name="Door 2")
    page = phone("en")
    page.add_init_script(REFUSED_CAMERA)
    _sign_in(page, live_server, staff.email)
    page.goto(f"{live_server}/door/english-door")
    expect(page.locator("#camera-status")).to_contain_text("The camera was refused")
    expect(page.locator("#camera-start")).to_be_visible()
    screenshot(page, "door-camera-refused-en")
    page.fill("#code-input", absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(family)))
    page.keyboard.press("Enter")
    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-result", "admitted")
    expect(verdict.locator(".verdict-title")).to_have_text("Admit 3")
    expect(verdict.locator(".verdict-detail")).to_have_text("1 adult, 2 children")
    screenshot(page, "door-verdict-admitted-en")
    verdict.locator(".close").click()

    # A family without an RSVP walks in while seats remain: registered and admitted at once.
    page.locator("#walkin-panel summary").click()
    page.fill("#walkin-name", "Min-jun Lee")
    page.fill("#walkin-phone", "010-8888-1234")
    page.locator("#walkin input[name=children]").fill("1")
    screenshot(page, "door-walk-in-form-en")
    page.get_by_role("button", name="Register and admit").click()
    expect(verdict).to_have_attribute("data-result", "admitted")
    expect(verdict.locator(".verdict-title")).to_have_text("Admit 2")
    expect(verdict.locator(".verdict-household")).to_have_text("Min-jun Lee")
    verdict.locator(".close").click()
    expect(page.locator('[data-count="walk_ins"]')).to_have_text("2")


def test_organizer_dashboard_shows_live_counts_and_the_no_show_release(
        live_server, desktop, screenshot, make_event, make_rsvp, make_user):
    from datetime import timedelta

    from showcase.checkin.core import admit_household
    from showcase.checkin.doors import Door
    from showcase.database import utcnow

    event = make_event(slug="dashboard", capacity=20, starts_at=utcnow() - timedelta(minutes=25))
    households = [make_rsvp(event, adults=2, children=n % 3, source="organizer") for n in range(6)]
    for minutes, rsvp in zip((22, 21, 14, 8, 3), households, strict=False):
        admit_household(event, rsvp.id, Door(name="Door 1"), now=utcnow() - timedelta(minutes=minutes))
    organizer = make_user(Role.ORGANIZER)
    page = desktop("ko")
    _sign_in(page, live_server, organizer.email)
    page.goto(f"{live_server}/manage/events/dashboard/arrivals")
    admitted = sum(r.party_size for r in households[:5])
    expect(page.locator('[data-count="admitted"]')).to_have_text(str(admitted))
    expect(page.locator(".arrivals-chart rect.bar").first).to_be_attached()
    bar_labels = page.locator(".arrivals-chart .bar-value").all_text_contents()
    assert sum(int(v) for v in bar_labels) == admitted and len(bar_labels) >= 4   # 5-minute bars add up
    expect(page.locator("main")).to_contain_text("아직 아무도 입장하지 않은 가구: 1가구")
    screenshot(page, "door-dashboard-ko")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="지금 해제").click()
    expect(page.locator(".flash-success")).to_contain_text("1가구의 좌석")
    expect(page.locator('[data-count="expected_remaining"]')).to_have_text("0")
    screenshot(page, "door-dashboard-released-ko")
