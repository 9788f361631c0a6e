"""Flask commands of the door: door-token (issue, or revoke a lost door's tokens)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext

from ..events.services import find_event
from ..urls import absolute_url
from .doors import issue_door_token, revoke_door
from .refusals import InvalidEntry


@click.command("door-token")
@click.argument("event_slug")
@click.option("--name", default=None, help='Door name shown on verdicts, e.g. "Door 2".')
@click.option("--revoke", "revoke_name", default=None, metavar="NAME",
              help="Revoke every token of the door called NAME (a lost phone): its next request is 401.")
@click.option("--expires-in", "expires_in_hours", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="HOURS", help="The token stops working this many hours from now (default: until revoked).")
@with_appcontext
def door_token(event_slug: str, name: str | None, revoke_name: str | None, expires_in_hours: float | None) -> None:
    """Print a bearer token for a door device at EVENT_SLUG (only its hash is stored), or revoke one."""
    if (name is None) == (revoke_name is None):
        raise click.UsageError("Give either --name NAME (issue a token) or --revoke NAME (revoke a door's tokens).")
    event = find_event(event_slug)
    if event is None:
        raise click.ClickException(f"No event with slug {event_slug!r}.")
    try:
        if revoke_name is not None:
            count = revoke_door(event.id, revoke_name)
            click.echo(f"Revoked {count} token(s) of door {revoke_name!r} at {event.slug}.")
            return
        valid_for = timedelta(hours=expires_in_hours) if expires_in_hours is not None else None
        device, token = issue_door_token(event, name or "", valid_for=valid_for)
    except InvalidEntry as exc:
        raise click.ClickException(str(exc.message)) from exc
    click.echo(token)
    until = f", valid until {device.expires_at.isoformat(timespec='minutes')} UTC" if device.expires_at else ""
    click.echo(f"# door {device.name!r} for {event.slug}{until}; send it as 'Authorization: Bearer <token>' to "
               f"{absolute_url('checkin_api.checkins', slug=event.slug)}", err=True)


