"""Accounts for organizers, staff and judges: login, roles, and the access check of every view."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Sign-in pages, the session's user, the header's start-page link, create-user, the demo accounts and the
    nightly housekeeping of sessions."""
    from ..contributions import add_demo_seeder
    from ..extensions import login_manager
    from . import commands, demo, homes, jobs, roles, views  # noqa: F401 (jobs: registers the nightly task)

    app.register_blueprint(views.bp)
    login_manager.user_loader(views.load_user)  # reads the session: a view-side concern
    app.before_request(roles.check_access)  # each view's (or blueprint's) declared rule
    app.context_processor(homes.header_home)
    app.cli.add_command(commands.create_user_command)
    add_demo_seeder(app, demo.seed)
