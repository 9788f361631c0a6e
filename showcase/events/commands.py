"""Flask commands of events: seed-demo (the demo event, then every domain's demo data)."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from ..contributions import demo_seeders
from ..database import unit_of_work
from ..urls import absolute_url
from .demo import seed_demo_event


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("use YYYY-MM-DD, e.g. 2027-06-20") from exc


@click.command("seed-demo")
@click.option("--date", "day", callback=_parse_date, help="Event date (YYYY-MM-DD); default the next 20 June.")
@with_appcontext
def seed_demo(day: date | None) -> None:
    """Create the 20 June demo event, its 125 teams and the demo accounts (idempotent)."""
    with unit_of_work():  # all of it or nothing: a seed that fails leaves no half-made demo
        event, created = seed_demo_event(day)
        lines = [f"{'Created' if created else 'Kept'} event '{event.slug}': "
                 f"{absolute_url('events.show', slug=event.slug)}"]
        for seed in demo_seeders(current_app):
            lines.extend(seed(event))
    for line in lines:  # printed once committed: passwords shown are passwords stored
        click.echo(line)
