"""Scaled out: two app processes share one Redis for rate limits and the job queue (a real redis-server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from showcase.jobs import huey
from tests.conftest import _make_app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:
    """A private redis-server on a free port, without persistence; stopped after the test."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server not installed: run scripts/setup.sh"
    port = _free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_two_workers_share_the_login_rate_limit_through_redis(database_url, tmp_path, redis_url):
    config = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": f"{redis_url}/1", "RATELIMIT_LOGIN": "4 per minute"}
    workers = [_make_app(database_url, tmp_path / f"w{n}", **config) for n in (1, 2)]
    statuses = []
    try:
        for attempt in range(6):  # alternate between the two workers, as a load balancer would
            app = workers[attempt % 2]
            with app.app_context():
                statuses.append(app.test_client().post("/login", data={"email": "x@example.com",
                                                                        "password": "wrong"}).status_code)
    finally:
        for app in workers:
            with app.app_context():
                from showcase.extensions import db

                db.engine.dispose()
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4:] == [429, 429]  # per-process memory would have allowed 4 on each worker


def test_jobs_queue_in_redis_for_a_separate_worker(database_url, tmp_path, redis_url):
    from showcase.tickets.delivery import deliver_message

    app = _make_app(database_url, tmp_path / "web", JOBS_BACKEND="redis", JOBS_REDIS_URL=f"{redis_url}/0")
    try:
        with app.app_context():
            before = huey.pending_count()
            deliver_message(999_999)  # queued for the worker, not run here
            assert huey.pending_count() == before + 1
            huey.flush()
            from showcase.extensions import db

            db.engine.dispose()
    finally:
        _make_app(database_url, tmp_path / "back", JOBS_BACKEND="immediate")  # later tests run jobs inline


class _FreshContexts:
    """Each request in an app context of its own, as under a real server."""

    def __init__(self, app):
        self.app = app

    def __getattr__(self, method: str):
        def send(*args, **kwargs):
            with self.app.app_context():
                return getattr(self.app.test_client(), method)(*args, **kwargs)
        return send


def _start_redis(port: int, folder) -> subprocess.Popen:
    server = subprocess.Popen([shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
                               "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def test_with_redis_down_families_rsvp_and_the_door_admits_and_messages_wait_for_it(
        app, make_event, database_url, tmp_path):
    """Rate limits fall back to each worker's memory and messages stay queued in the outbox; once
    Redis is back, the sweep hands them to the job queue. (Signing in with Redis down is issue 30's.)"""
    from datetime import timedelta

    from sqlalchemy import func, select

    from showcase.checkin.doors import issue_door_token
    from showcase.database import utcnow
    from showcase.events.models import Rsvp
    from showcase.extensions import db
    from showcase.tickets.delivery import sweep
    from showcase.tickets.models import MessageState, OutboundMessage

    event = make_event(slug="redis-down", capacity=20)
    _device, token = issue_door_token(event, "입구 1")
    port = _free_port()
    url = f"redis://127.0.0.1:{port}"
    web = _make_app(database_url, tmp_path / "web", RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"{url}/1",
                    JOBS_BACKEND="redis", JOBS_REDIS_URL=f"{url}/0")
    try:
        with web.app_context():
            client = _FreshContexts(web)
            rsvp = client.post("/api/v1/events/redis-down/rsvps", json={
                "name": "김하나", "phone": "010-1234-5678", "email": "hana@example.kr", "adults": 2,
                "children": 0, "infants": 0, "locale": "ko"})
            assert rsvp.status_code == 201, rsvp.get_data(as_text=True)
            base = web.config["BASE_URL"]
            assert client.get(rsvp.get_json()["manage_url"].removeprefix(base)).status_code == 200
            ticket_path = rsvp.get_json()["ticket_url"].removeprefix(base)
            assert client.get(ticket_path).status_code == 200
            assert client.get(ticket_path + "/qr.png").status_code == 200
            checkin = client.post("/api/v1/events/redis-down/checkins", json={"code": ticket_path.rsplit("/", 1)[1]},
                                  headers={"Authorization": f"Bearer {token}"})
            assert checkin.status_code == 200 and checkin.get_json()["result"] == "admitted"
            assert client.get("/login").status_code == 200
            assert set(db.session.scalars(select(OutboundMessage.state))) == {MessageState.QUEUED}  # not lost
            assert db.session.scalar(select(func.count(Rsvp.id))) == 1

            server = _start_redis(port, tmp_path)           # Redis comes back
            try:
                assert huey.pending_count() == 0
                assert sweep(utcnow() + timedelta(minutes=5)) == 2     # the email and the text, handed over now
                assert huey.pending_count() == 2
                huey.flush()
            finally:
                server.terminate()
                server.wait(timeout=10)
            db.session.remove()
            db.engine.dispose()
    finally:
        _make_app(database_url, tmp_path / "back", JOBS_BACKEND="immediate")  # later tests run jobs inline
