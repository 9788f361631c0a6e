"""The default job store: a SQLite file beside the database, for a separate `flask worker`."""

from __future__ import annotations

from showcase.extensions import db
from showcase.jobs import DurableEnoughSqliteStorage, huey
from tests.conftest import _make_app


def test_sqlite_job_store_keeps_jobs_for_the_worker_in_wal_with_normal_sync(database_url, tmp_path):
    from showcase.tickets.delivery import deliver_message

    app = _make_app(database_url, tmp_path / "web", JOBS_BACKEND="sqlite")
    try:
        with app.app_context():
            assert isinstance(huey.storage, DurableEnoughSqliteStorage)
            assert huey.storage.filename == str(tmp_path / "web" / "jobs.sqlite3")
            before = huey.pending_count()
            deliver_message(999_999)  # queued for the worker, not run here
            assert huey.pending_count() == before + 1
            connection = huey.storage.conn
            assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
            assert connection.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL, not FULL (2)
            huey.flush()
            db.engine.dispose()
    finally:
        _make_app(database_url, tmp_path / "back", JOBS_BACKEND="immediate")  # later tests run jobs inline
