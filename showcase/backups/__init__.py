"""Backups: a consistent snapshot of the database and the media in one tar file, and restoring it."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The backup and restore commands."""
    from . import commands

    app.cli.add_command(commands.backup_command)
    app.cli.add_command(commands.restore_command)
