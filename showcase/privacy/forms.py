"""Forms of the privacy pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from ..form_base import SafeForm
from .services import MAX_DAYS, MIN_DAYS


class RetentionForm(SafeForm):
    """The organizer's retention period for one event."""

    days = IntegerField(_l("Days to keep personal data after the event"),
                        validators=[InputRequired(), NumberRange(MIN_DAYS, MAX_DAYS)])


class ConfirmForm(SafeForm):
    """A bare confirmation (CSRF only)."""
