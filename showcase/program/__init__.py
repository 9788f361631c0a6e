"""The printed program: run of show, finalists, PDFs (A5 booklet, A4 sheet) and publishing."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Program pages, the keep_words filter, build-program and the demo run of show."""
    from ..contributions import add_demo_seeder
    from ..events.navigation import add_event_nav_link
    from . import commands, demo, manage_views, models, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.register_blueprint(manage_views.bp, url_prefix="/manage")
    add_event_nav_link(app, "program_manage.editor", _l("Printed program"), 70)
    app.add_template_filter(views.keep_words, "keep_words")
    app.cli.add_command(commands.build_program_command)
    add_demo_seeder(app, demo.seed)
