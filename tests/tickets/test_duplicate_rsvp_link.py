"""A family that RSVPs twice is sent its own links again, not given a second set of seats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from showcase.events.refusals import DuplicateRsvp
from showcase.extensions import db
from showcase.tickets.links import LINKS_QUIET
from showcase.tickets.models import MessageKind, OutboundMessage


def _kinds(rsvp_id: int) -> list[tuple[MessageKind, str]]:
    return list(db.session.execute(select(OutboundMessage.kind, OutboundMessage.channel)
                                   .where(OutboundMessage.rsvp_id == rsvp_id).order_by(OutboundMessage.id)))


def test_duplicate_rsvp_resends_the_links_once_per_quarter_hour(app, make_event, make_rsvp):
    event = make_event()
    family = make_rsvp(event, phone="010-1234-5678", email="family@example.com")
    confirmed = [(MessageKind.CONFIRMED, "email"), (MessageKind.CONFIRMED, "text")]
    assert _kinds(family.id) == confirmed
    # a confirmation a minute ago does not hold the links back: only earlier link messages count
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="", email="FAMILY@example.com")
    links = [(MessageKind.LINKS, "email"), (MessageKind.LINKS, "text")]
    assert _kinds(family.id) == confirmed + links
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="01012345678")
    assert _kinds(family.id) == confirmed + links, "no message storm from repeated tries"
    for message in db.session.scalars(select(OutboundMessage).where(OutboundMessage.kind == MessageKind.LINKS)):
        message.created_at -= LINKS_QUIET + timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="+82 10-1234-5678")
    assert _kinds(family.id) == confirmed + links + links, "a quarter hour later the links go again"


def test_duplicate_of_a_waiting_family_resends_its_links(app, make_event, make_rsvp):
    event = make_event(capacity=1)
    make_rsvp(event, adults=1)
    waiting = make_rsvp(event, adults=2, phone="", email="wait@example.com")
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="", email="wait@example.com")
    assert _kinds(waiting.id) == [(MessageKind.WAITLISTED, "email"), (MessageKind.LINKS, "email")]
