"""Flask commands: seed-demo, create-user and those of each domain."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import with_appcontext

from .auth.models import Role
from .auth.services import AccountError, create_user, ensure_user
from .domains import optional_module
from .urls import absolute_url

#: domains that add to the demo data, in dependency order; each has demo.seed(event) -> lines
DEMO_DOMAINS = ("submissions", "judging", "program", "checkin", "tickets")

DEMO_USERS = (
    ("organizer@showcase.local", Role.ORGANIZER, "행사 담당자 Organizer"),
    ("door1@showcase.local", Role.STAFF, "입구 1 Door 1"),
    ("door2@showcase.local", Role.STAFF, "입구 2 Door 2"),
    *((f"judge{n}@showcase.local", Role.JUDGE, f"심사위원 {n} Judge {n}") for n in range(1, 6)),
)


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
    from .events.demo import seed_demo_event

    event, created = seed_demo_event(day)
    click.echo(f"{'Created' if created else 'Kept'} event '{event.slug}': {absolute_url('events.show', slug=event.slug)}")
    for email, role, name in DEMO_USERS:
        _user, password = ensure_user(email, role, name)
        shown = password if password else "(unchanged: account existed)"
        click.echo(f"  {role.value:<9} {email:<28} password: {shown}")
    for domain in DEMO_DOMAINS:
        module = optional_module(f"showcase.{domain}.demo")
        if module is None:
            continue
        for line in module.seed(event):
            click.echo(line)


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


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads consuming jobs.")
@with_appcontext
def worker(workers: int) -> None:
    """Run the background job consumer (emails, video processing, reminders)."""
    from .jobs import run_worker

    run_worker(workers)


def register_commands(app: Flask) -> None:
    """Attach the project's commands, then each domain's own (module commands.py, list COMMANDS)."""
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user_command)
    app.cli.add_command(worker)
    for domain in ("events", "tickets", "checkin", "submissions", "judging", "program", "api", "privacy", "backups"):
        module = optional_module(f"showcase.{domain}.commands")
        if module is None:
            continue
        for command in module.COMMANDS:
            app.cli.add_command(command)
