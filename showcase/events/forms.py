"""Forms for households (RSVP, party changes) and for organizers (event details)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from .households import MAX_PEOPLE_PER_COUNT, Household, Party
from .models import Event


def _optional_int(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1  # an id that belongs to no community: the service says so in the user's language


def _count(label: str, minimum: int, default: int) -> IntegerField:
    return IntegerField(label, default=default, validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=minimum, max=MAX_PEOPLE_PER_COUNT,
                    message=_l("Enter a number from %(min)s to %(max)s."))])


class PartyForm(FlaskForm):
    """Adults, children and lap infants."""

    adults = _count(_l("Adults"), 1, 1)
    children = _count(_l("Children"), 0, 0)
    infants = _count(_l("Lap infants (under 24 months)"), 0, 0)

    def party(self) -> Party:
        """The party as entered."""
        return Party(self.adults.data, self.children.data, self.infants.data)


class RsvpForm(PartyForm):
    """A household's RSVP."""

    contact_name = StringField(_l("Contact name"), validators=[
        InputRequired(message=_l("Enter the name of the person we should contact.")),
        Length(max=100, message=_l("At most %(max)d characters."))])
    phone = TelField(_l("Mobile phone"), validators=[Optional(), Length(max=30, message=_l("At most %(max)d characters."))])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254, message=_l("At most %(max)d characters."))])
    community_id = SelectField(_l("Community team"), coerce=_optional_int, validate_choice=False)
    accessibility_needs = TextAreaField(_l("Accessibility needs"), validators=[
        Optional(), Length(max=500, message=_l("At most %(max)d characters."))])
    photo_consent = BooleanField(_l("We agree to be photographed and filmed at the event."))

    def set_communities(self, event: Event) -> None:
        """Offer the event's teams, with "none" first (ids and names only: 125 teams per request)."""
        from sqlalchemy import select

        from ..extensions import db
        from .models import Community

        teams = db.session.execute(select(Community.id, Community.name)
                                   .where(Community.event_id == event.id).order_by(Community.name))
        self.community_id.choices = [SelectChoice("", _l("— None / not in a team —"))] + [
            SelectChoice(str(team_id), name) for team_id, name in teams]

    def household(self, locale: str) -> Household:
        """The household as entered, for the RSVP service."""
        return Household(
            contact_name=self.contact_name.data or "", phone=self.phone.data or "",
            email=self.email.data or "", adults=self.adults.data, children=self.children.data,
            infants=self.infants.data, community_id=self.community_id.data,
            accessibility_needs=self.accessibility_needs.data or "",
            photo_consent=bool(self.photo_consent.data), locale=locale)


class EventForm(FlaskForm):
    """An organizer's event details; times are in the event's own time zone."""

    slug = StringField(_l("Web address (slug)"), validators=[InputRequired(), Length(max=80)])
    title_ko = StringField(_l("Title (Korean)"), validators=[InputRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    description_ko = TextAreaField(_l("Description (Korean)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice("Asia/Seoul")], default="Asia/Seoul")
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    venue_ko = StringField(_l("Venue (Korean)"), validators=[InputRequired(), Length(max=200)])
    venue_en = StringField(_l("Venue (English)"), validators=[Optional(), Length(max=200)])
    address_ko = StringField(_l("Address (Korean)"), validators=[Optional(), Length(max=300)])
    address_en = StringField(_l("Address (English)"), validators=[Optional(), Length(max=300)])
    host_ko = StringField(_l("Host (Korean)"), validators=[Optional(), Length(max=200)])
    host_en = StringField(_l("Host (English)"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Seats"), validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=0, max=100000, message=_l("Enter a number from %(min)s to %(max)s."))])
    rsvp_opens_at = DateTimeLocalField(_l("RSVPs open"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    rsvp_closes_at = DateTimeLocalField(_l("RSVPs close"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    max_party_size = IntegerField(_l("Largest party"), default=6, validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=1, max=MAX_PEOPLE_PER_COUNT * 3, message=_l("Enter a number from %(min)s to %(max)s."))])
    infants_take_seat = BooleanField(_l("Lap infants (under 24 months) need a seat of their own"))
    message_channels = SelectField(_l("Messages to households"), default="both", choices=[
        SelectChoice("both", _l("Email and text message (KakaoTalk or SMS)")),
        SelectChoice("text", _l("Text message only (KakaoTalk or SMS)")),
        SelectChoice("email", _l("Email only"))])

    def validate_slug(self, field: StringField) -> None:
        field.data = (field.data or "").strip().lower()
        if not field.data:
            raise ValidationError(_l("Enter a web address."))


def _aware(value, zone: str):
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=ZoneInfo(zone)) if value else None


def _local(value, zone: str):
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if value else None


_TIME_FIELDS = ("starts_at", "ends_at", "rsvp_opens_at", "rsvp_closes_at")


def event_details(form: EventForm):
    """The form's contents as EventDetails, local times made aware in the event's zone."""
    from dataclasses import fields

    from .services import EventDetails

    values = {}
    for f in fields(EventDetails):
        value = getattr(form, f.name).data
        if f.name in _TIME_FIELDS:
            value = _aware(value, form.timezone.data)
        elif isinstance(value, str):
            value = value.strip()
        values[f.name] = value
    values["infants_take_seat"] = bool(values["infants_take_seat"])
    return EventDetails(**values)


def event_form_for(event: Event) -> EventForm:
    """An EventForm filled with ``event``'s details, times shown in its zone."""
    form = EventForm(obj=event)
    if not form.is_submitted():
        for name in _TIME_FIELDS:
            getattr(form, name).data = _local(getattr(event, name), event.timezone)
    return form
