"""Privacy and retention: how long families' personal data is kept, purging it, and the privacy notice."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The privacy notice, deleting a family's data, the retention page, `flask purge` and its nightly job."""
    from ..events.navigation import add_event_nav_link
    from . import commands, jobs, manage_views, models, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.register_blueprint(manage_views.bp, url_prefix="/manage")
    add_event_nav_link(app, "privacy_manage.retention", _l("Privacy"), 85)
    app.add_template_global(views.retention_days_global, "retention_days")
    app.cli.add_command(commands.purge)
