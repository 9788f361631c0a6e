"""Flask commands of the judging domain: results."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..events.services import find_event
from .results import event_results

#: characters of an entry's title and of its community's name shown in the ranking's columns
TITLE_COLUMN = 32
COMMUNITY_COLUMN = 20


def _figure(value: float | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}"


@click.command("results")
@click.argument("event_slug")
@with_appcontext
def results(event_slug: str) -> None:
    """Print the judged ranking: rank, entry, community, normalised score, mean, median, scores, finalist."""
    event = find_event(event_slug)
    if event is None:
        raise click.ClickException(f"No event with slug {event_slug!r}.")
    outcome = event_results(event)
    locked = outcome.settings.locked_at
    finalist_ids = {f.submission_id for f in outcome.finalists} if locked else set(outcome.ranking.finalist_ids)
    click.echo(f"{event.title_en or event.title_ko} — {len(outcome.labels)} eligible entries, "
               f"{outcome.judge_count} judges"
               + (f", each entry scored by {outcome.settings.judges_per_entry}" if outcome.settings.judges_per_entry
                  else "")
               + f", minimum {outcome.settings.scores_needed} scores per entry, mean and median in points of 100; "
               + (f"locked {locked.isoformat(timespec='minutes')} (the ranking as it stood then)" if locked
                  else "not locked (provisional)"))
    click.echo(f"{'rank':>4}  {'entry':<{TITLE_COLUMN}} {'community':<{COMMUNITY_COLUMN}} {'normalised':>10} {'mean':>6} {'median':>6} "
               f"{'scores':>6}  finalist")
    for row in outcome.ranking.entries:
        label = outcome.labels[row.entry_id]
        flag = " (too few)" if row.flagged else ""
        click.echo(f"{row.rank:>4}  {label.title_ko[:TITLE_COLUMN]:<{TITLE_COLUMN}} "
                   f"{label.community[:COMMUNITY_COLUMN]:<{COMMUNITY_COLUMN}} "
                   f"{_figure(row.normalised, 3):>10} {_figure(row.mean):>6} {_figure(row.median):>6} "
                   f"{row.count:>6}  {'yes' if row.entry_id in finalist_ids else 'no'}{flag}")
    if outcome.ranking.unresolved_tie:
        click.echo("Unresolved tie at the cut line between entries "
                   + ", ".join(str(i) for i in outcome.ranking.unresolved_tie)
                   + ": the organizer must decide on the results page before locking.")


