"""Flask commands of the submissions domain: team-link."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..events.services import find_event
from .communities import find_team
from .links import issue_link


@click.command("team-link")
@click.argument("event_slug")
@click.argument("team")
@with_appcontext
def team_link(event_slug: str, team: str) -> None:
    """Print a fresh private upload URL for TEAM (id or name); the team's previous link stops working."""
    event = find_event(event_slug)
    if event is None:
        raise click.ClickException(f"No event with slug {event_slug!r}.")
    found = find_team(event, team)
    if found is None:
        raise click.ClickException(f"No team {team!r} in event {event_slug!r} (give its id or exact name).")
    click.echo(issue_link(found))


