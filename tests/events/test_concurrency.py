"""300 households RSVP at the same moment for the last 20 seats, through the real app over HTTP.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL in the second CI pass).
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from showcase.events.models import Rsvp, RsvpStatus
from showcase.extensions import db
from tests.live_server import request_json, serve

HOUSEHOLDS = 300


@pytest.mark.slow
def test_300_households_at_once_never_oversell_and_all_get_an_answer(app, make_event, make_rsvp):
    event = make_event(capacity=150, slug="rush")
    event.max_party_size = 10
    db.session.commit()
    for i in range(13):                                   # 130 seats taken: 20 left
        make_rsvp(event, adults=5, children=5, phone=f"010-4000-{i:04d}")
    assert sum(r.seats for r in event.rsvps) == 130

    results: list[tuple[int, int, dict]] = []
    lock = threading.Lock()
    start = threading.Barrier(HOUSEHOLDS)

    def household(n: int) -> None:
        body = {"name": f"가족 {n}", "phone": f"010-5{n:03d}-{n:04d}", "adults": 1 + n % 2,
                "children": (n // 2) % 2, "locale": "ko"}
        start.wait()
        status, answer = request_json(base_url, "POST", "/api/v1/events/rush/rsvps", body)
        with lock:
            results.append((n, status, answer))

    with serve(app) as base_url:
        threads = [threading.Thread(target=household, args=(n,)) for n in range(HOUSEHOLDS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    assert len(results) == HOUSEHOLDS
    assert {status for _, status, _ in results} == {201}, "every household gets an answer, never an error"
    statuses = [answer["status"] for _, _, answer in results]
    assert set(statuses) == {"confirmed", "waitlisted"}

    db.session.rollback()
    confirmed = db.session.scalar(select(func.sum(Rsvp.seats)).where(
        Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.CONFIRMED))
    assert confirmed <= 150
    waiting = db.session.scalars(select(Rsvp).where(
        Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLISTED).order_by(Rsvp.waitlisted_at, Rsvp.id)).all()
    assert all(r.seats > 150 - confirmed for r in waiting), "no waiting household that fits stays waiting"
    assert [r.id for r in waiting] == sorted(r.id for r in waiting), "the waitlist keeps arrival order"
    positions = sorted(answer["waitlist_position"] for _, _, answer in results if answer["status"] == "waitlisted")
    assert positions == list(range(1, len(waiting) + 1)), "each waiting household was told its own place"
    rows = db.session.scalar(select(func.count(Rsvp.id)).where(Rsvp.event_id == event.id))
    assert rows == 13 + HOUSEHOLDS
