"""How many messages went out per medium, and what they cost (unit prices in MESSAGE_PRICES)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from ...extensions import db
from ..models import MessageState, OutboundMessage

#: the order media are listed in
MEDIA = ("email", "alimtalk", "sms", "lms")


@dataclass(frozen=True)
class MediumTally:
    """Messages of one medium for an event: sent (billed), failed, waiting, and their cost."""

    medium: str
    sent: int
    failed: int
    waiting: int
    unit_price: Decimal
    cost: Decimal


def tallies(event_id: int) -> list[MediumTally]:
    """One row per medium that has any message, in MEDIA order (waiting texts count under "text")."""
    prices = current_app.config.get("MESSAGE_PRICES") or {}
    rows = db.session.execute(
        select(OutboundMessage.channel, OutboundMessage.medium, OutboundMessage.state, func.count())
        .where(OutboundMessage.event_id == event_id)
        .group_by(OutboundMessage.channel, OutboundMessage.medium, OutboundMessage.state)).all()
    counts: dict[str, dict[str, int]] = {}
    for channel, medium, state, count in rows:
        name = medium or channel  # not sent yet: only its channel is known
        bucket = counts.setdefault(name, {"sent": 0, "failed": 0, "waiting": 0})
        key = {MessageState.SENT: "sent", MessageState.FAILED: "failed"}.get(MessageState(state), "waiting")
        bucket[key] += count
    order = [m for m in MEDIA if m in counts] + sorted(set(counts) - set(MEDIA))
    result = []
    for name in order:
        price = Decimal(str(prices.get(name, 0)))
        bucket = counts[name]
        result.append(MediumTally(name, bucket["sent"], bucket["failed"], bucket["waiting"], price,
                                  price * bucket["sent"]))
    return result


def total_cost(rows: list[MediumTally]) -> Decimal:
    """The cost of every message sent so far."""
    return sum((row.cost for row in rows), Decimal(0))
