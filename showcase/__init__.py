"""Showcase: RSVPs with QR tickets, the door, a short-form video contest and the printed program.

``create_app`` is the one place where the app is wired: configuration, the shared services
(``init_app`` of the database, jobs, locales, security and error pages), then each domain's
``init_app`` in the order of ``DOMAINS``. A domain's ``init_app`` registers everything it brings:
blueprints, commands, template helpers, signal receivers, navigation links and demo data.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from flask import Flask

from . import (
    api,
    audit,
    auth,
    availability,
    backups,
    bidi,
    checkin,
    console,
    database,
    error_pages,
    events,
    extensions,
    health,
    i18n,
    input_edges,
    jobs,
    judging,
    privacy,
    program,
    security,
    submissions,
    tickets,
)
from .availability import RetryingFlask
from .config import configure
from .i18n import catalog_directories
from .locations import DEFAULT_INSTANCE_FOLDER, STATIC_FOLDER, TEMPLATES_FOLDER

#: the domains in dependency order (a domain's demo data may use the ones before it)
DOMAINS = (audit, auth, events, tickets, checkin, submissions, judging, program, privacy, backups,
           console, api)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, shared services, every domain and the commands."""
    instance_path = os.environ.get("SHOWCASE_INSTANCE_PATH") or str(DEFAULT_INSTANCE_FOLDER)
    app = RetryingFlask(__name__, instance_path=os.path.abspath(instance_path), instance_relative_config=True,
                template_folder=str(TEMPLATES_FOLDER), static_folder=str(STATIC_FOLDER))
    configure(app, test_config)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = catalog_directories((sys.modules[__name__], *DOMAINS))
    # input_edges first: its bounded URL converters must exist before any route is added
    for shared in (input_edges, security, database, extensions, i18n, bidi, jobs, error_pages, availability, health):
        shared.init_app(app)
    for domain in DOMAINS:
        domain.init_app(app)
    return app
