"""How a verdict reads at the door: a headline, a detail line and a colour, in the reader's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from ..events.models import Event, Rsvp
from ..events.needs import need_words
from ..events.wording import party_summary
from ..extensions import db
from ..i18n import format_in_zone, localized
from ..urls import absolute_url
from .core import UNDO_WINDOW, HouseholdSnapshot, Verdict
from .door_names import door_label

TONES = {"admitted": "ok", "partially_admitted": "ok", "already_admitted": "warn", "undone": "warn",
         "waitlisted": "bad", "cancelled": "bad", "wrong_event": "bad", "not_found": "bad"}


def party_words(rsvp: Rsvp | HouseholdSnapshot) -> str:
    """"2 adults, 2 children, 1 lap infant" in the reader's language."""
    return party_summary(rsvp.adults, rsvp.children, rsvp.infants)


def headline(verdict: Verdict, timezone: str) -> tuple[str, str]:
    """The big line and the line under it."""
    rsvp = verdict.rsvp
    result = verdict.result
    if result == "admitted":
        assert rsvp is not None  # every verdict but not_found names its household
        if verdict.admitted_now == verdict.party_size:
            return _("Admit %(num)d", num=verdict.admitted_now), party_words(rsvp)
        return (_("Admit %(num)d", num=verdict.admitted_now),
                _("The whole party of %(total)d is now in.", total=verdict.party_size))
    if result == "partially_admitted":
        return (_("Admit %(num)d of %(total)d", num=verdict.admitted_now, total=verdict.party_size),
                ngettext("%(num)d more still to come.", "%(num)d more still to come.", verdict.remaining))
    if result == "already_admitted":
        last = verdict.last
        when = format_in_zone(last.created_at, timezone, "time") if last else ""
        return (_("Already admitted"),
                _("at %(time)s at %(door)s (%(admitted)d of %(total)d)", time=when,
                  door=door_label(last.door_name) if last else "", admitted=verdict.admitted_total,
                  total=verdict.party_size))
    if result == "waitlisted":
        assert rsvp is not None  # every verdict but not_found names its household
        return (_("On the waitlist"),
                _("Needs %(seats)d seat(s); %(free)d free now.", seats=rsvp.seats, free=verdict.seats_free))
    if result == "cancelled":
        if verdict.released_at is not None:
            return (_("Cancelled"),
                    _("Seats released at %(time)s because nobody had arrived; %(free)d seat(s) free now.",
                      time=format_in_zone(verdict.released_at, timezone, "time"),
                      free=verdict.seats_free))
        return _("Cancelled"), _("This RSVP was cancelled. Do not admit with this ticket.")
    if result == "wrong_event":
        assert rsvp is not None  # every verdict but not_found names its household
        return _("Not a ticket for this event"), _("This ticket is for: %(title)s",
                                                   title=localized(db.session.get(Event, rsvp.event_id), "title"))
    if result == "undone":
        assert rsvp is not None  # every verdict but not_found names its household
        return (_("Admission undone"),
                _("%(name)s: %(admitted)d of %(total)d now admitted.", name=rsvp.contact_name,
                  admitted=verdict.admitted_total, total=verdict.party_size))
    return _("Unknown code"), _("This is not one of our tickets. Search by name or phone instead.")


def conflict_headline(verdict: Verdict) -> tuple[str, str, str]:
    """What a door is told when its offline admission met another door's."""
    return (_("Conflict: admitted at two doors"),
            _("Another door had already let them in: %(admitted)d of %(total)d are counted, each once. "
              "Please check with the family.", admitted=verdict.admitted_total, total=verdict.party_size), "warn")


def verdict_json(verdict: Verdict, timezone: str) -> dict:
    """The API body for a verdict: the contract's fields, then what the door screen shows."""
    rsvp = verdict.rsvp if verdict.result != "wrong_event" else None
    title, detail = headline(verdict, timezone)
    last = verdict.last
    body: dict[str, Any] = {
        "result": verdict.result,
        "household": rsvp.contact_name if rsvp else None,
        "party_size": verdict.party_size if rsvp else 0,
        "admitted_total": verdict.admitted_total if rsvp else 0,
        "remaining": verdict.remaining if rsvp else 0,
        "last_checkin_at": last.created_at.isoformat() if last else None,
        "last_door": door_label(last.door_name) if last else None,
        "household_id": rsvp.id if rsvp else None,
        "status": rsvp.status.value if rsvp else None,
        "adults": rsvp.adults if rsvp else 0,
        "children": rsvp.children if rsvp else 0,
        "infants": rsvp.infants if rsvp else 0,
        "seats": rsvp.seats if rsvp else 0,
        "admitted_now": verdict.admitted_now,
        "admission_id": verdict.admission.id if verdict.admission else None,
        "undo_until": ((verdict.admission.recorded_at + UNDO_WINDOW).isoformat()
                       if verdict.admission and verdict.result != "undone" else None),
        "seats_free": verdict.seats_free,
        "released_at": verdict.released_at.isoformat() if verdict.released_at else None,
        "title": title, "detail": detail, "tone": TONES.get(verdict.result, "bad"),
        "conflict": verdict.conflict,
    }
    if verdict.conflict:
        body["title"], body["detail"], body["tone"] = conflict_headline(verdict)
    if rsvp is not None:  # what it needs and whether it may be photographed, read with it (no ORM load)
        body["needs"] = need_words(rsvp)
        body["photo_consent"] = rsvp.photo_consent
    if verdict.result == "wrong_event" and verdict.rsvp is not None:
        body["ticket_event"] = absolute_url("events.show", slug=db.session.get_one(Event, verdict.rsvp.event_id).slug)
    return body
