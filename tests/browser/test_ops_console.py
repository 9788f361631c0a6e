"""The organizer's console in Chromium: figures and the RSVP chart drawn, in Korean and English, with no CSP violation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from showcase.auth.models import Role
from showcase.checkin.core import admit_household
from showcase.checkin.doors import Door
from showcase.events.models import Rsvp
from showcase.extensions import db
from showcase.judging.scoring import save_scores
from tests.browser.test_ops_csp import _sign_in, _watch
from tests.judging.factories import make_entries, make_judges, make_rubric


def test_console_and_event_overview_with_the_rsvp_chart(live_server, desktop, screenshot, make_event, make_rsvp,
                                                        make_user):
    event = make_event(slug="shared-parenting", capacity=150, communities=8,
                       title_ko="함께 키우는 육아 이야기", title_en="Raising Our Children Together")
    make_event(slug="autumn", title_ko="가을 가족 음악회", title_en="Autumn family concert", capacity=80)
    start = datetime.now(UTC) - timedelta(days=14)
    rsvps = [make_rsvp(event, adults=1 + n % 2, children=n % 3, infants=1 if n % 7 == 0 else 0)
             for n in range(40)]                                  # each RSVP is a unit of work of its own
    for n, rsvp in enumerate(rsvps):                              # RSVPs spread over two weeks
        rsvp.created_at = start + timedelta(days=(n * n) % 14, hours=n % 9)
    db.session.commit()
    entries = make_entries(event)
    rubric = make_rubric(event)
    judges = make_judges(event, make_user, 3)
    for entry in entries[:5]:
        save_scores(event, judges[0], entry.id, {rubric[0].id: 8, rubric[1].id: 7})
    for rsvp in db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id).limit(12)):
        admit_household(event, rsvp.id, Door(name="Door 1"))
    organizer = make_user(Role.ORGANIZER)

    seen: list[str] = []
    for locale in ("ko", "en"):
        page = desktop(locale)
        _watch(page, seen)
        _sign_in(page, live_server, organizer.email)
        assert page.url.endswith("/manage/console")                 # the organizer's home
        page.wait_for_selector(".console-event")
        assert page.locator(".console-event").count() == 2
        screenshot(page, f"ops-console-{locale}")
        page.goto(f"{live_server}/manage/events/{event.slug}/overview")
        page.wait_for_selector("figure.rsvp-chart[data-drawn=true]")
        assert page.locator("figure.rsvp-chart .bar").count() >= 10
        assert page.locator("figure.rsvp-chart polyline.line").count() == 1
        # households per day have their own panel and scale: a quiet day never reaches the capacity line
        capacity_y = float(page.locator("figure.rsvp-chart line.capacity").get_attribute("y1"))
        bar_tops = page.evaluate("[...document.querySelectorAll('figure.rsvp-chart .bar')].map(b => +b.getAttribute('y'))")
        assert min(bar_tops) > capacity_y
        screenshot(page, f"ops-event-overview-{locale}")
        seen.extend(page.evaluate("window.__cspViolations"))
    assert not seen, "\n".join(seen)
