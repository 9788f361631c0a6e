"""Door check-in: scanning tickets, partial parties, undo, walk-ins, live counts and the door API."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Door pages and API, the staff's start page, ticket hooks, door-token, jobs, demo notes and template helpers."""
    from ..auth.homes import add_role_home
    from ..auth.models import Role
    from ..contributions import add_demo_seeder, add_openapi_fragment, add_page_context
    from ..events.navigation import add_event_nav_link
    from . import api, commands, demo, jobs, models, ticket_hooks, views  # noqa: F401
    from .door_names import door_caption, door_label
    from .offline_door import door_list_before_event

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    add_openapi_fragment(app, Path(__file__).resolve().parent / "openapi.json")
    add_event_nav_link(app, "checkin.door", _l("Door screen"), 40)
    add_event_nav_link(app, "checkin.dashboard", _l("Arrivals"), 45)
    add_role_home(app, Role.STAFF, "checkin.choose_event", _l("Door"))
    app.add_template_global(door_label, "door_label")
    app.add_template_global(door_caption, "door_caption")
    app.add_template_global(door_list_before_event, "door_list_before_event")
    add_page_context(app, "events_manage.households",
                     lambda event: {"print_door_list_reminder": door_list_before_event(event)})
    ticket_hooks.init_app(app)
    app.cli.add_command(commands.door_token)
    add_demo_seeder(app, demo.seed)
