"""Demo data for submissions: the demo event's upload window (teams come from events.demo)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..events.models import Event
from ..extensions import db
from ..i18n import format_in_zone
from .models import SubmissionSettings
from .window import WindowSettings, save_settings


def seed(event: Event) -> list[str]:
    """Open uploads until a week before the event, 18:00 in its zone (kept if already set)."""
    settings = db.session.get(SubmissionSettings, event.id)
    if settings is None:
        zone = ZoneInfo(event.timezone)
        day = event.starts_at.astimezone(zone).date() - timedelta(days=7)
        settings = save_settings(event, WindowSettings(opens_at=None,
                                                       closes_at=datetime.combine(day, time(18, 0), zone)))
    deadline = format_in_zone(settings.closes_at or event.starts_at, event.timezone, language="en")
    return [f"  videos: uploads open until {deadline}; "
            f"print a team's upload link with: flask --app showcase team-link {event.slug} 1"]
