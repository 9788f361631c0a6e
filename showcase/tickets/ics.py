"""The ticket's calendar file: the event in its own time zone, the venue and a reminder the day before.

The download (``/t/<token>/event.ics``) is METHOD:PUBLISH. The emailed file is an RFC 5546
invitation: METHOD:REQUEST while the household comes, METHOD:CANCEL once it no longer does, with
the same UID per household and a SEQUENCE that grows with every invitation the household is sent
(each follows a change of its party or status, or of the event), so a calendar updates or removes
its entry instead of adding another.
"""

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


def _mail_address(text: str) -> str:
    from email.utils import parseaddr

    return parseaddr(text)[1] or "no-reply@showcase.local"


def event_ics(rsvp: Rsvp, ticket_url: str, language: str, method: str = "PUBLISH", sequence: int = 0) -> bytes:
    """An iCalendar file with the household's event, written in ``language``.

    ``method`` PUBLISH (the download), or REQUEST / CANCEL (the emailed invitation, RFC 5546,
    whose ``sequence`` must grow from one invitation to the household to the next).
    """
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
    calendar.add("method", method)
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
    entry.add("status", "CANCELLED" if method == "CANCEL" or rsvp.status == RsvpStatus.CANCELLED
              else "CONFIRMED")
    if method in ("REQUEST", "CANCEL"):
        entry.add("sequence", sequence)
        organizer = icalendar.vCalAddress(f"mailto:{_mail_address(current_app.config['MAIL_FROM'])}")
        organizer.params["cn"] = icalendar.vText(localized(event, "host", language) or title)
        entry.add("organizer", organizer)
        attendee = icalendar.vCalAddress(f"mailto:{rsvp.email or _mail_address(current_app.config['MAIL_FROM'])}")
        attendee.params["cn"] = icalendar.vText(rsvp.contact_name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText("DECLINED" if method == "CANCEL" else "ACCEPTED")
        entry.add("attendee", attendee)
    if method == "CANCEL":
        calendar.add_component(entry)
        return _with_zones(calendar, event, zone)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", alarm_text)
    alarm.add("trigger", timedelta(days=-1))
    entry.add_component(alarm)
    calendar.add_component(entry)
    return _with_zones(calendar, event, zone)


def _with_zones(calendar: icalendar.Calendar, event: Event, zone: ZoneInfo) -> bytes:
    first = event.starts_at.astimezone(zone).date() - timedelta(days=400)
    calendar.add_missing_timezones(first_date=first, last_date=first + timedelta(days=800))
    return calendar.to_ical()
