"""The rubric (an event's criteria) and the judging options organizers set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..database import unit_of_work
from ..events.models import Event
from ..extensions import db
from .models import Criterion, JudgingSettings, Score
from .refusals import JudgingError
from .settings import refuse_if_locked, settings_for, settings_for_update

NAME_MAX = 120


def criteria(event: Event) -> list[Criterion]:
    """The event's rubric in order."""
    return list(db.session.scalars(select(Criterion).where(Criterion.event_id == event.id)
                                   .order_by(Criterion.position, Criterion.id)))


@dataclass
class CriterionDetails:
    """What an organizer enters for a criterion."""

    name_ko: str
    name_en: str = ""
    description_ko: str = ""
    description_en: str = ""
    weight: float = 1.0
    scale_min: int = 1
    scale_max: int = 10
    position: int | None = None


def _check(details: CriterionDetails) -> CriterionDetails:
    fields = {}
    details.name_ko = " ".join((details.name_ko or "").split())
    details.name_en = " ".join((details.name_en or "").split())
    if not details.name_ko:
        fields["name_ko"] = _l("Enter the criterion's name in Korean.")
    for name in ("name_ko", "name_en"):
        if len(getattr(details, name)) > NAME_MAX:
            fields[name] = _l("At most %(max)d characters.", max=NAME_MAX)
    if details.weight is None or not (0 < details.weight <= 100):
        fields["weight"] = _l("The weight must be more than 0 and at most 100.")
    if details.scale_min is None or details.scale_max is None or not (0 <= details.scale_min < details.scale_max <= 100):
        fields["scale_max"] = _l("The scale must run from a lower to a higher whole number between 0 and 100.")
    if fields:
        raise JudgingError(_l("Some of what you entered needs correcting."), fields=fields)
    return details


def save_criterion(event: Event, details: CriterionDetails, criterion: Criterion | None = None) -> Criterion:
    """Add a criterion to the rubric or change one; the scale cannot change once scores exist."""
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        return _save_criterion(event, _check(details), criterion)


def _save_criterion(event: Event, details: CriterionDetails, criterion: Criterion | None) -> Criterion:
    if criterion is None:
        position = details.position
        if position is None:
            position = (db.session.scalar(select(func.max(Criterion.position)).where(
                Criterion.event_id == event.id)) or 0) + 1
        criterion = Criterion(event_id=event.id, position=position)
        db.session.add(criterion)
    elif criterion.event_id != event.id:
        raise JudgingError(_l("This criterion belongs to another event."), "wrong_event", 404)
    elif (details.scale_min, details.scale_max) != (criterion.scale_min, criterion.scale_max) and _has_scores(criterion):
        raise JudgingError(_l("Judges have already scored on this scale; it can no longer change."), "scored",
                           409, fields={"scale_max": _l("Scores exist on this scale.")})
    for name in ("name_ko", "name_en", "description_ko", "description_en", "weight", "scale_min", "scale_max"):
        setattr(criterion, name, getattr(details, name))
    if details.position is not None:
        criterion.position = details.position
    return criterion


def _has_scores(criterion: Criterion) -> bool:
    return db.session.scalar(select(Score.id).where(Score.criterion_id == criterion.id).limit(1)) is not None


def delete_criterion(event: Event, criterion: Criterion) -> None:
    """Remove a criterion nobody has scored yet."""
    with unit_of_work():
        refuse_if_locked(settings_for(event))
        if criterion.event_id != event.id:
            raise JudgingError(_l("This criterion belongs to another event."), "wrong_event", 404)
        if _has_scores(criterion):
            raise JudgingError(_l("Judges have already scored this criterion; it can no longer be removed."),
                               "scored", 409)
        db.session.delete(criterion)


@dataclass
class JudgingOptions:
    """The judging window and options organizers set."""

    opens_at: datetime | None
    closes_at: datetime | None
    blind: bool = False
    min_scores: int = 3


def save_options(event: Event, options: JudgingOptions) -> JudgingSettings:
    """Set the judging window, blind judging and the minimum number of scores per entry."""
    with unit_of_work():
        settings = settings_for_update(event)
        refuse_if_locked(settings)
        fields = {}
        if options.opens_at and options.closes_at and options.closes_at <= options.opens_at:
            fields["closes_at"] = _l("The window must close after it opens.")
        if options.min_scores is None or not (1 <= options.min_scores <= 50):
            fields["min_scores"] = _l("Enter a number from 1 to 50.")
        if fields:
            raise JudgingError(_l("Some of what you entered needs correcting."), fields=fields)
        settings.opens_at, settings.closes_at = options.opens_at, options.closes_at
        settings.blind, settings.min_scores = options.blind, options.min_scores
    return settings
