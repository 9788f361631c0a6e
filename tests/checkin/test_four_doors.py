"""Four doors scan the same tickets at the same moment, through the real app over HTTP:
each person is admitted at most once and the attendance totals match.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL when configured).
"""

from __future__ import annotations

import random
import threading

import pytest
from sqlalchemy import func, select

from showcase.checkin.models import Admission
from showcase.extensions import db
from tests.live_server import request_json, serve

DOORS = 4


@pytest.mark.slow
def test_four_doors_scanning_the_same_ten_tickets_admit_each_person_once(
        app, make_event, make_rsvp, door_token, ticket_url):
    event = make_event(capacity=100, slug="four-doors")
    whole = [make_rsvp(event, adults=1 + n % 3, children=n % 2, infants=n % 4 == 0)
             for n in range(10)]                                      # scanned "admit everyone"
    one_by_one = [make_rsvp(event, adults=2, children=1) for _ in range(10)]   # scanned "admit 1"
    tokens = [door_token(event, f"Door {n + 1}") for n in range(DOORS)]
    answers: list[tuple[int, str, int, dict]] = []
    lock = threading.Lock()
    start = threading.Barrier(DOORS)

    def door(n: int) -> None:
        rng = random.Random(n)
        work = [(u, None) for u in urls] + [(u, 1) for u in partial_urls]
        rng.shuffle(work)
        start.wait()
        for url, admit in work:
            body = {"code": url} if admit is None else {"code": url, "admit": admit}
            status, answer = request_json(base_url, "POST", "/api/v1/events/four-doors/checkins", body, tokens[n])
            with lock:
                answers.append((n, url, status, answer))

    with serve(app) as base_url:                                    # tickets carry the server's BASE_URL
        urls = [ticket_url(r) for r in whole]
        partial_urls = [ticket_url(r) for r in one_by_one]
        threads = [threading.Thread(target=door, args=(n,)) for n in range(DOORS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        status, counts = request_json(base_url, "GET", "/api/v1/events/four-doors/attendance", token=tokens[0])

    assert len(answers) == DOORS * 20
    assert {status for *_, status, _ in answers} == {200}, "every scan gets a verdict, never an error"
    for _rsvp, url in zip(whole, urls, strict=True):
        results = sorted(a["result"] for _, u, _, a in answers if u == url)
        assert results == ["admitted"] + ["already_admitted"] * 3, results
    for _rsvp, url in zip(one_by_one, partial_urls, strict=True):
        results = [a for _, u, _, a in answers if u == url]
        admitted = [a for a in results if a["result"] in ("admitted", "partially_admitted")]
        assert len(admitted) == 3 and sum(a["admitted_now"] for a in admitted) == 3
        assert [a["result"] for a in results if a not in admitted] == ["already_admitted"]

    people = sum(r.party_size for r in whole + one_by_one)
    db.session.rollback()
    stored = db.session.scalar(select(func.sum(Admission.people)).where(Admission.event_id == event.id))
    per_household = dict(db.session.execute(select(Admission.rsvp_id, func.sum(Admission.people))
                                            .group_by(Admission.rsvp_id)).all())
    assert all(per_household[r.id] == r.party_size for r in whole + one_by_one)
    assert status == 200
    assert counts["admitted"] == stored == people
    assert counts["expected_remaining"] == 0
    doors_used = {door for door, in db.session.execute(select(Admission.door_name)).all()}
    assert doors_used <= {f"Door {n + 1}" for n in range(DOORS)}
