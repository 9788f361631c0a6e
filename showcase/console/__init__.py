"""The organizer's console: every event's state at a glance, and many events (duplicate, archive)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The console pages, the organizers' start page and the first entry of every event's menu."""
    from ..auth.homes import add_role_home
    from ..auth.models import Role
    from ..events.navigation import add_event_nav_link
    from . import audit_log, views  # noqa: F401  (audit_log adds its pages to the console's blueprint)

    app.register_blueprint(views.bp, url_prefix="/manage")
    add_role_home(app, Role.ORGANIZER, "console.home", _l("Organizer"))
    add_event_nav_link(app, "console.event_overview", _l("Overview"), 5)
