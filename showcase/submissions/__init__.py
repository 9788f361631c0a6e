"""Short-form video submissions: teams, their upload links, the window, uploads, processing, review."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Team and organizer pages, video template filters, team-link, processing jobs and the demo window."""
    from ..contributions import add_demo_seeder
    from ..events.navigation import add_event_nav_link
    from . import commands, demo, jobs, manage_views, models, views, wording  # noqa: F401

    app.register_blueprint(views.bp)
    app.register_blueprint(manage_views.bp, url_prefix="/manage")
    add_event_nav_link(app, "submissions_manage.teams", _l("Teams"), 55)
    add_event_nav_link(app, "submissions_manage.review_grid", _l("Videos"), 60)
    wording.init_app(app)
    app.cli.add_command(commands.team_link)
    add_demo_seeder(app, demo.seed)
