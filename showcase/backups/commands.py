"""Flask commands: backup and restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from .databases import BackupError
from .services import backup, restore


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Write a consistent snapshot of the database and the media to PATH (a tar file) while the app runs."""
    try:
        report = backup(path, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {report.path}: {report.dialect} database at revision {report.revision}, "
               f"{report.media_files} media file(s), {report.media_bytes} bytes of media.")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database and the media with the backup at PATH (stop the web and worker processes first)."""
    if not yes:
        click.confirm("This replaces the whole database and all media with the backup. Continue?", abort=True)
    try:
        report = restore(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {report.path} (taken {report.created_at:%Y-%m-%d %H:%M} UTC): database at revision "
               f"{report.revision}, {report.media_files} media file(s).")


