"""Human names for message kinds and delivery states, in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from .kinds import wording_of
from .models import MessageKind, MessageState

STATE_LABELS = {
    MessageState.QUEUED: _l("Queued"),
    MessageState.SENDING: _l("Sending"),
    MessageState.SENT: _l("Sent"),
    MessageState.FAILED: _l("Failed"),
}


def kind_label(kind: MessageKind | str) -> str:
    """"Confirmation", "Day-before reminder", … translated."""
    return str(wording_of(kind).label)


def state_label(state: MessageState | str) -> str:
    """"Queued", "Sent", "Failed", … translated."""
    return str(STATE_LABELS[MessageState(state)])

MEDIUM_LABELS = {
    "email": _l("Email"),
    "alimtalk": _l("KakaoTalk (Alimtalk)"),
    "sms": _l("SMS"),
    "lms": _l("LMS (long text)"),
    "text": _l("Text message, not sent yet"),
}


def medium_label(medium: str) -> str:
    """"Email", "KakaoTalk (Alimtalk)", "SMS", … translated (unknown names as they are)."""
    label = MEDIUM_LABELS.get(medium)
    return str(label) if label is not None else medium


def money(amount: Decimal | int, currency: str) -> str:
    """An amount in the reader's language: ₩1,300 in Korean and English alike for KRW."""
    from flask_babel import format_currency

    return format_currency(amount, currency)
