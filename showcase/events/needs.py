"""What a household needs to take part: the structured options an organizer offers per event.

Four yes/no needs (a column each on ``Rsvp``), a child's allergy note and the children's ages
(optional, for the childcare corner and snacks); the free-text ``accessibility_needs`` stays
beside them for anything else. An event offers none of them until its organizer turns them on
(``Event.offered_needs``, the keys in ``NEED_KEYS`` joined by commas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from .field_limits import ALLERGY_MAX

#: yes/no needs: key -> (Rsvp column, label on forms, short words for the door and lists)
YES_NO_NEEDS = {
    "wheelchair": ("need_wheelchair", _l("Wheelchair space"), _l("Wheelchair")),
    "stroller": ("need_stroller", _l("Stroller parking"), _l("Stroller")),
    "nursing_room": ("need_nursing_room", _l("Nursing room"), _l("Nursing room")),
    "sign_language": ("need_sign_language", _l("Sign-language interpretation"), _l("Sign language")),
}
#: needs with a short text: key -> (Rsvp column, label, short words)
TEXT_NEEDS = {
    "allergy": ("allergy_note", _l("A child's allergy"), _l("Allergy")),
    "children_ages": ("children_ages", _l("Children's ages (optional)"), _l("Ages")),
}
NEED_KEYS = (*YES_NO_NEEDS, *TEXT_NEEDS)
_AGES = re.compile(r"^\d{1,2}(?:\s*[,\s]\s*\d{1,2})*$")


@dataclass
class Needs:
    """A household's structured needs, as a form or the API hands them over."""

    wheelchair: bool = False
    stroller: bool = False
    nursing_room: bool = False
    sign_language: bool = False
    allergy: str = ""
    children_ages: str = ""
    errors: dict = field(default_factory=dict, compare=False, repr=False)


def offered(event) -> tuple[str, ...]:
    """The need keys ``event`` offers on its RSVP form, in display order."""
    chosen = {key.strip() for key in (event.offered_needs or "").split(",")}
    return tuple(key for key in NEED_KEYS if key in chosen)


def offered_value(keys) -> str:
    """``keys`` as stored in ``Event.offered_needs`` (unknown keys dropped)."""
    wanted = set(keys or ())
    return ",".join(key for key in NEED_KEYS if key in wanted)


def normalized_ages(text: str) -> str:
    """"3,5  7" -> "3, 5, 7"; raises ValueError unless it is whole years from 0 to 17."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _AGES.match(text):
        raise ValueError(text)
    ages = [int(part) for part in re.split(r"[,\s]+", text)]
    if any(age > 17 for age in ages):
        raise ValueError(text)
    return ", ".join(str(age) for age in ages)


def needs_errors(needs: Needs) -> dict:
    """Field errors for the text needs (the yes/no needs cannot be wrong)."""
    errors: dict = {}
    if len(needs.allergy.strip()) > ALLERGY_MAX:
        errors["allergy_note"] = _l("At most %(max)d characters.", max=ALLERGY_MAX)
    if "\x00" in needs.allergy:
        errors["allergy_note"] = _l("Remove the invisible characters from this text.")
    try:
        normalized_ages(needs.children_ages)
    except ValueError:
        errors["children_ages"] = _l("Enter ages in whole years from 0 to 17, separated by commas, "
                                     "such as 3, 5.")
    return errors


def apply_needs(rsvp, needs: Needs, offered_keys: tuple[str, ...]) -> None:
    """Store ``needs`` on ``rsvp``; a need the event does not offer is kept as it was."""
    for key, (column, _label, _short) in YES_NO_NEEDS.items():
        if key in offered_keys:
            setattr(rsvp, column, bool(getattr(needs, key)))
    if "allergy" in offered_keys:
        rsvp.allergy_note = needs.allergy.strip()
    if "children_ages" in offered_keys:
        rsvp.children_ages = normalized_ages(needs.children_ages)


def needs_of(rsvp) -> Needs:
    """What ``rsvp`` has told us, as Needs."""
    return Needs(wheelchair=bool(rsvp.need_wheelchair), stroller=bool(rsvp.need_stroller),
                 nursing_room=bool(rsvp.need_nursing_room), sign_language=bool(rsvp.need_sign_language),
                 allergy=rsvp.allergy_note or "", children_ages=rsvp.children_ages or "")


def need_words(rsvp, notes: bool = True) -> list[str]:
    """Short words for what a household needs, for the door and lists ("Stroller", "Allergy: egg").

    ``notes=False`` leaves out what the family wrote (allergy, ages, other needs): the yes/no needs only.
    """
    words = [str(short) for column, _label, short in YES_NO_NEEDS.values() if getattr(rsvp, column)]
    if not notes:
        return words
    if rsvp.allergy_note:
        words.append(f"{TEXT_NEEDS['allergy'][2]}: {rsvp.allergy_note}")
    if rsvp.children_ages:
        words.append(f"{TEXT_NEEDS['children_ages'][2]}: {rsvp.children_ages}")
    if rsvp.accessibility_needs:
        words.append(rsvp.accessibility_needs)
    return words


@dataclass
class NeedTotals:
    """How many households (active ones) asked for each need."""

    counts: dict[str, int]

    def items(self) -> list[tuple[str, str, int]]:
        """(key, label, households) for every need at least one household asked for."""
        labels = {**{k: v[1] for k, v in YES_NO_NEEDS.items()}, **{k: v[1] for k, v in TEXT_NEEDS.items()},
                  "other": _l("Other needs (free text)")}
        return [(key, str(labels[key]), count) for key, count in self.counts.items() if count]


def need_totals(households) -> NeedTotals:
    """Households per need over ``households`` (cancelled ones left out)."""
    counts = dict.fromkeys((*NEED_KEYS, "other"), 0)
    for rsvp in households:
        if not rsvp.is_active:
            continue
        for key, (column, _label, _short) in {**YES_NO_NEEDS, **TEXT_NEEDS}.items():
            if getattr(rsvp, column):
                counts[key] += 1
        if rsvp.accessibility_needs:
            counts["other"] += 1
    return NeedTotals(counts)


def consent_summary(rsvp) -> str:
    """"Agreed by Kim (for everyone in the party), 2 Dec 2026 10:30" or "No photos", translated."""
    from flask_babel import gettext as _

    from ..i18n import format_in_zone

    when = format_in_zone(rsvp.photo_consent_at, rsvp.event.timezone) if rsvp.photo_consent_at else ""
    if not rsvp.photo_consent:
        if not when:
            return _("No photos (not agreed)")
        return _("No photos: %(name)s did not agree (%(when)s)", name=rsvp.photo_consent_by or rsvp.contact_name,
                 when=when)
    covers = rsvp.photo_consent_for or _("everyone in the party")
    if not when:  # given before the time was recorded (households from before this was kept)
        return _("Agreed by %(name)s for %(covers)s", name=rsvp.photo_consent_by or rsvp.contact_name,
                 covers=covers)
    return _("Agreed by %(name)s for %(covers)s (%(when)s)", name=rsvp.photo_consent_by or rsvp.contact_name,
             covers=covers, when=when)
