"""The ticket's calendar file: the event in its own time zone, the venue and a reminder the day before."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ..database import utcnow
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.wording import party_summary
from ..i18n import localized

DEFAULT_LENGTH = timedelta(hours=2)


def _host() -> str:
    base = current_app.config["BASE_URL"].split("://", 1)[-1]
    return base.split("/", 1)[0].split(":", 1)[0] or "showcase.local"


def event_ics(rsvp: Rsvp, ticket_url: str, language: str) -> bytes:
    """An iCalendar file with the household's event, written in ``language``."""
    event: Event = rsvp.event
    zone = ZoneInfo(event.timezone)
    with force_locale(language):
        title = localized(event, "title", language)
        venue = ", ".join(part for part in (localized(event, "venue", language),
                                            localized(event, "address", language)) if part)
        description = "\n".join([
            _("Your ticket (show the QR code at the entrance): %(url)s", url=ticket_url),
            _("Party: %(party)s", party=party_summary(rsvp.adults, rsvp.children, rsvp.infants)),
        ])
        alarm_text = _("Tomorrow: %(title)s", title=title)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Showcase//Tickets//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    # Stable per household, so importing a resent file updates the entry instead of doubling it.
    entry.add("uid", f"{event.slug}-{rsvp.ticket_token_hash[:24]}@{_host()}")
    entry.add("dtstamp", utcnow())
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", (event.ends_at or event.starts_at + DEFAULT_LENGTH).astimezone(zone))
    entry.add("summary", title)
    if venue:
        entry.add("location", venue)
    entry.add("description", description)
    entry.add("url", ticket_url)
    entry.add("status", "CANCELLED" if rsvp.status == RsvpStatus.CANCELLED else "CONFIRMED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", alarm_text)
    alarm.add("trigger", timedelta(days=-1))
    entry.add_component(alarm)
    calendar.add_component(entry)
    first = event.starts_at.astimezone(zone).date() - timedelta(days=400)
    calendar.add_missing_timezones(first_date=first, last_date=first + timedelta(days=800))
    return calendar.to_ical()
