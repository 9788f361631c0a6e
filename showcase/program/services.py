"""The run of show: adding, editing, deleting and reordering items, and the per-event settings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import time

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import unit_of_work
from ..events.models import Event
from ..events.seats import lock_event
from ..extensions import db
from .models import ItemKind, ProgramItem, ProgramSettings
from .refusals import InvalidItem, OrderChanged

TITLE_MAX = 120
PERFORMERS_MAX = 200
DESCRIPTION_MAX = 600
WELCOME_MAX = 1500
SIGNATURE_MAX = 120
MAX_ITEMS = 40


@dataclass
class ItemInput:
    """What an organizer enters for one item."""

    kind: ItemKind
    start_time: time | None
    title_ko: str = ""
    title_en: str = ""
    performers_ko: str = ""
    performers_en: str = ""
    description_ko: str = ""
    description_en: str = ""


@dataclass
class SettingsInput:
    """The organizer-editable words and figures of an event's program."""

    welcome_ko: str = ""
    welcome_en: str = ""
    welcome_signature_ko: str = ""
    welcome_signature_en: str = ""
    participants: int | None = None


def program_items(event: Event) -> list[ProgramItem]:
    """The event's run of show in order."""
    return _items_of(event.id)


def _items_of(event_id: int) -> list[ProgramItem]:
    return list(db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == event_id)
                                   .order_by(ProgramItem.position, ProgramItem.id)))


def _locked_items(event_id: int) -> list[ProgramItem]:
    """The run of show read fresh inside the current unit of work, holding the event's lock (PostgreSQL:
    two organizers editing one run of show at once take turns, so positions never clash)."""
    lock_event(event_id)
    return _items_of(event_id)


def find_item(event: Event, item_id: int) -> ProgramItem | None:
    """The item ``item_id`` if it belongs to ``event``."""
    item = db.session.get(ProgramItem, item_id)
    return item if item is not None and item.event_id == event.id else None


def settings_for(event: Event) -> ProgramSettings:
    """The event's program settings (unsaved defaults when the organizer has set none)."""
    settings = db.session.get(ProgramSettings, event.id)
    return settings if settings is not None else ProgramSettings(event_id=event.id, welcome_ko="", welcome_en="",
                                                                 welcome_signature_ko="", welcome_signature_en="")


def _length_errors(values: dict[str, str], limits: dict[str, int]) -> dict:
    errors = {}
    for name, limit in limits.items():
        if len(values[name]) > limit:
            errors[name] = _l("At most %(max)d characters (this has %(count)d).", max=limit, count=len(values[name]))
    return errors


def _clean(data: ItemInput) -> ItemInput:
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for name, value in values.items():
        if isinstance(value, str) and not isinstance(value, ItemKind):
            values[name] = value.strip()
    return ItemInput(**values)


def time_label(value: time | None) -> str:
    """24-hour "11:05" (empty for no time)."""
    return value.strftime("%H:%M") if value else ""


def display_title(item: ProgramItem) -> str:
    """A short name for the item in messages (Korean first)."""
    return item.title_ko or item.title_en


def _check_item(data: ItemInput) -> None:
    errors = _length_errors(
        {f.name: getattr(data, f.name) for f in fields(data) if isinstance(getattr(data, f.name), str)},
        {"title_ko": TITLE_MAX, "title_en": TITLE_MAX, "performers_ko": PERFORMERS_MAX,
         "performers_en": PERFORMERS_MAX, "description_ko": DESCRIPTION_MAX, "description_en": DESCRIPTION_MAX})
    if not data.title_ko and not data.title_en:
        errors["title_ko"] = _l("Give the item a title in Korean or English (or both).")
    if not isinstance(data.kind, ItemKind):
        errors["kind"] = _l("Choose what kind of item this is.")
    if errors:
        raise InvalidItem(_l("Please correct the highlighted fields."), errors)


def _check_time_fits(items: list[ProgramItem], index: int, start: time | None) -> None:
    """Refuse a time earlier than an item above it or later than an item below it."""
    if start is None:
        return
    for other in reversed(items[:index]):
        if other.start_time is not None:
            if other.start_time > start:
                raise InvalidItem(_l("Times are out of order."), {"start_time": _l(
                    "%(time)s is earlier than “%(other)s” at %(other_time)s, which comes before this item. "
                    "Choose a later time or move the item up.", time=time_label(start),
                    other=display_title(other), other_time=time_label(other.start_time))})
            break
    for other in items[index + 1:]:
        if other.start_time is not None:
            if other.start_time < start:
                raise InvalidItem(_l("Times are out of order."), {"start_time": _l(
                    "%(time)s is later than “%(other)s” at %(other_time)s, which comes after this item. "
                    "Choose an earlier time or move the item down.", time=time_label(start),
                    other=display_title(other), other_time=time_label(other.start_time))})
            break


def _renumber(items: list[ProgramItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


def add_item(event: Event, data: ItemInput) -> ProgramItem:
    """Add an item; with a time it goes where that time fits, without one at the end."""
    data = _clean(data)
    _check_item(data)
    with unit_of_work():
        items = _locked_items(event.id)
        if len(items) >= MAX_ITEMS:
            raise InvalidItem(_l("A run of show can have at most %(max)d items.", max=MAX_ITEMS))
        index = len(items)
        if data.start_time is not None:
            later = [i for i, other in enumerate(items)
                     if other.start_time is not None and other.start_time > data.start_time]
            if later:
                index = later[0]
        _check_time_fits(items, index, data.start_time)
        item = ProgramItem(event_id=event.id, **{f.name: getattr(data, f.name) for f in fields(data)})
        items.insert(index, item)
        db.session.add(item)
        _renumber(items)
    return item


def update_item(item: ProgramItem, data: ItemInput) -> ProgramItem:
    """Change an item's texts, kind or time (the time must still fit between its neighbours)."""
    data = _clean(data)
    _check_item(data)
    with unit_of_work():
        items = _locked_items(item.event_id)
        _check_time_fits(items, items.index(item), data.start_time)
        for f in fields(data):
            setattr(item, f.name, getattr(data, f.name))
    return item


def delete_item(item: ProgramItem) -> None:
    """Remove an item and close the gap."""
    with unit_of_work():
        event_id = item.event_id
        _locked_items(event_id)
        db.session.delete(item)
        db.session.flush()
        _renumber(_items_of(event_id))


def move_item(item: ProgramItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) one place; at either end nothing changes."""
    with unit_of_work():
        items = _locked_items(item.event_id)
        index = items.index(item)
        target = index + offset
        if 0 <= target < len(items):
            items.insert(target, items.pop(index))
            _renumber(items)


def reorder_items(event: Event, item_ids: list[int]) -> None:
    """Put the items in the order of ``item_ids`` (every item of the event, each once)."""
    with unit_of_work():
        items = {item.id: item for item in _locked_items(event.id)}
        if sorted(item_ids) != sorted(items):
            raise OrderChanged(_l("The run of show changed while you were reordering it. "
                                  "Reload the page and try again."))
        _renumber([items[item_id] for item_id in item_ids])


def schedule_problems(items: list[ProgramItem]) -> list[str]:
    """Messages for items whose time is earlier than an item above them."""
    problems = []
    previous: ProgramItem | None = None
    for item in items:
        if item.start_time is None:
            continue
        if previous is not None and previous.start_time is not None and item.start_time < previous.start_time:
            problems.append(str(_l("“%(item)s” at %(time)s comes after “%(other)s” at %(other_time)s: "
                                   "change a time or move an item.", item=display_title(item),
                                   time=time_label(item.start_time), other=display_title(previous),
                                   other_time=time_label(previous.start_time))))
        previous = item
    return problems


def update_settings(event: Event, data: SettingsInput) -> ProgramSettings:
    """Save the welcome words, their signature and the participants figure."""
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip().replace("\r\n", "\n")
    errors = _length_errors(values, {"welcome_ko": WELCOME_MAX, "welcome_en": WELCOME_MAX,
                                     "welcome_signature_ko": SIGNATURE_MAX, "welcome_signature_en": SIGNATURE_MAX})
    if values["participants"] is not None and not 0 <= values["participants"] <= 10_000_000:
        errors["participants"] = _l("Enter a number from 0 to 10,000,000, or leave it empty.")
    if errors:
        raise InvalidItem(_l("Please correct the highlighted fields."), errors)
    with unit_of_work():
        lock_event(event.id)  # PostgreSQL: two first saves cannot both add the settings row
        settings = db.session.get(ProgramSettings, event.id)
        if settings is None:
            settings = ProgramSettings(event_id=event.id)
            db.session.add(settings)
        for name, value in values.items():
            setattr(settings, name, value)
    return settings


def community_figures(event: Event) -> tuple[int, int]:
    """(teams, households) of the event's communities."""
    from ..events.models import Community

    teams, households = db.session.execute(
        select(func.count(Community.id), func.coalesce(func.sum(Community.households), 0))
        .where(Community.event_id == event.id)).one()
    return int(teams), int(households)
