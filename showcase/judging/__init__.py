"""Judging: the rubric, judges and conflicts, scores, fair aggregation, the locked top six and the screening."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Judge and organizer pages, the judges' start page, `flask results` and the demo rubric."""
    from ..auth.homes import add_role_home
    from ..auth.models import Role
    from ..contributions import add_demo_seeder, add_page_context
    from ..events.navigation import add_event_nav_link
    from . import assignment_views, commands, demo, manage_views, models, results_views, views  # noqa: F401
    from .comments import comments_by_entry

    app.register_blueprint(views.bp)
    app.register_blueprint(manage_views.bp, url_prefix="/manage")
    app.register_blueprint(results_views.bp, url_prefix="/manage")
    app.register_blueprint(assignment_views.bp, url_prefix="/manage")
    add_event_nav_link(app, "judging_manage.setup", _l("Judging"), 62)
    add_event_nav_link(app, "judging_results.results", _l("Results"), 64)
    add_role_home(app, Role.JUDGE, "judging.home", _l("My judging"))
    app.cli.add_command(commands.results)
    # the organizers' review grid (submissions domain) shows the judges' comments
    add_page_context(app, "submissions_manage.review_grid", lambda event: {"judge_comments": comments_by_entry(event)})
    add_demo_seeder(app, demo.seed)
