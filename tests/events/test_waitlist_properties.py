"""Property test: any sequence of RSVPs, cancellations, party changes and capacity changes keeps
the seat rules — never oversold, never both confirmed and waiting, never a fitting family left waiting."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from showcase.events import placement, rsvp_changes
from showcase.events.households import Household, Party
from showcase.events.models import Event, Rsvp, RsvpStatus
from showcase.events.refusals import CapacityTooLow, NotEnoughSeats, RsvpNotChangeable
from showcase.events.services import set_capacity
from showcase.extensions import db

PHONES = itertools.count(1)
SLUGS = itertools.count(1)


class SeatRules(RuleBasedStateMachine):
    """Drives the real services against one event per example."""

    def __init__(self):
        super().__init__()
        self.event = Event(slug=f"prop-{next(SLUGS)}", title_ko="속성", capacity=8, max_party_size=10,
                           starts_at=datetime(2099, 1, 1, tzinfo=UTC), infants_take_seat=False)
        db.session.add(self.event)
        db.session.commit()
        self.ids: list[int] = []

    def _households(self) -> list[Rsvp]:
        db.session.expire_all()
        return list(db.session.scalars(select(Rsvp).where(Rsvp.event_id == self.event.id)))

    @rule(adults=st.integers(1, 3), children=st.integers(0, 3), infants=st.integers(0, 1))
    def rsvp(self, adults, children, infants):
        n = next(PHONES)
        household = Household(contact_name="가족", phone=f"010-{6000 + n // 10000:04d}-{n % 10000:04d}",
                              adults=adults, children=children, infants=infants)
        self.ids.append(placement.place_rsvp(self.event.id, household).rsvp.id)

    @precondition(lambda self: self.ids)
    @rule(data=st.data())
    def cancel(self, data):
        rsvp_changes.cancel_rsvp(data.draw(st.sampled_from(self.ids)))

    @precondition(lambda self: self.ids)
    @rule(data=st.data(), adults=st.integers(1, 3), children=st.integers(0, 3))
    def change_party(self, data, adults, children):
        rsvp_id = data.draw(st.sampled_from(self.ids))
        try:
            rsvp_changes.change_party(rsvp_id, Party(adults, children))
        except (NotEnoughSeats, RsvpNotChangeable):
            pass

    @rule(capacity=st.integers(0, 16))
    def change_capacity(self, capacity):
        try:
            set_capacity(self.event.id, capacity)
        except CapacityTooLow:
            pass

    @invariant()
    def seat_rules_hold(self):
        households = self._households()
        capacity = db.session.get(Event, self.event.id).capacity
        confirmed = sum(r.seats for r in households if r.status == RsvpStatus.CONFIRMED)
        assert confirmed <= capacity, "oversold"
        for r in households:
            assert (r.status == RsvpStatus.WAITLISTED) == (r.waitlisted_at is not None), "confirmed and waiting"
            if r.status == RsvpStatus.WAITLISTED:
                assert r.seats > capacity - confirmed, "a waiting household that fits is left waiting"


@pytest.mark.slow
def test_seat_rules_hold_for_any_sequence(app):
    run_state_machine_as_test(SeatRules, settings=settings(
        max_examples=80, stateful_step_count=25, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow]))
