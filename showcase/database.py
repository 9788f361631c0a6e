"""Database plumbing shared by every domain: UTC timestamps and the unit of work (SQLite's own
tuning is ``sqlite_tuning``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from flask import Flask, current_app
from sqlalchemy import DateTime, Table, event, insert
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session, make_transient, make_transient_to_detached
from sqlalchemy.orm.base import instance_state
from sqlalchemy.types import TypeDecorator

from .extensions import db, migrate
from .sqlite_tuning import (
    BEGIN_MODE_OPTION,
    configure_sqlite,
    queue_for_sqlite_writes,
    release_writers_queue,
)

log = logging.getLogger(__name__)


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


#: session.info key: the unit of work the session's transaction belongs to
UNIT_KEY = "showcase_unit_of_work"


class PendingWritesError(RuntimeError):
    """A unit of work was opened on a session holding writes no unit of work owns (a bug)."""


@dataclass
class UnitOfWork:
    """One user action's transaction: what runs once it has committed, or once it rolled back."""

    _committed: list[Callable[[], Any]] = field(default_factory=list)
    _rolled_back: list[Callable[[], Any]] = field(default_factory=list)
    _batches: dict[str, list[Any]] = field(default_factory=dict)

    def after_commit(self, func: Callable[[], Any]) -> None:
        """Run ``func`` once the whole unit has committed (never if it rolls back)."""
        self._committed.append(func)

    def after_rollback(self, func: Callable[[], Any]) -> None:
        """Run ``func`` once the whole unit has rolled back (never if it commits)."""
        self._rolled_back.append(func)

    def collect(self, key: str, item: Any, then: Callable[[list[Any]], Any]) -> None:
        """Gather ``item`` under ``key``; once the unit commits, ``then`` gets them all in one call
        (an RSVP told by email and text hands both messages to the job queue in one write)."""
        batch = self._batches.get(key)
        if batch is None:
            batch = self._batches[key] = []
            self.after_commit(lambda: then(batch))
        batch.append(item)


@contextmanager
def unit_of_work() -> Iterator[UnitOfWork]:
    """The transaction of one user action: committed when the block ends, rolled back on any error.

    It takes the write lock as it opens (``BEGIN IMMEDIATE`` on SQLite; on PostgreSQL a service
    adds ``SELECT … FOR UPDATE`` on the row it allocates from, ``events.seats.lock_event``).
    Inside another unit of work it joins that one: only the outermost commits. Opening it never
    commits what the session already holds: pending writes outside a unit are a PendingWritesError.
    Hooks added with ``after_commit`` run after the commit; one that fails is logged, not raised
    (the work is done: what it hands over is found again by the sweeps).
    """
    session = db.session()  # the request's Session behind the scoped proxy
    outer = session.info.get(UNIT_KEY)
    if outer is not None:
        yield outer
        return
    _begin_unit(session)
    unit = session.info[UNIT_KEY] = UnitOfWork()
    try:
        yield unit
        session.commit()
    except BaseException:
        session.info.pop(UNIT_KEY, None)
        session.rollback()
        _run_hooks(unit._rolled_back)
        raise
    session.info.pop(UNIT_KEY, None)
    _run_hooks(unit._committed)


def current_unit() -> UnitOfWork:
    """The unit of work in progress; a service that must run inside one calls this."""
    unit = db.session().info.get(UNIT_KEY)
    if unit is None:
        raise RuntimeError("no unit of work is open: wrap the action in `with unit_of_work():`")
    return unit


def changed_rows(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (``Session.execute`` is typed ``Result``; a DML
    statement's is a ``CursorResult``, which counts them)."""
    return cast(CursorResult[Any], result).rowcount or 0


def end_reads() -> None:
    """End a transaction that has only read, before slow work outside the database (a network call):
    PostgreSQL would otherwise hold the connection idle in a transaction, SQLite its snapshot."""
    session = db.session()
    if UNIT_KEY in session.info or _has_written(session):
        raise PendingWritesError("end_reads() inside a unit of work, or with writes pending")
    session.rollback()


def in_unit_of_work() -> bool:
    """Whether a unit of work is open on the session."""
    return UNIT_KEY in db.session().info


def _run_hooks(hooks: list[Callable[[], Any]]) -> None:
    for hook in hooks:
        try:
            hook()
        except Exception:
            log.exception("a hook after the transaction failed")


def _begin_unit(session: Session) -> None:
    """Start the unit's transaction holding the write lock, without committing anything before it.

    SQLite cannot turn a read transaction into ``BEGIN IMMEDIATE``: one that has only read is
    ended (nothing is lost; what it loaded is read again, fresh). On PostgreSQL (READ COMMITTED
    reads afresh at every statement) a transaction that has only read carries on, rather than pay
    a COMMIT, a BEGIN and a connection check-out.
    """
    if session.in_transaction():
        if _has_written(session):
            raise PendingWritesError("the session holds writes made outside a unit of work")
        if db.engine.dialect.name != "sqlite":
            session.expire_all()
            return
        session.rollback()
    queue_for_sqlite_writes(session)
    try:
        session.connection(execution_options={BEGIN_MODE_OPTION: "IMMEDIATE"})
    except BaseException:
        release_writers_queue(session)
        raise


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
        release_writers_queue(session)


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


def _refuse_writes_outside_units(_error: BaseException | None) -> None:
    """At a request's end: writes no unit of work owns were never saved, a bug (raised in tests)."""
    session = db.session()
    if UNIT_KEY not in session.info and _has_written(session):
        if current_app.testing:
            raise PendingWritesError("the request wrote outside a unit of work; nothing of it was saved")
        log.error("a request wrote outside a unit of work; nothing of it was saved")


def init_app(app: Flask) -> None:
    """Bind the database and migrations to the app, and tune SQLite's connections."""
    db.init_app(app)
    app.teardown_request(_refuse_writes_outside_units)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent / "migrations"),
                     render_as_batch=True)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
