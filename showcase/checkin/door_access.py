"""Who may call the door API: the blueprint's rule in the app's one access mechanism.

A door is either a device holding a bearer token issued for the event (`flask door-token`) or a
signed-in staff member or organizer (the door screen itself); session callers must also send
the CSRF token in ``X-CSRFToken`` on writes, since the blueprint is exempt from form CSRF.
A missing or wrong token is 401, a token for another event 403, an unknown event 404.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from ..auth.models import Role
from ..auth.roles import Access
from .doors import Door, DoorEvent, door_event, door_for_token, door_for_user
from .refusals import CheckinError, DoorUnauthorized


def _unauthorized() -> DoorUnauthorized:
    return DoorUnauthorized(_("Send a door token (Authorization: Bearer …) or sign in as door staff."))


def _door_and_event(slug: str) -> tuple[Door, DoorEvent]:
    """The calling door and the event, or refuse with 401/403/404."""
    header = request.headers.get("Authorization", "")
    device = None
    if header:
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer":
            raise _unauthorized()
        device = door_for_token(token.strip())
        if device is None:
            raise _unauthorized()
    elif not (current_user.is_authenticated and current_user.has_role(Role.STAFF, Role.ORGANIZER)):
        raise _unauthorized()
    elif request.method != "GET" and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except (ValidationError, CSRFError):
            raise CheckinError(_("This page expired. Please reload the door screen."), code="csrf",
                               status=400) from None
    event = door_event(slug)
    if event is None or event.archived_at is not None:
        raise CheckinError(_("There is no event at this address."), code="not_found", status=404)
    if device is not None:
        if device.event_id != event.id:
            raise CheckinError(_("This door token is for another event."), code="wrong_event_token", status=403)
        return device, event
    return door_for_user(current_user), event


class DoorCallers(Access):
    """A door of the event named by the URL's ``<slug>``; the view reads it with ``calling_door``."""

    def check(self) -> None:
        g.door, g.door_event = _door_and_event((request.view_args or {}).get("slug", ""))


#: the door API's rule
DOOR_CALLERS = DoorCallers()


def calling_door() -> tuple[Door, DoorEvent]:
    """The door that passed the rule, and its event."""
    return g.door, g.door_event
