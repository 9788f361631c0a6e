"""What organizers see of the messages to families: the list, counts per state, and the
confirmed households that no ticket has reached yet."""

from __future__ import annotations

from sqlalchemy import exists, func, or_, select

from ..events.models import Rsvp, RsvpStatus
from ..extensions import db
from .kinds import TICKET_KINDS
from .models import MessageState, OutboundMessage


def messages_for_event(event_id: int, state: MessageState | None = None) -> list[OutboundMessage]:
    """An event's messages, newest first, optionally only those in ``state``."""
    query = select(OutboundMessage).where(OutboundMessage.event_id == event_id)
    if state is not None:
        query = query.where(OutboundMessage.state == state)
    return list(db.session.scalars(query.order_by(OutboundMessage.created_at.desc(),
                                                  OutboundMessage.id.desc())))


def state_counts(event_id: int) -> dict[MessageState, int]:
    """How many of an event's messages are in each state."""
    rows = db.session.execute(
        select(OutboundMessage.state, func.count()).where(OutboundMessage.event_id == event_id)
        .group_by(OutboundMessage.state)).all()
    counts = {state: 0 for state in MessageState}
    counts.update({MessageState(state): count for state, count in rows})
    return counts


def households_without_ticket(event_id: int) -> list[Rsvp]:
    """Confirmed households with an email address or mobile number that no ticket message has reached."""
    delivered = exists().where(OutboundMessage.rsvp_id == Rsvp.id,
                               OutboundMessage.state == MessageState.SENT,
                               OutboundMessage.kind.in_(list(TICKET_KINDS)))
    return list(db.session.scalars(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.CONFIRMED,
                           or_(Rsvp.email != "", Rsvp.phone != ""), ~delivered).order_by(Rsvp.contact_name, Rsvp.id)))
