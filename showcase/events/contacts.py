"""Normalising a household's phone number and email so duplicates can be recognised."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from .field_limits import PHONE_TYPED_MAX

_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
#: what a written phone number may contain: digits, spaces, dashes, dots, parentheses, one leading +
#: (phonenumbers would otherwise read keypad letters as digits: 010-abcd-5678 → 010-2223-5678)
PHONE_CHARACTERS = re.compile(r"\+?[0-9 \-.()]+")


def normalize_phone(raw: str) -> str:
    """The E.164 form of a Korean mobile number written any usual way; ValueError if it is not one.

    Accepted: 010-1234-5678, 01012345678, 010 1234 5678, 010.1234.5678, (010) 1234-5678 and
    +82 10-1234-5678. Refused: letters or other signs, landlines, and numbers of other countries
    (messages go through a Korean provider, and the door searches by a Korean number's last digits).
    """
    text = raw.strip()
    if not text:
        return ""
    if len(text) > PHONE_TYPED_MAX:
        raise ValueError("too long")
    if not PHONE_CHARACTERS.fullmatch(text):
        raise ValueError("only digits, spaces, dashes, dots, parentheses and a leading + are allowed")
    try:
        number = phonenumbers.parse(text, "KR")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from exc
    if number.country_code != 82:
        raise ValueError("not a Korean number")
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
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
