"""What a household tells us (its contacts, party and needs) and the checks it must pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..tokens import new_salt, token_hash
from .contacts import normalize_email, normalize_phone
from .field_limits import MAX_PEOPLE_PER_COUNT, PHOTO_CONSENT_BY_MAX, PHOTO_CONSENT_FOR_MAX
from .models import Community, Event, Rsvp, RsvpStatus
from .needs import Needs, needs_errors
from .refusals import InvalidHousehold
from .rsvp_tokens import manage_token, ticket_token

#: the refusal names the accepted forms: a Korean mobile number, digits with - . ( ) or spaces
PHONE_REFUSAL = _l("Enter a Korean mobile number using digits only, such as 010-1234-5678, 01012345678 "
                   "or +82 10-1234-5678. Letters, landlines and numbers from other countries cannot "
                   "receive our text messages.")


@dataclass
class Household:
    """What a family tells us when it RSVPs (already type-checked by a form)."""

    contact_name: str
    phone: str = ""
    email: str = ""
    adults: int = 1
    children: int = 0
    infants: int = 0
    community_id: int | None = None
    accessibility_needs: str = ""
    photo_consent: bool = False
    locale: str = "ko"
    needs: Needs = field(default_factory=Needs)
    #: the guardian giving (or withdrawing) the photo consent; "" means the contact person
    photo_consent_by: str = ""
    #: whom the consent covers (children's names); "" means everyone in the party
    photo_consent_for: str = ""


@dataclass
class Party:
    """A party's make-up."""

    adults: int
    children: int = 0
    infants: int = 0

    @property
    def people(self) -> int:
        """Everyone, lap infants included."""
        return self.adults + self.children + self.infants


def check_party(event: Event, party: Party) -> dict:
    """What the event's party rules say against ``party``: field name → message."""
    errors: dict = {}
    if party.adults < 1:
        errors["adults"] = _l("At least one adult must come with the party.")
    for name in ("adults", "children", "infants"):
        value = getattr(party, name)
        # the range named is the event's own (parties of up to 6: children 0 to 5), as on the form
        most = min(MAX_PEOPLE_PER_COUNT, max(1, event.max_party_size - (0 if name == "adults" else 1)))
        if value < 0 or value > most:
            errors[name] = _l("Enter a number from %(least)d to %(most)d.", least=1 if name == "adults" else 0,
                              most=most)
    if not errors and party.people > event.max_party_size:
        errors["adults"] = _l("A household may bring at most %(most)d people, lap infants included.",
                              most=event.max_party_size)
    return errors


def _normalized_contacts(household: Household, need_contact: bool = True) -> tuple[str, str, dict]:
    errors: dict = {}
    phone = email = ""
    try:
        phone = normalize_phone(household.phone or "")
    except ValueError:
        errors["phone"] = PHONE_REFUSAL
    try:
        email = normalize_email(household.email or "")
    except ValueError:
        errors["email"] = _l("Enter a valid email address, such as name@example.com.")
    if need_contact and not errors and not phone and not email:
        errors["phone"] = _l("Give a mobile number or an email address so we can reach you.")
    return phone, email, errors


def _validate_community(event: Event, community_id: int | None) -> dict:
    if community_id is None:
        return {}
    community = db.session.get(Community, community_id)
    if community is None or community.event_id != event.id:
        return {"community_id": _l("Choose a community team from the list, or none.")}
    return {}


def contact_errors(household: Household, need_contact: bool = True) -> tuple[str, str, dict]:
    """The phone and email normalised, and what is wrong with them or the name (no event needed).

    ``need_contact=False`` (a walk-in, admitted on the spot): a name alone will do."""
    phone, email, errors = _normalized_contacts(household, need_contact)
    if not household.contact_name.strip():
        errors["contact_name"] = _l("Enter the name of the person we should contact.")
    return phone, email, errors


def details_errors(household: Household) -> dict:
    """What is wrong with the household's structured needs and consent fields (no event needed)."""
    errors = needs_errors(household.needs)
    if len((household.photo_consent_by or "").strip()) > PHOTO_CONSENT_BY_MAX:
        errors["photo_consent_by"] = _l("At most %(max)d characters.", max=PHOTO_CONSENT_BY_MAX)
    if len((household.photo_consent_for or "").strip()) > PHOTO_CONSENT_FOR_MAX:
        errors["photo_consent_for"] = _l("At most %(max)d characters.", max=PHOTO_CONSENT_FOR_MAX)
    return errors


def community_errors(event: Event, community_id: int | None) -> dict:
    """The community must be one of the event's teams, or none."""
    return _validate_community(event, community_id)


def record_consent(rsvp: Rsvp, household: Household, now: datetime) -> None:
    """Store the photo consent with who gave it, for whom and when (the time only when it changes)."""
    given = bool(household.photo_consent)
    by = ((household.photo_consent_by or "").strip() or household.contact_name.strip())[:PHOTO_CONSENT_BY_MAX]
    covers = (household.photo_consent_for or "").strip()[:PHOTO_CONSENT_FOR_MAX]
    if rsvp.photo_consent_at is None or (given, by, covers) != (
            rsvp.photo_consent, rsvp.photo_consent_by, rsvp.photo_consent_for):
        rsvp.photo_consent_at = now
    rsvp.photo_consent, rsvp.photo_consent_by, rsvp.photo_consent_for = given, by, covers


def rule_errors(event: Event, party: Party, community_id: int | None) -> dict:
    """What the event's rules (as read now) say against this party and community."""
    return {**check_party(event, party), **_validate_community(event, community_id)}


def refuse_if_any(errors: dict) -> None:
    """Refuse the household with every field message found, if any."""
    if errors:
        raise InvalidHousehold(_l("Please correct the highlighted fields."), errors)


def validate_household(event: Event, household: Household) -> tuple[str, str]:
    """Check a household against the event's rules; returns (phone, email) normalised."""
    phone, email, errors = contact_errors(household)
    party = Party(household.adults, household.children, household.infants)
    refuse_if_any({**errors, **rule_errors(event, party, household.community_id)})
    return phone, email


def new_household_row(household: Household, phone: str, email: str, source: str) -> Rsvp:
    """A not yet placed Rsvp row with its token hashes (none of it needs the event or its lock)."""
    rsvp = Rsvp(contact_name=household.contact_name.strip(), phone=phone, email=email,
                adults=household.adults, children=household.children, infants=household.infants,
                community_id=household.community_id,
                accessibility_needs=household.accessibility_needs.strip(),
                photo_consent=household.photo_consent, locale=household.locale,
                photo_consent_by=((household.photo_consent_by or "").strip()
                                  or household.contact_name.strip())[:PHOTO_CONSENT_BY_MAX],
                photo_consent_for=(household.photo_consent_for or "").strip()[:PHOTO_CONSENT_FOR_MAX],
                token_salt=new_salt(), source=source, status=RsvpStatus.WAITLISTED)
    rsvp.manage_token_hash = token_hash(manage_token(rsvp))
    rsvp.ticket_token_hash = token_hash(ticket_token(rsvp))
    return rsvp
