"""flask build-program EVENT_SLUG --layout a5|booklet|a4 --lang ko|en|both -o FILE.pdf"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..events.services import find_event
from ..pdf import MissingKoreanFont
from .building import LANGUAGE_MODES, build_program
from .finalists import finalists_for
from .layouts import DEFAULT_LAYOUT, LAYOUTS
from .refusals import ProgramError
from .rendering import render_program, write_atomically


@click.command("build-program")
@click.argument("event_slug")
@click.option("--layout", type=click.Choice(list(LAYOUTS)), default=DEFAULT_LAYOUT, show_default=True,
              help="a5: booklet pages in reading order; booklet: imposed on A4 for saddle-stitching; a4: one sheet.")
@click.option("--lang", "language", type=click.Choice(list(LANGUAGE_MODES)), default="ko", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the PDF.")
@with_appcontext
def build_program_command(event_slug: str, layout: str, language: str, output: Path) -> None:
    """Build the printed program of EVENT_SLUG as a PDF."""
    event = find_event(event_slug)
    if event is None:
        raise click.ClickException(f"No event with the address '{event_slug}'.")
    finalists = finalists_for(event)
    try:
        rendered = render_program(build_program(event, language, finalists), layout)
        pdf = rendered.pdf
    except MissingKoreanFont as exc:
        raise click.ClickException(str(exc)) from exc
    except ProgramError as exc:
        raise click.ClickException(str(exc.message)) from exc
    try:
        write_atomically(output, pdf)
    except OSError as exc:
        raise click.ClickException(f"Could not write {output}: {exc.strerror or exc}") from exc
    note = " (draft: the finalists are not locked yet)" if finalists is None else ""
    click.echo(f"Wrote {output} ({layout}, {language}, {len(pdf) // 1024} KB){note}.")
    if rendered.overflows:
        click.echo(f"Warning: the A4 sheet does not fit on one page even in its smallest type ({rendered.pages} "
                   "pages). Shorten the run of show or its descriptions, or print the booklet.", err=True)


