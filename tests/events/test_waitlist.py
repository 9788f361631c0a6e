"""Seats, the family waitlist and promotion, through the real services on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from showcase.database import current_unit
from showcase.events import placement, rsvp_changes, rsvp_tokens, signals
from showcase.events.households import Household, Party
from showcase.events.models import RsvpStatus
from showcase.events.refusals import (
    CapacityTooLow,
    DuplicateRsvp,
    InvalidHousehold,
    NotEnoughSeats,
    RsvpNotChangeable,
    RsvpsClosed,
)
from showcase.events.seats import seat_counts
from showcase.events.services import set_capacity
from showcase.events.waitlist import waiting_households, waitlist_position
from showcase.extensions import db


def _status(rsvp) -> RsvpStatus:
    db.session.refresh(rsvp)
    return rsvp.status


def test_household_fits_then_waits(make_event, make_rsvp):
    event = make_event(capacity=5)
    first = make_rsvp(event, adults=2, children=2)
    second = make_rsvp(event, adults=2)
    assert first.status == RsvpStatus.CONFIRMED
    assert second.status == RsvpStatus.WAITLISTED
    assert waitlist_position(second) == 1
    counts = seat_counts(event)
    assert (counts.seats_confirmed, counts.seats_left, counts.households_waiting) == (4, 1, 1)


def test_lap_infants_take_no_seat_unless_the_event_says_so(make_event, make_rsvp):
    lap = make_event(capacity=10, infants_take_seat=False)
    seated = make_event(capacity=10, infants_take_seat=True)
    assert make_rsvp(lap, adults=2, infants=1).seats == 2
    assert make_rsvp(seated, adults=2, infants=1).seats == 3


def test_cancellation_promotes_the_earliest_whole_family_that_fits(make_event, make_rsvp):
    event = make_event(capacity=6)
    holder = make_rsvp(event, adults=2, children=1)        # 3 seats
    make_rsvp(event, adults=3)                             # 3 seats: full
    big = make_rsvp(event, adults=2, children=3)           # 5: waits first
    small = make_rsvp(event, adults=2, children=1)         # 3: waits second
    rsvp_changes.cancel_rsvp(holder.id)
    assert _status(big) == RsvpStatus.WAITLISTED, "a family too large is never split"
    assert _status(small) == RsvpStatus.CONFIRMED
    assert waitlist_position(big) == 1, "the large family keeps its place at the head"


def test_newcomer_does_not_jump_ahead_of_a_waiting_family_that_fits(make_event, make_rsvp):
    event = make_event(capacity=4)
    holder = make_rsvp(event, adults=4)
    waiting = make_rsvp(event, adults=2)
    rsvp_changes.change_party(holder.id, Party(adults=2))         # frees 2 seats
    assert _status(waiting) == RsvpStatus.CONFIRMED
    newcomer = make_rsvp(event, adults=1)
    assert newcomer.status == RsvpStatus.WAITLISTED


def test_a_newcomer_is_told_its_place_in_line_as_the_line_stands(make_event, make_rsvp):
    event = make_event(capacity=4, max_party_size=6)
    make_rsvp(event, adults=4)                                      # full
    first = make_rsvp(event, adults=3)                              # waits 1st
    make_rsvp(event, adults=5)                                      # waits 2nd
    told = placement.place_rsvp(event.id, Household(contact_name="셋째", phone="010-3333-0003", adults=1))
    assert told.waitlist_position == 3 == waitlist_position(told.rsvp)

    # Seats freed without promoting anyone (as the door's no-show release does): the next
    # newcomer's request first seats the waiting family that fits, then counts the line again.
    db.session.execute(text("UPDATE events SET capacity = 7 WHERE id = :id"), {"id": event.id})
    db.session.commit()
    told = placement.place_rsvp(event.id, Household(contact_name="넷째", phone="010-4444-0004", adults=2))
    assert _status(first) == RsvpStatus.CONFIRMED
    assert told.rsvp.status == RsvpStatus.WAITLISTED
    assert told.waitlist_position == 3 == waitlist_position(told.rsvp)  # behind the 5 and the 1


def test_promotion_is_announced_inside_the_transaction_then_committed(make_event, make_rsvp, app):
    event = make_event(capacity=2)
    holder = make_rsvp(event, adults=2)
    waiting = make_rsvp(event, adults=2)
    seen = []

    def committed_status(rsvp_id):
        with db.engine.connect() as other:  # a second connection sees only committed rows
            return other.execute(text("SELECT status FROM rsvps WHERE id = :id"), {"id": rsvp_id}).scalar()

    def on_promoted(sender, rsvp):
        seen.append(("promoted", rsvp.id, rsvp.status.value, committed_status(rsvp.id)))
        rsvp_id = rsvp.id
        current_unit().after_commit(lambda: seen.append(("committed", committed_status(rsvp_id))))

    with signals.rsvp_promoted.connected_to(on_promoted):
        rsvp_changes.cancel_rsvp(holder.id)
    assert seen == [("promoted", waiting.id, "confirmed", "waitlisted"), ("committed", "confirmed")]


def test_growing_needs_free_seats_and_shrinking_frees_them(make_event, make_rsvp):
    event = make_event(capacity=6, max_party_size=10)
    family = make_rsvp(event, adults=2, children=2)
    rsvp_changes.change_party(family.id, Party(adults=2, children=4))
    assert seat_counts(event).seats_left == 0
    with pytest.raises(NotEnoughSeats):
        rsvp_changes.change_party(family.id, Party(adults=3, children=4))
    assert family.seats == 6
    waiting = make_rsvp(event, adults=1, children=1)
    rsvp_changes.change_party(family.id, Party(adults=2, children=1))
    assert _status(waiting) == RsvpStatus.CONFIRMED


def test_capacity_cannot_drop_below_confirmed_seats_and_raising_it_promotes(make_event, make_rsvp):
    event = make_event(capacity=4)
    make_rsvp(event, adults=4)
    waiting = make_rsvp(event, adults=3)
    with pytest.raises(CapacityTooLow) as refused:
        set_capacity(event.id, 3)
    assert "4" in str(refused.value.message)
    db.session.refresh(event)
    assert event.capacity == 4
    set_capacity(event.id, 7)
    assert _status(waiting) == RsvpStatus.CONFIRMED


def test_a_second_rsvp_from_the_same_phone_or_email_is_pointed_to_the_first(make_event, make_rsvp):
    event = make_event(capacity=10)
    first = make_rsvp(event, phone="010-1234-5678", email="Family@Example.com")
    with pytest.raises(DuplicateRsvp) as same_phone:
        make_rsvp(event, phone="+82 10 1234 5678")
    assert same_phone.value.rsvp_id == first.id
    with pytest.raises(DuplicateRsvp):
        make_rsvp(event, phone="", email="family@example.com")
    rsvp_changes.cancel_rsvp(first.id)
    again = make_rsvp(event, phone="01012345678")
    assert again.status == RsvpStatus.CONFIRMED


def test_rsvps_refused_outside_their_window_but_organizers_may_add(make_event, make_rsvp):
    now = datetime.now(UTC)
    later = make_event(rsvp_opens_at=now + timedelta(days=1))
    closed = make_event(rsvp_closes_at=now - timedelta(hours=1), starts_at=now + timedelta(days=1))
    with pytest.raises(RsvpsClosed):
        make_rsvp(later)
    with pytest.raises(RsvpsClosed):
        make_rsvp(closed)
    assert make_rsvp(closed, source="organizer").status == RsvpStatus.CONFIRMED


def test_promote_by_hand_out_of_turn_only_when_the_party_fits(make_event, make_rsvp):
    event = make_event(capacity=5)
    holder = make_rsvp(event, adults=4)
    big = make_rsvp(event, adults=3)
    small = make_rsvp(event, adults=2)
    with pytest.raises(NotEnoughSeats):
        rsvp_changes.promote_by_hand(big.id)
    rsvp_changes.change_party(holder.id, Party(adults=3))      # 2 free: small is promoted automatically
    assert _status(small) == RsvpStatus.CONFIRMED
    set_capacity(event.id, 8)                            # 3 free now: big fits and is promoted
    assert _status(big) == RsvpStatus.CONFIRMED
    assert waiting_households(event.id) == []


def test_cancelling_twice_is_harmless_and_cancelled_rsvps_cannot_change(make_event, make_rsvp):
    event = make_event(capacity=5)
    family = make_rsvp(event, adults=2)
    rsvp_changes.cancel_rsvp(family.id)
    rsvp_changes.cancel_rsvp(family.id)
    assert seat_counts(event).seats_confirmed == 0
    with pytest.raises(RsvpNotChangeable):
        rsvp_changes.change_party(family.id, Party(adults=1))


def test_tokens_find_their_household_and_nothing_else(make_event, make_rsvp):
    event = make_event()
    family = make_rsvp(event)
    manage, ticket = rsvp_tokens.manage_token(family), rsvp_tokens.ticket_token(family)
    assert manage != ticket
    assert rsvp_tokens.find_by_manage_token(manage).id == family.id
    assert rsvp_tokens.find_by_ticket_token(ticket).id == family.id
    assert rsvp_tokens.find_by_manage_token(ticket) is None
    assert rsvp_tokens.find_by_manage_token(manage[:-1] + ("A" if manage[-1] != "A" else "B")) is None
    assert rsvp_tokens.find_by_manage_token("../../etc/passwd") is None
    assert family.manage_token_hash != manage and manage not in family.manage_token_hash


def test_household_details_are_validated_by_the_service(make_event):
    event = make_event(max_party_size=4, communities=1)
    other = make_event(communities=1)
    bad = Household(contact_name=" ", phone="02-123-4567", email="not-an-email", adults=0, children=0,
                    community_id=other.communities[0].id)
    with pytest.raises(InvalidHousehold) as refused:
        placement.place_rsvp(event.id, bad)
    assert set(refused.value.fields) == {"contact_name", "phone", "email", "adults", "community_id"}
    with pytest.raises(InvalidHousehold) as too_many:
        placement.place_rsvp(event.id, Household(contact_name="김", phone="010-1111-2222", adults=2, children=2, infants=1))
    assert "4" in str(too_many.value.fields["adults"])
    assert seat_counts(event).households_waiting == 0 and seat_counts(event).seats_confirmed == 0
