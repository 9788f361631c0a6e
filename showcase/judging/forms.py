"""Organizer forms: a rubric criterion, the judging window and options, inviting a judge, a conflict."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3; types-WTForms 3.2 lacks it
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..events.models import Event
from ..form_base import SafeForm
from .models import JudgingSettings
from .rubric import CriterionDetails, JudgingOptions


class CriterionForm(SafeForm):
    """One line of the rubric."""

    name_ko = StringField(_l("Name (Korean)"), validators=[InputRequired(message=_l("Enter the criterion's name in Korean.")), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=120)])
    description_ko = TextAreaField(_l("What judges look for (Korean)"), validators=[Optional(), Length(max=1000)])
    description_en = TextAreaField(_l("What judges look for (English)"), validators=[Optional(), Length(max=1000)])
    weight = DecimalField(_l("Weight"), default=1, places=None, validators=[  # type: ignore[call-overload]  # types-WTForms: default only a Decimal
        InputRequired(message=_l("Enter a number.")), NumberRange(min=0.1, max=100, message=_l("Enter a number from %(min)s to %(max)s."))])
    scale_min = IntegerField(_l("Lowest score"), default=1, validators=[
        InputRequired(message=_l("Enter a number.")), NumberRange(min=0, max=99, message=_l("Enter a number from %(min)s to %(max)s."))])
    scale_max = IntegerField(_l("Highest score"), default=10, validators=[
        InputRequired(message=_l("Enter a number.")), NumberRange(min=1, max=100, message=_l("Enter a number from %(min)s to %(max)s."))])

    def details(self) -> CriterionDetails:
        """The criterion as entered."""
        assert self.scale_min.data is not None and self.scale_max.data is not None  # InputRequired
        return CriterionDetails(name_ko=self.name_ko.data or "", name_en=self.name_en.data or "",
                                description_ko=self.description_ko.data or "", description_en=self.description_en.data or "",
                                weight=float(self.weight.data), scale_min=self.scale_min.data, scale_max=self.scale_max.data)


class OptionsForm(SafeForm):
    """The judging window (in the event's zone), blind judging and the minimum number of scores."""

    opens_at = DateTimeLocalField(_l("Judging opens"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Judging closes"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    blind = BooleanField(_l("Blind judging: hide team names from judges"))
    min_scores = IntegerField(_l("Scores each entry needs"), default=3, validators=[
        InputRequired(message=_l("Enter a number.")), NumberRange(min=1, max=50, message=_l("Enter a number from %(min)s to %(max)s."))])

    @classmethod
    def for_settings(cls, event: Event, settings: JudgingSettings) -> OptionsForm:
        """The form filled from ``settings``."""
        form = cls()
        if not form.is_submitted():
            zone = ZoneInfo(event.timezone)
            form.opens_at.data = settings.opens_at.astimezone(zone).replace(tzinfo=None) if settings.opens_at else None
            form.closes_at.data = settings.closes_at.astimezone(zone).replace(tzinfo=None) if settings.closes_at else None
            form.blind.data = settings.blind
            form.min_scores.data = settings.min_scores
        return form

    def values(self, event: Event) -> JudgingOptions:
        """The options as entered, local times made aware in the event's zone."""
        zone = ZoneInfo(event.timezone)
        assert self.min_scores.data is not None  # InputRequired
        return JudgingOptions(opens_at=self.opens_at.data.replace(tzinfo=zone) if self.opens_at.data else None,
                              closes_at=self.closes_at.data.replace(tzinfo=zone) if self.closes_at.data else None,
                              blind=bool(self.blind.data), min_scores=self.min_scores.data)


class InviteForm(SafeForm):
    """Invite a judge account by email."""

    email = EmailField(_l("Judge's email"), validators=[InputRequired(message=_l("Enter the judge's email.")), Length(max=254)])


class ConflictForm(SafeForm):
    """A judge who must not score a team."""

    judge_id = SelectField(_l("Judge"), coerce=int, validators=[InputRequired()])
    community_id = SelectField(_l("Team"), coerce=int, validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])


class AssignmentForm(SafeForm):
    """Every judge scores every entry, or each entry is scored by k judges."""

    mode = SelectField(_l("Who scores what"), choices=[SelectChoice("all", _l("Every judge scores every entry")),
                                                      SelectChoice("split", _l("Each entry is scored by k judges"))])
    judges_per_entry = IntegerField(_l("Judges per entry (k)"), default=3, validators=[
        Optional(), NumberRange(min=1, max=50, message=_l("Enter a number from %(min)s to %(max)s."))])

    @classmethod
    def for_mode(cls, k: int | None) -> AssignmentForm:
        """The form showing the event's current choice."""
        form = cls(formdata=None)
        form.mode.data = "all" if k is None else "split"
        form.judges_per_entry.data = k or 3
        return form

    def chosen_k(self) -> int | None:
        """k as chosen, or None for every judge on every entry."""
        return self.judges_per_entry.data if self.mode.data == "split" else None
