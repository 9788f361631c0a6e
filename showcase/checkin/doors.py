"""Doors: a signed-in staff member or a device holding a bearer token issued for one event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update

from ..audit import services as audit
from ..auth.models import Role, User
from ..database import changed_rows, unit_of_work, utcnow
from ..events.models import Event
from ..extensions import db
from ..tokens import hashes_match, new_token, plausible_token, token_hash
from .models import DoorDevice
from .refusals import InvalidEntry


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


def _door_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 60:
        raise InvalidEntry(_l("A door name of 1 to 60 characters is needed, such as \"Door 2\"."))
    return name


def issue_door_token(event: Event, name: str, now: datetime | None = None,
                     valid_for: timedelta | None = None) -> tuple[DoorDevice, str]:
    """Register a door device for ``event`` (audited as the command line, where tokens are issued); returns it
    and its bearer token (shown only once).

    ``valid_for``: the token stops working that long from now (None: until revoked).
    """
    name = _door_name(name)
    now = now or utcnow()
    if valid_for is not None and valid_for <= timedelta(0):
        raise InvalidEntry(_l("A token must be valid for some time from now."))
    token = new_token()
    with unit_of_work():  # the caller may have read (the event): the unit never upgrades a read on SQLite
        device = DoorDevice(event_id=event.id, name=name, token_hash=token_hash(token), created_at=now,
                            expires_at=now + valid_for if valid_for is not None else None)
        db.session.add(device)
        db.session.flush()
        audit.record("door_token_issued", event_id=event.id, target=name,
                     details={"device_id": device.id,
                              "expires_at": device.expires_at.isoformat() if device.expires_at else None})
    return device, token


_DEVICE_BY_HASH = select(DoorDevice.id, DoorDevice.name, DoorDevice.event_id, DoorDevice.token_hash,
                         DoorDevice.revoked_at, DoorDevice.expires_at).where(DoorDevice.token_hash == bindparam("digest"))
_EVENT_BY_SLUG = select(Event.id, Event.slug, Event.timezone, Event.capacity, Event.archived_at).where(
    Event.slug == bindparam("slug"))


def door_for_token(token: str, now: datetime | None = None) -> Door | None:
    """The door an active device token stands for, or None (one indexed lookup, no ORM load).

    A revoked token, or one past its expiry, stands for nobody from that moment on.
    """
    if not plausible_token(token):
        return None
    row = db.session.connection().execute(_DEVICE_BY_HASH, {"digest": token_hash(token)}).first()
    if row is None or row.revoked_at is not None or not hashes_match(row.token_hash, token):
        return None
    if row.expires_at is not None and row.expires_at <= (now or utcnow()):
        return None
    return Door(name=row.name, device_id=row.id, event_id=row.event_id)


@dataclass(frozen=True)
class DoorEvent:
    """What the door needs of an event, read in one light query."""

    id: int
    slug: str
    timezone: str
    capacity: int
    archived_at: datetime | None


def door_event(slug: str) -> DoorEvent | None:
    """The event a door works at, by slug, or None."""
    row = db.session.connection().execute(_EVENT_BY_SLUG, {"slug": slug}).first()
    return DoorEvent(*row) if row is not None else None


def event_devices(event_id: int) -> list[DoorDevice]:
    """The door devices issued for an event, newest first."""
    return list(db.session.scalars(select(DoorDevice).where(DoorDevice.event_id == event_id)
                                   .order_by(DoorDevice.created_at.desc())))


def revoke_device(event_id: int, device_id: int, now: datetime | None = None,
                  actor: User | None = None) -> DoorDevice | None:
    """Stop one door device's token from working (a device of ``event_id`` only, audited); returns it."""
    with unit_of_work():
        device = db.session.get(DoorDevice, device_id)
        if device is None or device.event_id != event_id:
            return None  # the unit ends at once: the write lock is let go
        # a conditional UPDATE: two organizers pressing Revoke at once record one revocation
        revoked = changed_rows(db.session.execute(update(DoorDevice).where(
            DoorDevice.id == device.id, DoorDevice.revoked_at.is_(None)).values(revoked_at=now or utcnow())))
        if revoked:
            audit.record("door_token_revoked", actor=actor, event_id=event_id, target=device.name,
                         details={"device_ids": [device.id]})
    db.session.refresh(device)
    return device


def revoke_door(event_id: int, name: str, now: datetime | None = None) -> int:
    """Stop every token issued to the door called ``name`` at the event (a lost phone, audited as the command
    line); how many."""
    name = _door_name(name)
    with unit_of_work():
        device_ids = list(db.session.execute(update(DoorDevice).where(
            DoorDevice.event_id == event_id, DoorDevice.name == name, DoorDevice.revoked_at.is_(None))
            .values(revoked_at=now or utcnow()).returning(DoorDevice.id)).scalars())
        if device_ids:
            audit.record("door_token_revoked", event_id=event_id, target=name,
                         details={"device_ids": sorted(device_ids)})
    return len(device_ids)
