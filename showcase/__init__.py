"""Showcase: RSVPs with QR tickets, the door, a short-form video contest and the printed program."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints and CLI commands."""
    instance_path = os.environ.get("SHOWCASE_INSTANCE_PATH") or str(ROOT / "instance")
    app = Flask(__name__, instance_path=os.path.abspath(instance_path), instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    _configure(app, test_config)
    _register_extensions(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    from .config import Defaults, sqlalchemy_database_url

    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("SHOWCASE")
    else:
        app.config.from_mapping(test_config)
    database_url = sqlalchemy_database_url(app.config.get("DATABASE_URL"))
    if database_url and not (test_config and test_config.get("SQLALCHEMY_DATABASE_URI")):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "showcase.db")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        str(path) for path in sorted((ROOT / "showcase").glob("**/translations")))
    from .security import apply_production_settings

    apply_production_settings(app)  # refuses the development SECRET_KEY in production


def _register_extensions(app: Flask) -> None:
    from flask_babel import get_locale

    from .database import configure_sqlite
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .i18n import register_template_helpers, select_locale
    from .jobs import init_jobs

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "showcase" / "migrations"), render_as_batch=True)
    limiter.init_app(app)  # before CSRF: a flood is turned away before any other work
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    babel.init_app(app, locale_selector=select_locale)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    register_template_helpers(app)
    init_jobs(app)
    app.jinja_env.globals["get_locale"] = get_locale


#: blueprint modules (each defines ``bp``) and their URL prefixes, in registration order; a module
#: may also list ``NAV_LINKS`` (endpoint, label, order) for the organizer's per-event menu and
#: ``ROLE_HOMES`` (role, endpoint, label) for where a role lands after signing in
BLUEPRINTS: tuple[tuple[str, str | None], ...] = (
    ("auth.views", None),
    ("events.views", None),
    ("events.manage_views", "/manage"),
    ("tickets.views", None),
    ("tickets.manage_views", "/manage"),
    ("checkin.views", None),
    ("checkin.api", "/api/v1"),
    ("submissions.views", None),
    ("submissions.manage_views", "/manage"),
    ("judging.views", None),
    ("judging.manage_views", "/manage"),
    ("program.views", None),
    ("program.manage_views", "/manage"),
    ("audit.views", "/manage"),
    ("privacy.views", None),
    ("privacy.manage_views", "/manage"),
    ("console.views", "/manage"),
    ("api.views", "/api/v1"),
    ("health", None),
)


def _register_blueprints(app: Flask) -> None:
    import importlib

    from .auth.homes import add_role_home
    from .checkin.ticket_hooks import connect_ticket_hooks
    from .errors import register_error_pages
    from .events.navigation import add_event_nav_link, register_event_nav
    from .security import register_security_headers, trust_proxy
    from .tickets.receivers import register_notifications

    register_event_nav(app)
    for name, prefix in BLUEPRINTS:
        module = importlib.import_module(f"showcase.{name}")
        app.register_blueprint(module.bp, url_prefix=prefix)
        for endpoint, label, order in getattr(module, "NAV_LINKS", ()):
            add_event_nav_link(app, endpoint, label, order)
        for role, endpoint, label in getattr(module, "ROLE_HOMES", ()):
            add_role_home(app, role, endpoint, label)
    register_notifications(app)
    connect_ticket_hooks(app)
    register_error_pages(app)
    register_security_headers(app)
    trust_proxy(app)


def _register_commands(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)
