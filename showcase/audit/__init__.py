"""Audit log: who did which sensitive thing (capacity changes, promotions, result locks, exports, purges) and when.

Any domain records into it inside its own transaction; it imports no domain. The organizer's
pages that read it are the console's."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The audit table joins the metadata."""
    from . import models  # noqa: F401
