"""Refusals raised by the events services, each carrying a message for the person who asked."""

from __future__ import annotations

from flask_babel import LazyString

from ..refusals import Refusal


class EventsError(Refusal):
    """A refused events action (see showcase.refusals.Refusal)."""

    #: the household's contact person is ``contact_name`` in forms and rows, ``name`` in the API
    field_names = {"contact_name": "name"}


class EventNotFound(EventsError):
    """No event (open to families) answers to this address."""

    code = "not_found"
    status = 404


class InvalidHousehold(EventsError):
    """The household's details do not pass the event's rules."""

    code = "invalid_rsvp"


class InvalidEvent(EventsError):
    """The event's details are not consistent."""

    code = "invalid_event"


class RsvpsClosed(EventsError):
    """RSVPs are not open for this event right now."""

    code = "rsvps_closed"
    status = 409


class DuplicateRsvp(EventsError):
    """This phone or email already has an RSVP for the event."""

    code = "duplicate_rsvp"
    status = 409

    def __init__(self, message: str | LazyString, rsvp_id: int):
        super().__init__(message)
        self.rsvp_id = rsvp_id


class NotEnoughSeats(EventsError):
    """A confirmed party cannot grow, or a household cannot be promoted: too few seats left."""

    code = "not_enough_seats"
    status = 409


class CapacityTooLow(EventsError):
    """The capacity asked for is below the seats already confirmed."""

    code = "capacity_below_confirmed"
    status = 409


class RsvpNotChangeable(EventsError):
    """The RSVP is cancelled (or otherwise final) and cannot change."""

    code = "rsvp_not_changeable"
    status = 409
