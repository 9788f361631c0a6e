"""The write transaction every seat change starts with, and rows written at once, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, update

from showcase.auth.models import Role, User
from showcase.database import begin_write_transaction, insert_now
from showcase.events.models import Event
from showcase.events.seats import lock_event
from showcase.extensions import db


def test_writes_made_before_the_lock_are_committed_on_their_own(make_user, make_event):
    """A failed seat change must not take earlier writes of the same request down with it."""
    event = make_event(capacity=10)
    flushed = make_user(name="before")
    flushed.name = "flushed before the lock"
    db.session.flush()                                       # written, but nothing left "dirty"
    executed_id = make_user(name="before").id
    db.session.execute(update(User).where(User.id == executed_id).values(name="updated before the lock"))
    lock_event(event.id)
    db.session.rollback()                                    # the seat change fails
    names = set(db.session.scalars(select(User.name).where(User.id.in_([flushed.id, executed_id]))))
    assert names == {"flushed before the lock", "updated before the lock"}


def test_a_transaction_that_only_read_reads_again_under_the_lock(make_event):
    event = make_event(capacity=10)
    assert db.session.get(Event, event.id).capacity == 10    # read before the lock
    with db.engine.begin() as other:                         # another request changes it meanwhile
        other.execute(update(Event).where(Event.id == event.id).values(capacity=12))
    begin_write_transaction()
    assert db.session.get(Event, event.id).capacity == 12    # read afresh, not the stale copy
    db.session.rollback()


def test_insert_now_writes_the_row_and_a_rollback_takes_it_back(app):
    user = insert_now(User(email="now@example.com", name="Written at once", password_hash="x", role=Role.STAFF))
    assert inspect(user).persistent and user.id is not None
    assert db.session.scalar(select(User.name).where(User.id == user.id)) == "Written at once"
    assert user.created_at is not None                          # a default left to the INSERT, read back
    db.session.rollback()
    assert inspect(user).transient and user not in db.session   # as a flushed new object would be
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "now@example.com")) == 0
    again = insert_now(User(email="again@example.com", name="Next", password_hash="x", role=Role.STAFF))
    db.session.commit()                                         # SQLite may give it the same id: no clash
    assert db.session.get(User, again.id).name == "Next"
