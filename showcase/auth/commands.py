"""Flask commands of accounts: create-user."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .models import Role
from .services import AccountError, create_user


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.password_option(prompt="Password", confirmation_prompt=True)
@with_appcontext
def create_user_command(email: str, role: str, name: str | None, password: str) -> None:
    """Create an organizer, staff or judge account; prompts for the password."""
    try:
        user = create_user(email, password, Role(role), name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role.value} account {user.email}.")
