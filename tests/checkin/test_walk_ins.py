"""A walk-in is one unit of work: the household, its messages and its admission are saved together,
or nothing is (on whichever database the suite runs on)."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from showcase.checkin.core import DoorRequest
from showcase.checkin.doors import Door
from showcase.checkin.models import Admission
from showcase.checkin.walkins import register_walk_in
from showcase.database import current_unit, utcnow
from showcase.events import signals
from showcase.events.households import Household
from showcase.events.models import Rsvp
from showcase.extensions import db
from showcase.tickets.models import OutboundMessage


@contextmanager
def _database_fails_on_admission():
    """The database refuses the admission's INSERT, as a crash or a full disk between the halves would."""

    def refuse(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO ADMISSIONS"):
            raise RuntimeError("the process dies while the household is admitted")

    sa_event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", refuse)


def _count(model, *where) -> int:
    db.session.rollback()  # what is committed, read afresh
    return db.session.scalar(select(func.count(model.id)).where(*where))


@pytest.mark.parametrize("sent_again", [False, True], ids=["online", "with-client-id"])
def test_a_walk_in_that_fails_while_admitted_leaves_nothing_half_written(app, make_event, sent_again):
    event = make_event(capacity=10)
    door = Door(name="Door 1")
    family = Household(contact_name="박현관", phone="010-3333-4444", email="park@example.kr", adults=2, children=1)
    request = DoorRequest(str(uuid.uuid4()), utcnow()) if sent_again else None
    placed, handed_over = [], []

    def placed_with_messages(sender, rsvp, **_):   # the first half is done: household and messages written
        db.session.flush()
        placed.append(db.session.scalar(select(func.count(OutboundMessage.id))
                                        .where(OutboundMessage.rsvp_id == rsvp.id)))
        current_unit().after_commit(lambda: handed_over.append(rsvp.id))

    with signals.rsvp_confirmed.connected_to(placed_with_messages), _database_fails_on_admission(), \
            pytest.raises(RuntimeError, match="while the household is admitted"):
        register_walk_in(event, family, door, request=request)
    assert placed and placed[0] >= 1                       # the failure came between the halves
    assert _count(Rsvp, Rsvp.event_id == event.id) == 0
    assert _count(Admission, Admission.event_id == event.id) == 0
    assert _count(OutboundMessage) == 0
    assert handed_over == []                               # nothing went to the job queue either

    verdict = register_walk_in(event, family, door, request=request)   # staff press again: all of it, once
    assert (verdict.result, verdict.admitted_total, verdict.party_size) == ("admitted", 3, 3)
    assert _count(Rsvp, Rsvp.event_id == event.id) == 1
    assert db.session.scalar(select(func.sum(Admission.people)).where(Admission.event_id == event.id)) == 3
    assert _count(OutboundMessage, OutboundMessage.rsvp_id == verdict.rsvp.id) == placed[0]
