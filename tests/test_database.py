"""The unit of work every user action runs in, and rows written at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select, text, update

from showcase.auth.models import Role, User
from showcase.database import PendingWritesError, current_unit, end_reads, insert_now, unit_of_work
from showcase.events import placement, signals
from showcase.events.households import Household
from showcase.events.models import Event, Rsvp
from showcase.events.seats import lock_event
from showcase.extensions import db
from showcase.tickets.models import OutboundMessage


def _committed(sql: str, **params):
    """What another connection sees: only committed rows."""
    with db.engine.connect() as other:
        return other.execute(text(sql), params).scalar()


def _user(email: str) -> User:
    return User(email=email, name="Someone", password_hash="x", role=Role.STAFF)


def test_a_unit_commits_when_its_block_ends_and_runs_its_hooks_after(app):
    seen = []
    with unit_of_work() as unit:
        db.session.add(_user("one@example.com"))
        unit.after_commit(lambda: seen.append(_committed(
            "SELECT count(*) FROM users WHERE email = :e", e="one@example.com")))
        unit.after_rollback(lambda: seen.append("rolled back"))
        assert seen == []
    assert seen == [1]                                  # the hook saw the committed row


def test_a_unit_rolls_back_on_any_error_and_runs_only_its_rollback_hooks(app):
    seen = []
    with pytest.raises(ZeroDivisionError), unit_of_work() as unit:
        db.session.add(_user("two@example.com"))
        db.session.flush()
        unit.after_commit(lambda: seen.append("committed"))
        unit.after_rollback(lambda: seen.append("rolled back"))
        raise ZeroDivisionError
    assert seen == ["rolled back"]
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "two@example.com")) == 0


def test_a_nested_unit_joins_the_outer_one_and_only_the_outer_commits(app):
    seen = []
    with unit_of_work() as outer:
        with unit_of_work() as inner:
            assert inner is outer
            db.session.add(_user("nested@example.com"))
            inner.after_commit(lambda: seen.append("inner's hook"))
        db.session.flush()
        assert _committed("SELECT count(*) FROM users WHERE email = :e", e="nested@example.com") == 0
        assert seen == []
    assert _committed("SELECT count(*) FROM users WHERE email = :e", e="nested@example.com") == 1
    assert seen == ["inner's hook"]


def test_an_error_in_a_nested_unit_rolls_back_the_whole_outer_unit(app):
    with pytest.raises(ValueError), unit_of_work():
        db.session.add(_user("outer@example.com"))
        with unit_of_work():
            db.session.add(_user("inner@example.com"))
            raise ValueError("the inner half fails")
    assert db.session.scalar(select(func.count(User.id))
                             .where(User.email.in_(["outer@example.com", "inner@example.com"]))) == 0


def test_opening_a_unit_never_commits_writes_made_outside_one(app):
    db.session.add(_user("stray@example.com"))
    with pytest.raises(PendingWritesError), unit_of_work():
        pass
    db.session.rollback()
    db.session.execute(update(User).values(name="stray update"))     # raw DML counts too
    with pytest.raises(PendingWritesError), unit_of_work():
        pass
    db.session.rollback()
    assert _committed("SELECT count(*) FROM users WHERE email = :e", e="stray@example.com") == 0


def test_a_transaction_that_only_read_reads_again_inside_the_unit(make_event):
    event = make_event(capacity=10)
    assert db.session.get(Event, event.id).capacity == 10    # read before the unit
    with db.engine.begin() as other:                         # another request changes it meanwhile
        other.execute(update(Event).where(Event.id == event.id).values(capacity=12))
    with unit_of_work():
        assert lock_event(event.id).capacity == 12           # read afresh, not the stale copy


def test_locking_an_event_outside_a_unit_is_a_bug_caught_at_once(make_event):
    event = make_event(capacity=10)
    with pytest.raises(RuntimeError, match="no unit of work"):
        lock_event(event.id)
    with pytest.raises(RuntimeError, match="no unit of work"):
        current_unit()


def test_collected_items_are_handed_over_together_once_the_unit_commits(app):
    batches = []
    with unit_of_work() as unit:
        for item in (1, 2, 3):
            unit.collect("things", item, batches.append)
    assert batches == [[1, 2, 3]]
    with pytest.raises(RuntimeError), unit_of_work() as unit:
        unit.collect("things", 4, batches.append)
        raise RuntimeError
    assert batches == [[1, 2, 3]]


def test_end_reads_refuses_to_throw_away_writes(app):
    db.session.scalar(select(func.count(User.id)))
    end_reads()                                              # a read is simply ended
    db.session.add(_user("kept@example.com"))
    with pytest.raises(PendingWritesError):
        end_reads()
    db.session.rollback()


def test_an_rsvp_and_its_messages_are_one_transaction(app, make_event):
    """A failure after the household and its messages are written leaves neither, and hands nothing
    to the job queue."""
    event = make_event(capacity=10)
    handed_over = []

    def fail_after_the_messages(sender, rsvp, **_):
        db.session.flush()
        assert db.session.scalar(select(func.count(OutboundMessage.id))
                                 .where(OutboundMessage.rsvp_id == rsvp.id)) >= 1
        current_unit().after_commit(lambda: handed_over.append(rsvp.id))
        raise RuntimeError("the process dies between the halves")

    household = Household(contact_name="김하나", phone="010-1234-5678", email="one@example.kr", adults=2)
    with signals.rsvp_confirmed.connected_to(fail_after_the_messages), pytest.raises(RuntimeError):
        placement.place_rsvp(event.id, household)
    assert db.session.scalar(select(func.count(Rsvp.id)).where(Rsvp.event_id == event.id)) == 0
    assert db.session.scalar(select(func.count(OutboundMessage.id))) == 0
    assert handed_over == []
    answer = placement.place_rsvp(event.id, household)      # the family tries again: all of it, once
    assert db.session.scalar(select(func.count(OutboundMessage.id))
                             .where(OutboundMessage.rsvp_id == answer.rsvp_id)) == 2


def test_insert_now_writes_the_row_and_a_rollback_takes_it_back(app):
    with pytest.raises(LookupError), unit_of_work():
        user = insert_now(_user("now@example.com"))
        assert inspect(user).persistent and user.id is not None
        assert db.session.scalar(select(User.name).where(User.id == user.id)) == "Someone"
        assert user.created_at is not None                      # a default left to the INSERT, read back
        raise LookupError
    assert inspect(user).transient and user not in db.session   # as a flushed new object would be
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "now@example.com")) == 0
    with unit_of_work():
        again = insert_now(_user("again@example.com"))          # SQLite may give it the same id: no clash
    assert db.session.get(User, again.id).email == "again@example.com"


def test_a_request_that_writes_outside_a_unit_of_work_is_caught_and_saves_nothing(app, client):
    @app.get("/test-only/stray-write")
    def stray_write():
        db.session.add(_user("stray-request@example.com"))
        return "looks done"

    with pytest.raises(PendingWritesError, match="outside a unit of work"):
        client.get("/test-only/stray-write")
    assert _committed("SELECT count(*) FROM users WHERE email = :e", e="stray-request@example.com") == 0
