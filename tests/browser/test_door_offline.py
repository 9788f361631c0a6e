"""The venue's Wi-Fi drops for half an hour: two door phones keep admitting from the door list
kept on each phone, one reloads its page while offline, and when the network returns both send
their queues. Then the server's attendance equals exactly the people let in, no household is
counted twice, the household let in at both doors is shown as a conflict on the doors and on
the organizer's arrivals page, forged codes were refused offline, and nothing queued was lost.

"Offline" here is thorough: the server is stopped, both contexts are set offline and every
request they make is aborted (context.set_offline alone may not stop a service worker's fetches).
Time passes on Playwright's clock (30 simulated minutes), not in real time.
"""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from showcase.auth.models import Role
from showcase.checkin.models import Admission
from showcase.database import utcnow
from showcase.events import rsvp_tokens
from showcase.events.models import Rsvp
from showcase.events.needs import Needs
from showcase.extensions import db
from showcase.urls import absolute_url
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_checkin_door import REFUSED_CAMERA, _sign_in

EXPECT_MS = 15_000


class RestartableServer:
    """The app over real HTTP on one port that can be stopped (the Wi-Fi drops) and started again."""

    def __init__(self, app):
        self.app, self.port = app, 0
        self.start()
        self.base_url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def _abort(route):
    route.abort("internetdisconnected")


def _cut(context) -> None:
    context.set_offline(True)
    context.route("**", _abort)


def _restore(context) -> None:
    context.unroute("**", _abort)
    context.set_offline(False)


class Door:
    """One door phone and what it let in."""

    def __init__(self, page):
        self.page = page
        self.verdict = page.locator("#verdict")
        self.root = page.locator("#door")
        self.queued = 0

    def scan(self, url: str, result: str, focus_search: bool = False) -> None:
        if focus_search:
            self.page.locator("#search-input").focus()
        self.page.keyboard.type(url + "\n")
        expect(self.verdict).to_have_attribute("data-result", result, timeout=EXPECT_MS)
        if result in ("admitted", "partially_admitted"):
            self.queued += 1
        expect(self.root).to_have_attribute("data-pending", str(self.queued))

    def fewer(self, people: int, total: int) -> None:
        self.verdict.get_by_role("button", name=f"{people}명 입장", exact=True).click()
        expect(self.verdict.locator(".verdict-title")).to_have_text(f"{total}명 중 {people}명 입장")
        expect(self.verdict).to_have_attribute("data-result", "partially_admitted")

    def close(self) -> None:
        self.verdict.locator(".close").click()
        expect(self.verdict).to_be_hidden()


def test_two_doors_offline_for_half_an_hour_then_every_admission_counts_once(
        app, phone, desktop, screenshot, make_event, make_rsvp, make_user):
    server = RestartableServer(app)
    previous_base = app.config["BASE_URL"]
    app.config["BASE_URL"] = server.base_url
    try:
        _run(app, server, phone, desktop, screenshot, make_event, make_rsvp, make_user)
    finally:
        server.stop()
        app.config["BASE_URL"] = previous_base


def _run(app, server, phone, desktop, screenshot, make_event, make_rsvp, make_user):
    base = server.base_url
    event = make_event(slug="shared-parenting", capacity=400, title_ko="함께 키우는 육아 이야기",
                       starts_at=utcnow() - timedelta(minutes=10), offered_needs="wheelchair,allergy")

    def household(n: int):
        return make_rsvp(event, contact_name=f"가족{n:03d}", adults=1 + n % 2, children=n % 3, infants=int(n % 5 == 0),
                         phone=f"010-5{n:03d}-{1000 + n:04d}", source="organizer",
                         needs=Needs(wheelchair=n == 0, allergy="땅콩" if n == 0 else ""), photo_consent=n == 0)

    only_a = [household(n) for n in range(40)]          # let in at door 1 only
    only_b = [household(n) for n in range(40, 74)]      # let in at door 2 only
    both = [household(n) for n in range(74, 77)]        # let in at both doors: a conflict each
    partial = [make_rsvp(event, contact_name=f"나눠온가족{n}", adults=2, children=2, source="organizer") for n in range(6)]  # 2, then 2
    split = make_rsvp(event, contact_name="두입구가족", adults=2, children=1, source="organizer")   # 1 at door 1, all 3 at door 2
    forged = [f"{base}/t/{secrets.token_urlsafe(32)}" for _ in range(5)]      # our URL shape, no such ticket

    def url(rsvp):
        return absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(rsvp))

    staff = [make_user(Role.STAFF, name="Door 1"), make_user(Role.STAFF, name="Door 2")]
    offline_from = utcnow() - timedelta(minutes=40)     # the phones' clocks: 30 minutes of it pass offline
    doors = []
    for user in staff:
        page = phone("ko")
        page.add_init_script(REFUSED_CAMERA)
        page.context.clock.install(time=offline_from)
        _sign_in(page, base, user.email)
        page.goto(f"{base}/door/shared-parenting")
        door = Door(page)
        expect(door.root).to_have_attribute("data-offline-ready", "true", timeout=EXPECT_MS)
        expect(page.locator("#sync-status")).to_contain_text("온라인")
        doors.append(door)
    a, b = doors
    screenshot(a.page, "door-offline-ready-ko")

    # ---- the Wi-Fi drops ----------------------------------------------------------------------
    server.stop()
    for door in doors:
        _cut(door.page.context)
        expect(door.root).to_have_attribute("data-connection", "offline")
    expect(a.page.locator("#sync-status")).to_contain_text("오프라인")
    screenshot(a.page, "door-offline-ko")

    for n, rsvp in enumerate(only_a[:20]):
        a.scan(url(rsvp), "admitted")
        if n == 0:
            expect(a.verdict).to_have_attribute("data-offline", "true")
            expect(a.verdict.locator(".verdict-title")).to_have_text(f"{rsvp.party_size}명 입장")
            # the list on the phone tells staff the yes/no needs and the photo consent, never the notes
            expect(a.verdict.locator(".verdict-needs")).to_have_text("휠체어")
            expect(a.verdict.locator(".verdict-nophoto")).to_be_hidden()
            screenshot(a.page, "door-offline-verdict-ko")
        if n == 1:
            expect(a.verdict.locator(".verdict-nophoto")).to_be_visible()
            expect(a.verdict.locator(".verdict-needs")).to_be_hidden()
        a.close()
    for rsvp in partial:
        a.scan(url(rsvp), "admitted")
        a.fewer(2, 4)                                    # only two came; the queued admission is changed
        a.close()
    a.scan(url(split), "admitted")
    a.fewer(1, 3)
    a.close()
    for code in forged[:3]:
        a.scan(code, "not_found")                        # refused on the phone: not on the list
        a.close()
    for rsvp in both:
        a.scan(url(rsvp), "admitted")
        a.close()
    a.page.context.clock.fast_forward("10:00")
    expect(a.page.locator("#sync-status")).to_contain_text(f"{a.queued}건 전송 대기")
    screenshot(a.page, "door-offline-waiting-ko")

    # door 1 reloads its page with no network: the page, its list and its queue are on the phone
    a.page.reload()
    expect(a.root).to_have_attribute("data-pending", str(a.queued), timeout=EXPECT_MS)
    expect(a.root).to_have_attribute("data-offline-ready", "true", timeout=EXPECT_MS)
    expect(a.root).to_have_attribute("data-connection", "offline")
    for rsvp in only_a[20:]:
        a.scan(url(rsvp), "admitted")
        a.close()
    for rsvp in partial:                                 # the other two arrive later
        a.scan(url(rsvp), "admitted")
        expect(a.verdict.locator(".verdict-title")).to_have_text("2명 입장")
        a.close()
    a.scan(url(only_a[0]), "already_admitted")            # the list on the phone knows who is in
    a.close()

    for n, rsvp in enumerate(only_b):
        b.scan(url(rsvp), "admitted", focus_search=(n == 5))   # a scanner typing into the search box scans
        b.close()
        if n == 5:
            expect(b.page.locator("#search-input")).to_have_value("")
        if n % 10 == 9:
            b.page.context.clock.fast_forward("05:00")
    for rsvp in both:
        b.scan(url(rsvp), "admitted")                    # door 2 cannot know door 1 let them in
        b.close()
    b.scan(url(split), "admitted")
    b.close()
    for code in forged[3:]:
        b.scan(code, "not_found")
        b.close()
    b.page.locator("#walkin-panel summary").click()      # a walk-in with a name only
    b.page.fill("#walkin-name", "이름만가족")
    b.page.locator("#walkin input[name=children]").fill("1")
    b.page.get_by_role("button", name="등록하고 입장").click()
    expect(b.verdict).to_have_attribute("data-offline", "true")
    b.queued += 1
    expect(b.root).to_have_attribute("data-pending", str(b.queued))
    b.close()
    a.page.context.clock.fast_forward("20:00")           # 30 simulated minutes offline at each door
    b.page.context.clock.fast_forward("15:00")
    assert a.queued + b.queued == 95                      # plus 5 forged codes: 100 scans and a walk-in

    # ---- the network returns: door 1 first, then door 2 -----------------------------------------
    server.start()
    _restore(a.page.context)
    expect(a.root).to_have_attribute("data-pending", "0", timeout=60_000)
    expect(a.page.locator("#sync-status")).to_contain_text("모든 입장이 서버에 저장됨")
    a.page.evaluate("window.scrollTo(0, 0)")
    screenshot(a.page, "door-synced-ko")
    _restore(b.page.context)
    expect(b.root).to_have_attribute("data-pending", "0", timeout=60_000)
    expect(b.page.locator("#conflicts li.conflict")).to_have_count(4, timeout=EXPECT_MS)
    expect(b.page.locator("#conflicts")).to_contain_text("두입구가족: 입구 2")
    expect(b.verdict).to_have_attribute("data-conflict", "true")   # door 2 is told as its queue is sent
    expect(b.verdict.locator(".verdict-title")).to_have_text("확인 필요: 두 입구에서 입장")
    b.page.screenshot(path=str(SCREENSHOTS / "door-conflict-verdict-ko.png"))   # the verdict as the phone shows it
    b.close()
    b.page.evaluate("window.scrollTo(0, 0)")
    screenshot(b.page, "door-conflict-ko")
    expect(a.page.locator("#conflicts li.conflict")).to_have_count(4, timeout=EXPECT_MS)   # both doors see it

    # ---- the server's count is exact ---------------------------------------------------------
    db.session.rollback()
    walk_in = db.session.scalar(select(Rsvp).where(Rsvp.event_id == event.id, Rsvp.contact_name == "이름만가족"))
    expected = {r.id: r.party_size for r in only_a + only_b + both + partial + [split, walk_in]}
    counted = dict(db.session.execute(select(Admission.rsvp_id, func.sum(Admission.people)).where(
        Admission.event_id == event.id, Admission.undone_at.is_(None)).group_by(Admission.rsvp_id)).all())
    assert counted == expected, "every household counted exactly once, in full"
    stored = db.session.scalar(select(func.count(Admission.id)).where(Admission.event_id == event.id,
                                                                      Admission.client_id.is_not(None)))
    assert stored == a.queued + b.queued, "nothing queued was lost, nothing applied twice"
    conflicts = dict(db.session.execute(select(Admission.rsvp_id, Admission.people).where(
        Admission.event_id == event.id, Admission.conflict.is_(True))).all())
    assert conflicts == {**{r.id: 0 for r in both}, split.id: 2}
    partial_rows = [sorted(p for p, in db.session.execute(select(Admission.people).where(
        Admission.rsvp_id == r.id)).all()) for r in partial]
    assert partial_rows == [[2, 2]] * len(partial)
    first = db.session.scalar(select(func.min(Admission.created_at)).where(Admission.event_id == event.id))
    assert first < utcnow() - timedelta(minutes=25), "admissions keep the time they happened, not the sync"

    organizer = make_user(Role.ORGANIZER)
    page = desktop("ko")
    _sign_in(page, base, organizer.email)
    page.goto(f"{base}/manage/events/shared-parenting/arrivals")
    expect(page.locator('[data-count="admitted"]')).to_have_text(str(sum(expected.values())))
    expect(page.locator(".conflict-row")).to_have_count(4)
    screenshot(page, "door-arrivals-conflicts-ko")

    # signing out takes the door list (names, party make-up) off the phone
    databases = "async () => (await indexedDB.databases()).map(d => d.name).filter(n => n.startsWith('showcase-door:'))"
    assert a.page.evaluate(databases) == ["showcase-door:shared-parenting"]
    a.page.get_by_role("button", name="로그아웃").click()
    expect(a.page.locator(".flash-info")).to_be_visible()
    assert a.page.evaluate(databases) == []
