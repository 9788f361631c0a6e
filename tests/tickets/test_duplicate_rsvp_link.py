"""A family that RSVPs twice is mailed its own links again, not given a second set of seats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from showcase.events.refusals import DuplicateRsvp
from showcase.extensions import db
from showcase.tickets.models import MessageKind, OutboundMessage
from showcase.tickets.receivers import LINK_RESEND_QUIET


def _kinds(rsvp_id: int) -> list[MessageKind]:
    return list(db.session.scalars(select(OutboundMessage.kind).where(OutboundMessage.rsvp_id == rsvp_id)
                                   .order_by(OutboundMessage.id)))


def test_duplicate_rsvp_resends_the_ticket_once_per_quarter_hour(app, make_event, make_rsvp):
    event = make_event()
    family = make_rsvp(event, phone="010-1234-5678", email="family@example.com")
    assert _kinds(family.id) == [MessageKind.CONFIRMED]
    first = db.session.scalars(select(OutboundMessage)).one()
    first.created_at -= LINK_RESEND_QUIET + timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="", email="FAMILY@example.com")
    assert _kinds(family.id) == [MessageKind.CONFIRMED, MessageKind.TICKET]
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="01012345678")
    assert _kinds(family.id) == [MessageKind.CONFIRMED, MessageKind.TICKET], "no mail flood from repeated tries"


def test_duplicate_of_a_waiting_family_resends_its_waitlist_place(app, make_event, make_rsvp):
    event = make_event(capacity=1)
    make_rsvp(event, adults=1)
    waiting = make_rsvp(event, adults=2, email="wait@example.com")
    message = db.session.scalars(select(OutboundMessage).where(OutboundMessage.rsvp_id == waiting.id)).one()
    message.created_at -= LINK_RESEND_QUIET + timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, email="wait@example.com")
    assert _kinds(waiting.id) == [MessageKind.WAITLISTED, MessageKind.WAITLISTED]
