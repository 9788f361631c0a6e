"""Flask commands of the door: door-token."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..events.services import find_event
from ..urls import absolute_url
from .doors import issue_door_token
from .refusals import InvalidEntry


@click.command("door-token")
@click.argument("event_slug")
@click.option("--name", required=True, help='Door name shown on verdicts, e.g. "Door 2".')
@with_appcontext
def door_token(event_slug: str, name: str) -> None:
    """Print a bearer token for a door device at EVENT_SLUG (only its hash is stored)."""
    event = find_event(event_slug)
    if event is None:
        raise click.ClickException(f"No event with slug {event_slug!r}.")
    try:
        device, token = issue_door_token(event, name)
    except InvalidEntry as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(token)
    click.echo(f"# door {device.name!r} for {event.slug}; send it as 'Authorization: Bearer <token>' to "
               f"{absolute_url('checkin_api.checkins', slug=event.slug)}", err=True)


