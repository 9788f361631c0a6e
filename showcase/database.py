"""Database plumbing shared by every domain: UTC timestamps, SQLite tuning, seat locks."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from flask import Flask
from sqlalchemy import DateTime, Table, event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, make_transient, make_transient_to_detached
from sqlalchemy.orm.base import instance_state
from sqlalchemy.types import TypeDecorator

from .extensions import db, migrate

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
        session.info.pop(INSERTED_KEY, None)
        fd = session.info.pop(WRITER_LOCK_KEY, None)
        if fd is not None:
            os.close(fd)


#: INSERT … RETURNING <primary key>, built once per table
_INSERT_STATEMENTS: dict[Table, Any] = {}
#: session.info key: objects insert_now wrote in the current transaction (forgotten if it rolls back)
INSERTED_KEY = "showcase_inserted_now"


def insert_now(obj: Any) -> Any:
    """INSERT one new ORM object at once and attach it to the session as persistent, no flush.

    For the hottest paths only: flushing a single new row costs about three times its INSERT
    (the unit of work sorts, cascades and reads back). Set every column it needs on ``obj``,
    relationships by their foreign keys; columns left unset get their defaults in the INSERT
    and load from the database if read. The primary key comes back through RETURNING.
    """
    state = instance_state(obj)
    table = cast(Table, state.mapper.local_table)  # typed FromClause: a mapper may map any selectable; ours map tables
    statement = _INSERT_STATEMENTS.get(table)
    if statement is None:
        statement = _INSERT_STATEMENTS[table] = insert(table).returning(*table.primary_key.columns)
    values = {column.key: state.dict[attr.key] for attr in state.mapper.column_attrs
              for column in attr.columns if attr.key in state.dict and column.table is table}
    session = db.session()
    key = session.connection().execute(statement, values).one()
    for attr, value in zip(state.mapper.primary_key, key, strict=True):
        setattr(obj, state.mapper.get_property_by_column(attr).key, value)
    make_transient_to_detached(obj)
    session.add(obj)
    session.info[WROTE_KEY] = True
    session.info.setdefault(INSERTED_KEY, []).append(obj)
    return obj


@event.listens_for(Session, "after_rollback")
def _forget_rows_rolled_back(session: Session) -> None:
    """A row insert_now wrote is gone with the rollback: its object leaves the session, transient
    again (as a flushed new object would), and its key is free for the row that may reuse it."""
    for obj in session.info.pop(INSERTED_KEY, []):
        if obj in session:
            session.expunge(obj)
        make_transient(obj)


def init_app(app: Flask) -> None:
    """Bind the database and migrations to the app, and tune SQLite's connections."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent / "migrations"),
                     render_as_batch=True)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
