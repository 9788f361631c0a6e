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
