"""Normalising a household's phone number and email so duplicates can be recognised."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(raw: str) -> str:
    """The E.164 form of a mobile number written any usual Korean way; ValueError if it is not one."""
    text = raw.strip()
    if not text:
        return ""
    if len(text) > 30:
        raise ValueError("too long")
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number")
    if number.country_code == 82 and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValueError("not a mobile number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """How a stored number is shown: 010-1234-5678 for Korea, international form otherwise."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 82:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalize_email(raw: str) -> str:
    """A lower-cased, syntactically valid email address; ValueError otherwise."""
    text = raw.strip()
    if not text:
        return ""
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc
    return result.normalized.lower()
