"""Refusals raised by the submissions services, each carrying a message for the person who asked."""

from __future__ import annotations

from flask_babel import LazyString

from ..refusals import Refusal


class SubmissionsError(Refusal):
    """A refused submissions action (see showcase.refusals.Refusal)."""


class InvalidTeams(SubmissionsError):
    """A team (or a CSV of teams) does not pass the checks; ``rows`` lists per-row problems."""

    code = "invalid_teams"

    def __init__(self, message: str | LazyString, rows: list[tuple[int, str]] | None = None,
                 fields: dict[str, str | LazyString] | None = None):
        super().__init__(message, fields)
        self.rows = rows or []


class InvalidVideo(SubmissionsError):
    """The uploaded file is refused; ``code`` says why (empty, not_a_video, too_long, …)."""

    code = "invalid_video"


class UploadRefused(SubmissionsError):
    """The upload request itself is refused (window closed, too large, wrong type, …)."""

    code = "upload_refused"


class InvalidSettings(SubmissionsError):
    """The submission window or limits are not consistent."""

    code = "invalid_settings"
