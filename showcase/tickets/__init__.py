"""Tickets: unguessable links, QR images, the ticket page, calendar file and messages to families."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Ticket pages, the organizer's messages page, message jobs and the RSVP listeners."""
    from ..contributions import add_demo_seeder
    from ..events.navigation import add_event_nav_link
    from . import delivery, demo, link_views, manage_views, models, receivers, views, wording  # noqa: F401

    app.register_blueprint(views.bp)
    app.register_blueprint(link_views.bp)
    app.register_blueprint(manage_views.bp, url_prefix="/manage")
    add_event_nav_link(app, "tickets_manage.messages", _l("Messages"), 50)
    app.add_template_global(wording.kind_label, "kind_label")
    app.add_template_global(wording.state_label, "state_label")
    app.add_template_global(wording.medium_label, "medium_label")
    app.add_template_filter(wording.money, "money")
    receivers.init_app(app)
    add_demo_seeder(app, demo.seed)
