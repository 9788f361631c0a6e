"""Flask command: purge."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..events.services import find_event
from .services import PrivacyError, purge_due, purge_event


@click.command("purge")
@click.option("--event", "slug", default=None, help="Purge this event only (refused before its retention ends).")
@click.option("--dry-run", is_flag=True, help="Only say what would be anonymised.")
@with_appcontext
def purge(slug: str | None, dry_run: bool) -> None:
    """Anonymise households of events past their retention period (default 90 days after the event)."""
    if slug is not None:
        event = find_event(slug)
        if event is None:
            raise click.ClickException(f"No event with slug {slug!r}.")
        try:
            reports = [purge_event(event, dry_run=dry_run)]
        except PrivacyError as error:
            raise click.ClickException(str(error.message)) from error
    else:
        reports = purge_due(dry_run=dry_run)
    if not reports:
        click.echo("No event is past its retention period with personal data left.")
    verb = "would anonymise" if dry_run else "anonymised"
    for report in reports:
        click.echo(f"{report.slug}: {verb} {report.households} household(s), {report.people} people, "
                   f"{report.team_contacts} team contact(s) (kept until {report.due_at:%Y-%m-%d})")


