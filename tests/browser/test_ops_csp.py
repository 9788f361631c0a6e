"""The Content-Security-Policy (no inline scripts or styles) breaks none of the main pages in Chromium."""

from __future__ import annotations

from showcase.auth.models import Role
from showcase.events.rsvp_tokens import manage_token, ticket_token
from tests.conftest import PASSWORD
from tests.judging.factories import make_entries, make_judges, make_rubric

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _watch(page, seen: list[str]) -> None:
    page.add_init_script(WATCH_VIOLATIONS)
    page.on("console", lambda msg: seen.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)


def _visit(page, url: str, seen: list[str]) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    seen.extend(f"{url}: {v}" for v in page.evaluate("window.__cspViolations"))


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def test_main_pages_raise_no_csp_violation(live_server, phone, desktop, screenshot, make_event, make_rsvp,
                                           make_user):
    event = make_event(slug="shared-parenting", communities=3)
    rsvp = make_rsvp(event, adults=2, children=1)
    entries = make_entries(event)
    make_rubric(event)
    judge = make_judges(event, make_user, 1)[0]
    staff, organizer = make_user(Role.STAFF), make_user(Role.ORGANIZER)
    seen: list[str] = []

    family = phone("ko")
    _watch(family, seen)
    for path in ("/", f"/events/{event.slug}", f"/t/{ticket_token(rsvp)}", f"/rsvp/{manage_token(rsvp)}"):
        _visit(family, live_server + path, seen)
    family.locator("button[type=submit]").first.wait_for()  # the manage page's forms rendered
    family.get_by_role("link", name="내 정보 삭제").click()
    family.wait_for_load_state()
    screenshot(family, "ops-delete-my-data-ko")
    _visit(family, live_server + "/privacy", seen)
    screenshot(family, "ops-privacy-notice-ko")

    door = phone("ko")
    _watch(door, seen)
    _sign_in(door, live_server, staff.email)
    _visit(door, f"{live_server}/door/{event.slug}", seen)

    jury = desktop("en")
    _watch(jury, seen)
    _sign_in(jury, live_server, judge.email)
    _visit(jury, f"{live_server}/judge/{event.slug}/entries/{entries[0].id}", seen)

    office = desktop("ko")
    _watch(office, seen)
    _sign_in(office, live_server, organizer.email)
    for path in ("/manage/", f"/manage/events/{event.slug}/households", f"/manage/events/{event.slug}/arrivals",
                 f"/manage/events/{event.slug}/program", f"/manage/events/{event.slug}/judging"):
        _visit(office, live_server + path, seen)

    assert not seen, "\n".join(seen)
