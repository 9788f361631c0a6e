"""Doors: a signed-in staff member or a device holding a bearer token issued for one event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import tokens
from ..auth.models import Role, User
from ..database import utcnow
from ..events.models import Event
from ..extensions import db
from .errors import InvalidEntry
from .models import DoorDevice


@dataclass(frozen=True)
class Door:
    """Who is admitting people: recorded on every admission."""

    name: str
    user_id: int | None = None
    device_id: int | None = None
    #: the device's event (a staff session may work any event)
    event_id: int | None = None
    is_organizer: bool = False


def door_for_user(user: User) -> Door:
    """The door a signed-in staff member or organizer is."""
    return Door(name=user.name, user_id=user.id, is_organizer=user.has_role(Role.ORGANIZER))


def door_for_device(device: DoorDevice) -> Door:
    """The door a device token stands for."""
    return Door(name=device.name, device_id=device.id, event_id=device.event_id)


def issue_door_token(event: Event, name: str, now: datetime | None = None) -> tuple[DoorDevice, str]:
    """Register a door device for ``event``; returns it and its bearer token (shown only once)."""
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise InvalidEntry(_l("A door name of 1 to 60 characters is needed, such as \"Door 2\"."))
    token = tokens.new_token()
    device = DoorDevice(event_id=event.id, name=name, token_hash=tokens.token_hash(token),
                        created_at=now or utcnow())
    db.session.add(device)
    db.session.commit()
    return device, token


def device_for_token(token: str) -> DoorDevice | None:
    """The active door device holding ``token``, or None."""
    if not tokens.plausible_token(token):
        return None
    device = db.session.scalar(select(DoorDevice).where(DoorDevice.token_hash == tokens.token_hash(token)))
    if device is None or device.revoked_at is not None or not tokens.hashes_match(device.token_hash, token):
        return None
    return device


def event_devices(event_id: int) -> list[DoorDevice]:
    """The door devices issued for an event, newest first."""
    return list(db.session.scalars(select(DoorDevice).where(DoorDevice.event_id == event_id)
                                   .order_by(DoorDevice.created_at.desc())))


def revoke_device(device_id: int, now: datetime | None = None) -> None:
    """Stop a door device's token from working."""
    device = db.session.get(DoorDevice, device_id)
    if device is not None and device.revoked_at is None:
        device.revoked_at = now or utcnow()
        db.session.commit()
