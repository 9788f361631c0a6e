"""Events, their communities and household RSVPs: capacity, waitlist, promotion, cancellation."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Public and organizer pages, the per-event menu, RSVP template filters and seed-demo."""
    from . import commands, manage_views, models, navigation, views  # noqa: F401

    app.register_blueprint(views.bp)
    app.register_blueprint(manage_views.bp, url_prefix="/manage")
    navigation.init_app(app)
    app.add_template_filter(views.phone_filter, "phone")
    app.add_template_filter(views.party_filter, "party")
    app.add_template_filter(views.status_label_filter, "status_label")
    app.cli.add_command(commands.seed_demo)
