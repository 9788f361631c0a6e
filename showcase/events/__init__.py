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
    from .needs import consent_summary, need_words
    from .places import address_beyond_venue

    app.add_template_global(need_words, "need_words")
    app.add_template_global(consent_summary, "consent_summary")
    app.add_template_global(address_beyond_venue, "address_beyond_venue")
    app.cli.add_command(commands.seed_demo)
