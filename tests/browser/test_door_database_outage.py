"""The database blinks while the door admits: the server answers 503 (SQLite locked past its busy
timeout) or not in time (PostgreSQL waiting on a lock), and the door treats it as a dropped network:
it admits from the list on the phone, shows the admissions as pending, never an error, and sends
them once the database answers again. Each counts once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, func, select, text

from showcase.auth.models import Role
from showcase.checkin.models import Admission
from showcase.database import utcnow
from showcase.events import rsvp_tokens
from showcase.extensions import db
from showcase.urls import absolute_url
from tests.browser.test_checkin_door import REFUSED_CAMERA, _sign_in

EXPECT_MS = 15_000


@pytest.fixture
def app_config() -> dict:
    """CSRF on, as in production; SQLite gives up on a lock after 200 ms, so the answer is a quick 503."""
    return {"WTF_CSRF_ENABLED": True, "SQLITE_BUSY_TIMEOUT_MS": 200}


class Blink:
    """Another connection holds the database (SQLite) or the event's row (PostgreSQL) until released."""

    def __init__(self, database_url: str, event_id: int):
        self.engine = create_engine(database_url)
        self.connection = self.engine.connect()
        if self.engine.dialect.name == "sqlite":
            self.connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            self.connection.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event_id})

    def end(self) -> None:
        self.connection.rollback()
        self.connection.close()
        self.engine.dispose()


def test_the_door_queues_through_a_database_outage_and_sends_it_after(
        app, live_server, phone, screenshot, make_event, make_rsvp, make_user, database_url):
    event = make_event(slug="shared-parenting", capacity=50, starts_at=utcnow())
    families = [make_rsvp(event, contact_name=f"가족{n}", adults=2, phone=f"010-7000-{1000 + n}",
                          source="organizer") for n in range(3)]
    staff = make_user(Role.STAFF, name="Door 1")
    page = phone("ko")
    page.add_init_script(REFUSED_CAMERA)
    _sign_in(page, live_server, staff.email)
    page.goto(f"{live_server}/door/shared-parenting")
    root, verdict = page.locator("#door"), page.locator("#verdict")
    expect(root).to_have_attribute("data-offline-ready", "true", timeout=EXPECT_MS)

    blink = Blink(database_url, event.id)
    try:
        for n, family in enumerate(families[:2], start=1):
            page.keyboard.type(absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(family)) + "\n")
            expect(verdict).to_have_attribute("data-result", "admitted", timeout=EXPECT_MS)
            expect(verdict).to_have_attribute("data-offline", "true")       # decided on the phone
            expect(root).to_have_attribute("data-pending", str(n))
            verdict.locator(".close").click()
        expect(root).to_have_attribute("data-connection", "offline")
        expect(page.locator("#sync-status")).to_contain_text("2건 전송 대기")
        expect(page.locator("body")).not_to_contain_text("오류")
        screenshot(page, "door-database-outage-ko")
    finally:
        blink.end()

    expect(root).to_have_attribute("data-pending", "0", timeout=30_000)   # the queue drains by itself
    page.keyboard.type(absolute_url("tickets.ticket", token=rsvp_tokens.ticket_token(families[2])) + "\n")
    expect(verdict).to_have_attribute("data-result", "admitted", timeout=EXPECT_MS)
    expect(verdict).not_to_have_attribute("data-offline", "true")
    db.session.rollback()
    counts = dict(db.session.execute(select(Admission.rsvp_id, func.sum(Admission.people))
                                     .where(Admission.event_id == event.id, Admission.undone_at.is_(None))
                                     .group_by(Admission.rsvp_id)).all())
    assert counts == {family.id: 2 for family in families}
