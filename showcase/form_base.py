"""The base of every form: integers are checked against what a database column holds."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from .input_edges import int_in_range, unsafe_text


class SafeForm(FlaskForm):
    """A FlaskForm whose fields refuse integers beyond a column's range and control characters.

    Text is also refused earlier, for the whole request (showcase.input_edges); this catches what
    a form is filled with by other means (the JSON API builds its RSVP form from a dict).
    """

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            data = field.data
            if isinstance(data, int) and not isinstance(data, bool) and not int_in_range(data):
                field.errors = [*_errors(field), _l("Enter a smaller number.")]
                valid = False
            elif isinstance(data, str) and unsafe_text(data):
                field.errors = [*_errors(field), _l("Remove the control characters from this field.")]
                valid = False
        return valid


def _errors(field) -> list:
    return list(field.errors) if isinstance(field.errors, (list, tuple)) else []
