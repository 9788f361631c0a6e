"""Quiet hours: a phone is not woken at night by a message that can wait until morning."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from ..kinds import NON_URGENT_KINDS
from ..models import MessageKind

DEFAULT_QUIET_HOURS = ("21:00", "08:00")


def _hours() -> tuple[time, time]:
    start, end = current_app.config.get("TEXT_QUIET_HOURS") or DEFAULT_QUIET_HOURS
    return time.fromisoformat(start), time.fromisoformat(end)


def held_until(kind: MessageKind, zone: str, now: datetime) -> datetime | None:
    """When a ``kind`` text recorded at ``now`` may go (quiet hours in ``zone``); None: at once."""
    if kind not in NON_URGENT_KINDS:
        return None
    start, end = _hours()
    local = now.astimezone(ZoneInfo(zone))
    clock = local.time()
    quiet = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not quiet:
        return None
    morning = local.date() + timedelta(days=1) if clock >= end and start > end else local.date()
    resume = datetime.combine(morning, end, tzinfo=local.tzinfo)
    return resume.astimezone(now.tzinfo)
