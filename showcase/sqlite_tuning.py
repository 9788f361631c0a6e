"""SQLite as a server's database: WAL, a busy timeout, explicit BEGIN (so a unit of work can ask for
BEGIN IMMEDIATE) and a kernel queue for writers."""

from __future__ import annotations

import fcntl
import os
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .extensions import db

#: connection execution option: the mode of the BEGIN the connection emits ("IMMEDIATE" or "")
BEGIN_MODE_OPTION = "showcase_begin"
#: session.info key: the file descriptor holding the writers' queue lock until the transaction ends
WRITER_LOCK_KEY = "showcase_writer_lock_fd"


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


def queue_for_sqlite_writes(session: Session) -> None:
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
    try:
        fd = os.open(database + ".writers", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return  # no folder to queue in: SQLite itself then says it cannot open the database
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    session.info[WRITER_LOCK_KEY] = fd


def release_writers_queue(session: Session) -> None:
    """Leave the writers' queue (at the end of the transaction that joined it)."""
    fd = session.info.pop(WRITER_LOCK_KEY, None)
    if fd is not None:
        os.close(fd)
