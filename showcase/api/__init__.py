"""The JSON API v1 and its OpenAPI document."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The events and RSVP endpoints and /api/v1/openapi.json."""
    from . import views

    app.register_blueprint(views.bp, url_prefix="/api/v1")
