"""Database plumbing shared by every domain: UTC timestamps, SQLite tuning, seat locks."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from .extensions import db

BEGIN_MODE_OPTION = "showcase_begin"


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and always read back timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout and explicit BEGIN so seat allocation can ask for BEGIN IMMEDIATE."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


WRITER_LOCK_KEY = "showcase_writer_lock_fd"


def begin_write_transaction() -> None:
    """Start a fresh transaction that takes the write lock at once.

    On SQLite this is ``BEGIN IMMEDIATE`` (a deferred transaction that first reads and then
    writes loses the race with "database is locked"); on PostgreSQL callers add
    ``SELECT … FOR UPDATE`` on the row they allocate from. Anything read before is expired, so
    it is read again, fresh, inside the write transaction.
    """
    session = db.session()  # the request's Session behind the scoped proxy
    if session.in_transaction():
        if db.engine.dialect.name == "sqlite" or _has_written(session):
            session.commit()  # SQLite cannot turn a read into BEGIN IMMEDIATE; writes commit as their own
        else:
            # PostgreSQL (READ COMMITTED) reads afresh at every statement: a transaction that has
            # only read carries on, rather than pay a COMMIT, a BEGIN and a connection check-out
            session.expire_all()
            return
    _queue_for_sqlite_writes(session)
    try:
        session.connection(execution_options={BEGIN_MODE_OPTION: "IMMEDIATE"})
    except BaseException:
        fd = session.info.pop(WRITER_LOCK_KEY, None)
        if fd is not None:
            os.close(fd)
        raise


def _queue_for_sqlite_writes(session: Session) -> None:
    """On a SQLite file, wait in the kernel's queue (flock) before BEGIN IMMEDIATE.

    SQLite's own busy handler polls with sleeps of 1 to 100 ms, so under several gunicorn
    workers the write lock sits idle between one writer's commit and the next one's wake-up;
    the kernel wakes the next writer the moment the lock is released, and a waiting worker
    costs no CPU. Like a PostgreSQL row lock, the wait has no timeout of its own: the holder is
    one short transaction, closing the file (end of transaction) releases it, and the kernel
    releases it if the holder's process dies.
    """
    engine = db.engine
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return
    fd = os.open(database + ".writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    session.info[WRITER_LOCK_KEY] = fd


#: session.info key: the current transaction has written (flushed, or run INSERT/UPDATE/DELETE)
WROTE_KEY = "showcase_transaction_wrote"


def _has_written(session: Session) -> bool:
    """Whether the session's transaction holds writes, flushed or not (raw connection writes aside)."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(WROTE_KEY))


@event.listens_for(Session, "after_flush")
def _remember_flush(session: Session, _context: Any) -> None:
    session.info[WROTE_KEY] = True


@event.listens_for(Session, "do_orm_execute")
def _remember_dml(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE_KEY] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_transaction_state(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(WROTE_KEY, None)
        fd = session.info.pop(WRITER_LOCK_KEY, None)
        if fd is not None:
            os.close(fd)


def import_all_models() -> None:
    """Import every domain's models module so the metadata knows every table."""
    from .domains import import_domain_modules

    import_domain_modules("models")
