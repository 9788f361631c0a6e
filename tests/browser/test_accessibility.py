"""axe-core on every page a family, a team, a judge or door staff touches, in Korean and English, on a
390x844 phone: no serious or critical WCAG 2.x A/AA (or 2.2 AA) violation in any page state.

Also the WCAG 2.2 checks axe cannot make alone: targets of at least 24x24 CSS px on the RSVP, manage,
ticket and door pages, and a field focused after a form error not hidden under the sticky header.
Screenshots of the RSVP, manage, ticket and door pages go to artifacts/screenshots/a11y-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from showcase.auth.models import Role
from showcase.events import rsvp_tokens
from showcase.events.needs import Needs
from showcase.submissions.links import issue_link
from showcase.urls import absolute_url
from tests.browser.accessibility import assert_accessible, describe
from tests.conftest import PASSWORD
from tests.judging.factories import make_entries, make_judges, make_rubric

ALL_NEEDS = "wheelchair,stroller,nursing_room,sign_language,allergy,children_ages"

#: interactive things smaller than 24x24 CSS px (WCAG 2.5.8); inline links in a sentence are exempt
SMALL_TARGETS = """() => [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, summary, a.button, nav a')]
  .filter(el => el.offsetParent !== null && !el.closest('.visually-hidden'))
  .map(el => ({el, r: el.getBoundingClientRect()}))
  .filter(({r}) => r.width > 0 && (r.width < 24 || r.height < 24))
  .map(({el, r}) => `${el.tagName.toLowerCase()}#${el.id || ''}.${el.className || ''} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def _sign_in(page, base: str, email: str, then: str) -> None:
    page.goto(f"{base}/login?next={then}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("button[type=submit].primary").click()
    page.wait_for_url(f"**{then}")


def _check(page, state: str, failures: list[str], *, targets: bool = False) -> None:
    try:
        assert_accessible(page, state)
    except AssertionError as error:
        failures.append(str(error))
    if targets:
        small = page.evaluate(SMALL_TARGETS)
        if small:
            failures.append(f"targets under 24x24 on {state}: {small}")


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_every_family_team_judge_and_door_page_passes_axe(
        live_server, phone, screenshot, make_event, make_rsvp, make_user, locale):
    event = make_event(slug="shared-parenting", capacity=6, communities=3, offered_needs=ALL_NEEDS,
                       title_ko="함께 키우는 우리 아이, 독박육아 탈출! 공동육아 이야기",
                       title_en="Raising Our Children Together: Stories of Shared Parenting")
    family = make_rsvp(event, contact_name="김하늘", adults=2, children=2, infants=1, locale=locale,
                       community_id=event.communities[0].id, photo_consent=False,
                       accessibility_needs="휠체어 자리 부탁드려요",
                       needs=Needs(wheelchair=True, stroller=True, allergy="달걀", children_ages="3, 5"))
    make_rsvp(event, contact_name="박서준", adults=2, photo_consent=True)
    waiting = make_rsvp(event, contact_name="윤대기", adults=2, locale=locale)
    staff = make_user(Role.STAFF)
    make_rubric(event)
    make_entries(event, count=1)
    judge = make_judges(event, make_user, 1)[0]
    team_url = issue_link(event.communities[1])
    manage = absolute_url("events.manage_rsvp", token=rsvp_tokens.manage_token(family))
    ticket = absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(family))
    failures: list[str] = []

    page = phone(locale, bypass_csp=True)
    for path, state in [("/", "events"), ("/login", "sign-in"), ("/privacy", "privacy notice"),
                        ("/events/shared-parenting/gallery", "gallery"),
                        ("/events/shared-parenting/program", "program not yet published"),
                        ("/no-such-page", "not found")]:
        page.goto(live_server + path)
        _check(page, state, failures)

    page.goto(f"{live_server}/events/shared-parenting")
    _check(page, "RSVP form", failures, targets=True)
    screenshot(page, f"a11y-rsvp-{locale}")
    page.fill("#contact_name", "")
    page.fill("#adults", "1.5")
    page.locator("form.rsvp-form button[type=submit]").click()
    page.wait_for_load_state()
    # focus moves to the first field in error, and it is not under the sticky header
    page.wait_for_function("document.activeElement && document.activeElement.id === 'contact_name'")
    header_bottom = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    field_top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert field_top >= header_bottom, "the focused field is hidden under the sticky header"
    expect(page.locator(".flash-error[role=alert]")).to_be_visible()
    _check(page, "RSVP form with errors", failures, targets=True)
    screenshot(page, f"a11y-rsvp-errors-{locale}")

    page.goto(manage)
    _check(page, "manage page (confirmed)", failures, targets=True)
    screenshot(page, f"a11y-manage-{locale}")
    page.goto(absolute_url("events.manage_rsvp", token=rsvp_tokens.manage_token(waiting)))
    _check(page, "manage page (waitlisted)", failures, targets=True)
    page.goto(absolute_url("privacy.delete_my_data", token=rsvp_tokens.manage_token(family)))
    _check(page, "delete my data", failures)
    page.goto(ticket)
    _check(page, "ticket", failures, targets=True)
    screenshot(page, f"a11y-ticket-{locale}")
    page.goto(team_url)
    _check(page, "team upload page", failures)

    judge_page = phone(locale, bypass_csp=True)
    _sign_in(judge_page, live_server, judge.email, "/judge/shared-parenting/")
    _check(judge_page, "judge home", failures)
    judge_page.locator("a.button.primary").first.click()
    judge_page.wait_for_url("**/entries/*")
    _check(judge_page, "judge entry", failures)

    door = phone(locale, bypass_csp=True)
    door.add_init_script("navigator.mediaDevices.getUserMedia = async () => "
                         "{ throw new DOMException('denied', 'NotAllowedError'); };")
    _sign_in(door, live_server, staff.email, "/door/shared-parenting")
    expect(door.locator("#door h1")).to_have_count(1)
    _check(door, "door screen", failures, targets=True)
    screenshot(door, f"a11y-door-{locale}")
    door.fill("#code-input", ticket)
    door.keyboard.press("Enter")
    expect(door.locator("#verdict")).to_be_visible()
    expect(door.locator("#verdict .verdict-nophoto")).to_be_visible()
    expect(door.locator("#verdict .verdict-needs")).to_contain_text("달걀")
    _check(door, "door verdict", failures, targets=True)
    screenshot(door, f"a11y-door-admitted-{locale}")
    door.goto(f"{live_server}/door/shared-parenting/paper")
    _check(door, "paper admissions", failures)

    assert not failures, "\n\n".join(failures)


def test_describe_lists_rule_and_nodes():
    text = describe([{"id": "color-contrast", "impact": "serious", "help": "Elements must meet contrast",
                      "nodes": [{"target": "button.primary", "summary": "Fix any of the following:\n  3.68:1"}]}])
    assert "[serious] color-contrast" in text and "button.primary: " in text and "3.68:1" in text


def test_the_check_fails_on_the_old_orange_buttons(live_server, phone, make_event):
    """A negative control: with the old brand orange (white on it 3.68:1) axe reports a serious failure."""
    make_event(slug="shared-parenting")
    page = phone("ko", bypass_csp=True)
    page.goto(f"{live_server}/events/shared-parenting")
    assert_accessible(page, "RSVP form")
    page.add_style_tag(content=":root { --brand: #e4572e; }")
    with pytest.raises(AssertionError, match=r"\[serious\] color-contrast[\s\S]*3\.68"):
        assert_accessible(page, "RSVP form with the old orange")


def test_processing_percent_stays_on_one_line_beside_its_bar(live_server, phone, screenshot, make_event):
    """On a phone the "0%" beside the processing bar never wraps; the page passes axe in that state."""
    from showcase.extensions import db
    from showcase.submissions.models import ProcessingState

    event = make_event(slug="shared-parenting", communities=1)
    [entry] = make_entries(event, count=1)
    entry.state, entry.progress = ProcessingState.PROCESSING, 0
    db.session.commit()
    page = phone("ko", bypass_csp=True)
    page.goto(issue_link(event.communities[0]))
    percent = page.locator("#processing-percent")
    expect(percent).to_have_text("0%")
    box, bar = percent.bounding_box(), page.locator("#processing-bar").bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.getElementById('processing-percent')).lineHeight)")
    assert box["height"] <= line + 1 and box["x"] > bar["x"] + bar["width"]   # one line, right of the bar
    assert_accessible(page, "team page while processing")
    screenshot(page, "a11y-team-processing-ko")
