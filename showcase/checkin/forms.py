"""Forms of the door: entering paper admissions, choosing when no-shows lose their seats."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..form_base import SafeForm


class PaperAdmissionsForm(SafeForm):
    """Lines copied from the printed door list."""

    lines = TextAreaField(_l("Admissions from the paper list"),
                          validators=[InputRequired(), Length(max=20_000)])


class ReleaseTimeForm(SafeForm):
    """When confirmed households that have not arrived lose their seats to walk-ins."""

    release_at = DateTimeLocalField(_l("Release no-shows' seats at"), format="%Y-%m-%dT%H:%M",
                                    validators=[Optional()])

    def release_time(self, zone: str) -> datetime | None:
        """The chosen time, made aware in the event's zone."""
        value = self.release_at.data
        return value.replace(tzinfo=ZoneInfo(zone)) if value else None


class CheckedConflictForm(SafeForm):
    """The "checked with the family" button of one door conflict (CSRF only)."""


class RevokeDoorForm(SafeForm):
    """The revoke button of one door device (CSRF only)."""
