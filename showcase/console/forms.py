"""Forms of the organizer's console."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from ..form_base import SafeForm


class DuplicateForm(SafeForm):
    """The new event's address and start; everything else is copied."""

    slug = StringField(_l("Web address (slug)"), validators=[
        InputRequired(), Length(max=80),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and hyphens, like shared-parenting."))])
    starts_at = DateTimeLocalField(_l("Starts at"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    copy_teams = BooleanField(_l("Also copy the community teams (names only, no contacts)"))
