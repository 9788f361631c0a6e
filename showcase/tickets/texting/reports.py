"""Delivery reports: the provider's later word on a text it accepted (webhook or polling).

A delivered report stamps ``delivered_at``; a failed one (a wrong or unreachable number) makes the
message ``failed`` for good, with the provider's reason, so the organizer sees it. A report never
revives a message, and the same report twice changes nothing more.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import select

from ...database import end_reads, unit_of_work, utcnow
from ...extensions import db
from ..models import MessageState, OutboundMessage
from .solapi import ProviderStatus, SolapiClient

log = logging.getLogger(__name__)

#: polling asks about texts accepted within this long that have no final report yet
POLL_WINDOW = timedelta(days=3)
POLL_BATCH = 100


def signature_valid(secret: str, body: bytes, signature: str) -> bool:
    """Whether ``signature`` is the hex HMAC-SHA256 of ``body`` with ``secret`` (``sha256=`` optional)."""
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    given = signature.strip().removeprefix("sha256=")
    return hmac.compare_digest(expected, given)


def statuses_from_webhook(payload: object) -> list[ProviderStatus]:
    """The reports in a Solapi webhook body: a list of {"data": {"messageId", "statusCode", …}}."""
    items = payload if isinstance(payload, list) else [payload]
    found = []
    for item in items:
        data = item.get("data", item) if isinstance(item, dict) else None
        if isinstance(data, dict) and data.get("messageId") and data.get("statusCode"):
            found.append(ProviderStatus(str(data["messageId"])[:64], str(data["statusCode"])[:10],
                                        str(data.get("statusMessage") or "")[:200]))
    return found


def apply_statuses(statuses: list[ProviderStatus], now: datetime | None = None) -> int:
    """Record the provider's reports on the messages they name; returns how many changed."""
    now = now or utcnow()
    final = [status for status in statuses if not status.pending]
    if not final:
        return 0
    changed = 0
    by_id = {status.message_id: status for status in final}
    with unit_of_work():
        messages = db.session.scalars(select(OutboundMessage).where(
            OutboundMessage.provider_message_id.in_(list(by_id)), OutboundMessage.state == MessageState.SENT,
            OutboundMessage.delivered_at.is_(None)))
        for message in messages:
            status = by_id[str(message.provider_message_id)]  # selected by it: never None
            message.updated_at = now
            if status.delivered:
                message.delivered_at = now
            else:
                message.state = MessageState.FAILED
                message.last_error = f"Not delivered ({status.code}: {status.text})."[:500]
            changed += 1
    return changed


def poll_reports(now: datetime | None = None) -> int:
    """Ask the provider about accepted texts without a final report (where no webhook is set up)."""
    now = now or utcnow()
    waiting = list(db.session.scalars(
        select(OutboundMessage.provider_message_id).where(
            OutboundMessage.channel == "text", OutboundMessage.state == MessageState.SENT,
            OutboundMessage.delivered_at.is_(None), OutboundMessage.provider_message_id.is_not(None),
            OutboundMessage.sent_at >= now - POLL_WINDOW).limit(POLL_BATCH)))
    end_reads()  # nothing held open while the provider answers
    if not waiting:
        return 0
    return apply_statuses(SolapiClient().statuses(cast("list[str]", waiting)), now)  # NULL ids are not selected
