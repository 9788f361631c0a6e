"""Forms for households (RSVP, party changes) and for organizers (event details)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3; types-WTForms 3.2 lacks it
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..form_base import SafeForm
from .field_limits import (
    ACCESSIBILITY_NEEDS_MAX,
    ALLERGY_MAX,
    CHILDREN_AGES_MAX,
    CONTACT_NAME_MAX,
    EMAIL_MAX,
    MAX_PARTY_SIZE,
    MAX_PEOPLE_PER_COUNT,
    PHONE_TYPED_MAX,
    PHOTO_CONSENT_BY_MAX,
    PHOTO_CONSENT_FOR_MAX,
)
from .households import Household, Party
from .models import Event
from .needs import (
    NEED_KEYS,
    TEXT_NEEDS,
    YES_NO_NEEDS,
    Needs,
    needs_of,
    offered,
    offered_value,
)


def _optional_int(value: object) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return -1  # an id that belongs to no community: the service says so in the user's language


class CountField(IntegerField):
    """A head count: "1.5" or "two" gets one clear message, not a second one about the range."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(_l("Enter a whole number, such as 2.")) from None
        elif valuelist:
            self.data = None

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()


_RANGE_MESSAGE = _l("Enter a number from %(min)s to %(max)s.")


def _count(label: str, minimum: int, default: int) -> CountField:
    return CountField(label, default=default, validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=minimum, max=MAX_PEOPLE_PER_COUNT, message=_RANGE_MESSAGE)])


class PartyForm(SafeForm):
    """Adults, children and lap infants."""

    adults = _count(_l("Adults"), 1, 1)
    children = _count(_l("Children"), 0, 0)
    infants = _count(_l("Lap infants (under 24 months)"), 0, 0)

    def limit_to(self, event: Event) -> None:
        """Bound each count by the event's largest party (what the form says and the inputs allow)."""
        for name, minimum in (("adults", 1), ("children", 0), ("infants", 0)):
            field = getattr(self, name)
            most = max(minimum, event.max_party_size - (0 if name == "adults" else 1))
            field.validators = [field.validators[0], NumberRange(min=minimum, max=most, message=_RANGE_MESSAGE)]
            field.flags.min, field.flags.max = minimum, most  # the input's min and max attributes

    def party(self) -> Party:
        """The party as entered."""
        adults, children, infants = self.adults.data, self.children.data, self.infants.data
        assert adults is not None and children is not None and infants is not None  # InputRequired
        return Party(adults, children, infants)


#: the help under each short-text need, and how its input is typed
_NOTE_HELP = {
    "allergy": (_l("For example: egg, peanuts. We tell the snack corner."), {}),
    "children_ages": (_l("In years, separated by commas, such as 3, 5. For the childcare corner and snacks."),
                      {"inputmode": "numeric"}),
}


class DetailsForm(SafeForm):
    """What a household tells us besides its party: contact, team, needs and photo consent."""

    contact_name = StringField(_l("Contact name"), validators=[
        InputRequired(message=_l("Enter the name of the person we should contact.")),
        Length(max=CONTACT_NAME_MAX, message=_l("At most %(max)d characters."))])
    phone = TelField(_l("Mobile phone"), validators=[
        Optional(), Length(max=PHONE_TYPED_MAX, message=_l("At most %(max)d characters."))])
    email = EmailField(_l("Email"), validators=[
        Optional(), Length(max=EMAIL_MAX, message=_l("At most %(max)d characters."))])
    community_id = SelectField(_l("Community team"), coerce=_optional_int, validate_choice=False)
    need_wheelchair = BooleanField(YES_NO_NEEDS["wheelchair"][1])
    need_stroller = BooleanField(YES_NO_NEEDS["stroller"][1])
    need_nursing_room = BooleanField(YES_NO_NEEDS["nursing_room"][1])
    need_sign_language = BooleanField(_l("Sign-language interpretation (수어통역)"))
    allergy_note = StringField(TEXT_NEEDS["allergy"][1], validators=[
        Optional(), Length(max=ALLERGY_MAX, message=_l("At most %(max)d characters."))])
    children_ages = StringField(TEXT_NEEDS["children_ages"][1], validators=[
        Optional(), Length(max=CHILDREN_AGES_MAX, message=_l("At most %(max)d characters."))])
    accessibility_needs = TextAreaField(_l("Anything else we should prepare?"), validators=[
        Optional(), Length(max=ACCESSIBILITY_NEEDS_MAX, message=_l("At most %(max)d characters."))])
    photo_consent = BooleanField(_l("As the parent or guardian, I agree that our household, children "
                                    "included, may be photographed and filmed at the event."))
    photo_consent_by = StringField(_l("Guardian giving the consent"), validators=[
        Optional(), Length(max=PHOTO_CONSENT_BY_MAX, message=_l("At most %(max)d characters."))])
    photo_consent_for = StringField(_l("Children it covers (optional)"), validators=[
        Optional(), Length(max=PHOTO_CONSENT_FOR_MAX, message=_l("At most %(max)d characters."))])

    def set_communities(self, event: Event) -> None:
        """Offer the event's teams, with "none" first (ids and names only: 125 teams per request)."""
        from sqlalchemy import select

        from ..extensions import db
        from .models import Community

        teams = db.session.execute(select(Community.id, Community.name)
                                   .where(Community.event_id == event.id).order_by(Community.name))
        self.community_id.choices = [SelectChoice("", _l("— None / not in a team —"))] + [
            SelectChoice(str(team_id), name) for team_id, name in teams]

    def offered_need_checks(self, event: Event) -> list:
        """The yes/no need boxes ``event`` offers, in display order."""
        return [getattr(self, YES_NO_NEEDS[key][0]) for key in offered(event) if key in YES_NO_NEEDS]

    def offered_need_notes(self, event: Event) -> list[tuple]:
        """The short-text needs ``event`` offers, in display order: (field, help, input attributes)."""
        return [(getattr(self, TEXT_NEEDS[key][0]), *_NOTE_HELP[key]) for key in offered(event) if key in TEXT_NEEDS]

    def needs(self) -> Needs:
        """The structured needs as entered."""
        return Needs(wheelchair=bool(self.need_wheelchair.data), stroller=bool(self.need_stroller.data),
                     nursing_room=bool(self.need_nursing_room.data),
                     sign_language=bool(self.need_sign_language.data),
                     allergy=self.allergy_note.data or "", children_ages=self.children_ages.data or "")

    def fill_from(self, rsvp) -> None:
        """Show ``rsvp``'s current answers (on a first visit, not after a submit)."""
        from .contacts import display_phone

        self.community_id.data = rsvp.community_id
        self.phone.data = display_phone(rsvp.phone)
        needs = needs_of(rsvp)
        self.need_wheelchair.data, self.need_stroller.data = needs.wheelchair, needs.stroller
        self.need_nursing_room.data, self.need_sign_language.data = needs.nursing_room, needs.sign_language

    def household(self, locale: str, party: Party | None = None) -> Household:
        """The household as entered, for the RSVP service (the party given, or one adult)."""
        party = party or Party(1)
        return Household(
            contact_name=self.contact_name.data or "", phone=self.phone.data or "",
            email=self.email.data or "", adults=party.adults, children=party.children,
            infants=party.infants, community_id=self.community_id.data,
            accessibility_needs=self.accessibility_needs.data or "",
            photo_consent=bool(self.photo_consent.data), locale=locale, needs=self.needs(),
            photo_consent_by=self.photo_consent_by.data or "",
            photo_consent_for=self.photo_consent_for.data or "")


class RsvpForm(PartyForm, DetailsForm):
    """A household's RSVP: its party and its details."""

    def household(self, locale: str, party: Party | None = None) -> Household:
        """The household as entered, for the RSVP service."""
        return DetailsForm.household(self, locale, party or self.party())


class EventForm(SafeForm):
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
        NumberRange(min=1, max=MAX_PARTY_SIZE, message=_l("Enter a number from %(min)s to %(max)s."))])
    infants_take_seat = BooleanField(_l("Lap infants (under 24 months) need a seat of their own"))
    offered_needs = SelectMultipleField(
        _l("Needs the RSVP form asks about"), validate_choice=False,
        choices=[SelectChoice(key, {**YES_NO_NEEDS, **TEXT_NEEDS}[key][1]) for key in NEED_KEYS],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
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
    values["offered_needs"] = offered_value(form.offered_needs.data)
    return EventDetails(**values)


def event_form_for(event: Event) -> EventForm:
    """An EventForm filled with ``event``'s details, times shown in its zone."""
    form = EventForm(obj=event)
    if not form.is_submitted():
        for name in _TIME_FIELDS:
            getattr(form, name).data = _local(getattr(event, name), event.timezone)
        form.offered_needs.data = list(offered(event))
    return form
