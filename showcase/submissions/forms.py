"""Forms for organizers: a team, a CSV of teams, the submission window, a review verdict."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateTimeLocalField,
    EmailField,
    IntegerField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from ..events.models import Event
from ..form_base import SafeForm
from .communities import TeamDetails
from .models import Eligibility, SubmissionSettings
from .window import MB, WindowSettings


class TeamForm(SafeForm):
    """One community team."""

    name = StringField(_l("Team name"), validators=[InputRequired(message=_l("Enter the team's name.")), Length(max=120)])
    district = StringField(_l("District"), validators=[Optional(), Length(max=60)])
    leader_name = StringField(_l("Leader's name"), validators=[Optional(), Length(max=100)])
    leader_phone = TelField(_l("Leader's mobile phone"), validators=[Optional(), Length(max=30)])
    leader_email = EmailField(_l("Leader's email"), validators=[Optional(), Length(max=254)])
    households = IntegerField(_l("Households"), default=0, validators=[
        Optional(), NumberRange(min=0, max=10000, message=_l("Enter a number from %(min)s to %(max)s."))])

    def details(self) -> TeamDetails:
        """The team as entered."""
        return TeamDetails(name=self.name.data or "", district=self.district.data or "",
                           leader_name=self.leader_name.data or "", leader_phone=self.leader_phone.data or "",
                           leader_email=self.leader_email.data or "", households=self.households.data or 0)


class ImportForm(SafeForm):
    """A CSV file of teams."""

    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))])


class SettingsForm(SafeForm):
    """The submission window (in the event's time zone) and the limits."""

    opens_at = DateTimeLocalField(_l("Uploads open"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Deadline"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    max_duration_seconds = IntegerField(_l("Longest video (seconds)"), validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=5, max=600, message=_l("Enter a number from %(min)s to %(max)s."))])
    max_size_mb = IntegerField(_l("Largest file (MB)"), validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=1, max=4096, message=_l("Enter a number from %(min)s to %(max)s."))])

    @classmethod
    def for_settings(cls, event: Event, settings: SubmissionSettings) -> SettingsForm:
        """The form filled from ``settings``, times shown in the event's zone."""
        form = cls()
        if not form.is_submitted():
            zone = ZoneInfo(event.timezone)
            form.opens_at.data = settings.opens_at.astimezone(zone).replace(tzinfo=None) if settings.opens_at else None
            form.closes_at.data = settings.closes_at.astimezone(zone).replace(tzinfo=None) if settings.closes_at else None
            form.max_duration_seconds.data = settings.max_duration_seconds
            form.max_size_mb.data = settings.max_size_bytes // MB
        return form

    def values(self, event: Event) -> WindowSettings:
        """The settings as entered, local times made aware in the event's zone."""
        zone = ZoneInfo(event.timezone)
        assert self.max_duration_seconds.data is not None and self.max_size_mb.data is not None  # InputRequired
        return WindowSettings(
            opens_at=self.opens_at.data.replace(tzinfo=zone) if self.opens_at.data else None,
            closes_at=self.closes_at.data.replace(tzinfo=zone) if self.closes_at.data else None,
            max_duration_seconds=self.max_duration_seconds.data, max_size_bytes=self.max_size_mb.data * MB)


class ReviewForm(SafeForm):
    """An organizer's verdict on one entry."""

    #: radio buttons drawn by the template, one per Eligibility value
    eligibility = StringField(_l("Verdict"), validators=[InputRequired(), AnyOf([e.value for e in Eligibility])])
    reason = TextAreaField(_l("Reason (shown to the team)"), validators=[Optional(), Length(max=500)])
