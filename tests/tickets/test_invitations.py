"""Calendar invitations that follow the RSVP (RFC 5546), read back with icalendar and the email parser."""

from __future__ import annotations

from pathlib import Path

import icalendar
from sqlalchemy import select

from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.households import Party
from showcase.events.models import Event
from showcase.extensions import db
from tests.tickets.conftest import parse_mail


def _invitations(app) -> list[tuple[str, icalendar.Calendar, str]]:
    """(message kind, calendar, charset) of every emailed .ics, in the order written."""
    found = []
    for path in sorted((Path(app.instance_path) / "outbox").glob("*.eml")):
        mail = parse_mail(path.read_bytes())
        for part in mail.walk():
            if part.get_content_type() == "text/calendar":
                text = part.get_content()                      # decoded with the declared charset
                assert "\ufffd" not in text
                found.append((path.name.rsplit("-", 1)[-1][:-4], icalendar.Calendar.from_ical(text),
                              part.get_content_charset()))
    return found


def test_request_then_updates_with_growing_sequence_then_cancel(app, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, contact_name="김하늘", email="haneul@example.com", adults=2)
    rsvp_changes.change_party(rsvp.id, Party(adults=3))
    event = db.session.get(Event, seoul_event.id)
    event.venue_ko = "부산광역시의회 3층 소회의실"              # the organizer moves the event
    db.session.commit()
    rsvp_changes.change_party(rsvp.id, Party(adults=3, children=1))    # told again, with the new room
    rsvp_changes.cancel_rsvp(rsvp.id)

    invitations = _invitations(app)
    assert [kind for kind, _, _ in invitations] == ["confirmed", "changed", "changed", "cancelled"]
    assert {charset for _, _, charset in invitations} == {"utf-8"}
    methods = [str(calendar["METHOD"]) for _, calendar, _ in invitations]
    assert methods == ["REQUEST", "REQUEST", "REQUEST", "CANCEL"]
    entries = [calendar.walk("VEVENT")[0] for _, calendar, _ in invitations]
    assert len({str(entry["UID"]) for entry in entries}) == 1   # one entry per household, updated in place
    sequences = [int(entry["SEQUENCE"]) for entry in entries]
    assert sequences == sorted(sequences) and len(set(sequences)) == 4, sequences
    assert all(str(entry["ORGANIZER"]).startswith("mailto:") for entry in entries)
    assert str(entries[0]["ATTENDEE"]) == "mailto:haneul@example.com"
    assert str(entries[0]["SUMMARY"]) == "함께 키우는 우리 아이"
    assert "3층 소회의실" in str(entries[2]["LOCATION"])
    assert str(entries[3]["STATUS"]) == "CANCELLED"


def test_the_download_stays_publish(app, client, seoul_event, make_rsvp):
    rsvp = make_rsvp(seoul_event, email="family@example.com")
    response = client.get(f"/t/{rsvp_tokens.ticket_token(rsvp)}/event.ics")
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    entry = calendar.walk("VEVENT")[0]
    assert "ATTENDEE" not in entry
    [(_, emailed, _)] = _invitations(app)
    assert str(emailed.walk("VEVENT")[0]["UID"]) == str(entry["UID"])


def test_a_waiting_household_gets_no_invitation_until_promoted(app, make_event, make_rsvp):
    event = make_event(capacity=1)
    first = make_rsvp(event, adults=1, email="first@example.com")
    waiting = make_rsvp(event, adults=1, email="waiting@example.com")
    rsvp_changes.cancel_rsvp(first.id)
    kinds = [kind for kind, _, _ in _invitations(app)]
    assert kinds == ["confirmed", "cancelled", "promoted"]
    assert db.session.scalar(select(Event.id)) and waiting.id
