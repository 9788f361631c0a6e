"""A database that cannot be reached: a 503 that says "try again" (never a 500), and one retry of a
request that committed nothing, on a real SQLite and a real PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from showcase.events.models import Rsvp
from showcase.extensions import db

from .conftest import _make_app

KO = {"Accept-Language": "ko"}


@pytest.fixture
def app_config() -> dict:
    """SQLite waits 100 ms for a lock here, so a lock held a quarter second outlasts it."""
    return {"SQLITE_BUSY_TIMEOUT_MS": 100}


@pytest.fixture
def unreachable_app(tmp_path, database_url):
    """The app pointed at a database that refuses: a closed port (PostgreSQL) or a folder that does
    not exist (SQLite)."""
    if database_url.startswith("postgresql"):
        url = make_url(database_url).set(host="127.0.0.1", port=1).render_as_string(hide_password=False)
    else:
        url = "sqlite:///" + str(tmp_path / "no-such-folder" / "showcase.db")
    app = _make_app(url, tmp_path / "instance")
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_api_answers_an_outage_with_a_json_503_and_retry_after(unreachable_app):
    client = unreachable_app.test_client()
    response = client.get("/api/v1/events/shared-parenting", headers=KO)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    body = response.get_json()
    assert body["error"] == "unavailable" and "잠시 후 다시 시도" in body["message"]
    response = client.post("/api/v1/events/shared-parenting/rsvps", json=_rsvp_body("010-5555-6666"),
                           headers=KO)
    assert response.status_code == 503 and response.get_json()["error"] == "unavailable"


def test_a_page_keeps_what_the_family_typed_and_offers_to_try_again(unreachable_app):
    client = unreachable_app.test_client()
    response = client.post("/events/shared-parenting", headers=KO,
                           data={"contact_name": "김하나", "phone": "010-1234-5678", "adults": "2"})
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "잠시 후 다시 시도해 주세요" in page and "다시 시도" in page
    assert 'name="contact_name" value="김하나"' in page and 'name="phone" value="010-1234-5678"' in page
    assert 'id="retry-form"' in page and "js/retry.js" in page
    response = client.get("/events/shared-parenting", headers=KO)
    assert response.status_code == 503 and 'id="retry-link"' in response.get_data(as_text=True)


def test_healthz_tells_an_unreachable_database_from_up(unreachable_app, client):
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    response = unreachable_app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_data(as_text=True) == "database unreachable"


def _rsvp_body(phone: str) -> dict:
    return {"name": "김하나", "phone": phone, "adults": 1, "children": 0, "infants": 0, "locale": "ko"}


def test_a_connection_lost_before_anything_committed_is_retried_once(app, client, make_event, database_url):
    """The connection the pool holds dies (PostgreSQL restarted, or SQLite locked past its busy
    timeout): the request runs once more and the family gets its answer, saved once."""
    event = make_event(capacity=10)
    assert client.post(f"/api/v1/events/{event.slug}/rsvps", json=_rsvp_body("010-1111-2222")).status_code == 201
    if database_url.startswith("postgresql"):
        # the server cuts the request's connection mid-transaction, while it waits for the event's lock
        engine = create_engine(database_url)
        blocker = engine.connect()
        blocker.execute(text("SELECT id FROM events WHERE id = :id FOR UPDATE"), {"id": event.id})
        blocker_pid = blocker.execute(text("SELECT pg_backend_pid()")).scalar()

        def cut_the_waiting_connection() -> None:
            with engine.connect() as admin:
                for _ in range(100):
                    cut = admin.execute(text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND pid NOT IN (pg_backend_pid(), :blocker)"),
                        {"blocker": blocker_pid}).all()
                    if cut:
                        break
                    time.sleep(0.02)
            blocker.rollback()

        cutter = threading.Thread(target=cut_the_waiting_connection)
        cutter.start()
        response = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_rsvp_body("010-3333-4444"))
        cutter.join()
        blocker.close()
        engine.dispose()
    else:
        holder = create_engine(database_url).raw_connection()
        holder.execute("BEGIN EXCLUSIVE")
        threading.Thread(target=lambda: (time.sleep(0.25), holder.rollback(), holder.close())).start()
        response = client.post(f"/api/v1/events/{event.slug}/rsvps", json=_rsvp_body("010-3333-4444"))
    assert response.status_code == 201, response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Rsvp.id)).where(Rsvp.event_id == event.id,
                                                              Rsvp.phone == "+821033334444")) == 1


def test_a_request_that_committed_before_the_outage_is_not_run_again(app, client, database_url):
    """Its first half is saved: running it again would do that twice, so the answer is the 503."""
    from showcase.auth.models import Role, User
    from showcase.database import unit_of_work

    runs = []

    @app.get("/test-only/two-halves")
    def two_halves():
        runs.append(1)
        with unit_of_work():
            db.session.add(User(email=f"half-{len(runs)}@example.com", name="Half", password_hash="x",
                                role=Role.STAFF))
        db.session.execute(text("SELECT 1"))
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))

    response = client.get("/test-only/two-halves", headers=KO)
    assert response.status_code == 503 and runs == [1]
    assert db.session.scalar(select(func.count(User.id)).where(User.email.like("half-%"))) == 1
