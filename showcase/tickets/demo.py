"""Demo notes for tickets: where the confirmation emails go."""

from __future__ import annotations

from flask import current_app

from ..events.models import Event
from .channels import outbox_dir


def seed(event: Event) -> list[str]:
    """Nothing to create; say where emails are written (idempotent)."""
    if current_app.config.get("SMTP_HOST"):
        return [f"  emails: sent through SMTP {current_app.config['SMTP_HOST']}:{current_app.config['SMTP_PORT']}"]
    return [f"  emails: written as .eml files into {outbox_dir()} (set SMTP_HOST in instance/config.py to send)"]
