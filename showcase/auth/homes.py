"""Where each role lands after signing in; domains declare it (auth knows none of them)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, has_request_context
from flask_babel import LazyString
from flask_login import current_user

from .models import Role

EXTENSION_KEY = "showcase.role_homes"


@dataclass(frozen=True)
class RoleHome:
    """A role's start page and the label of the header link to it."""

    endpoint: str
    label: LazyString | str


def add_role_home(app: Flask, role: Role, endpoint: str, label: LazyString | str) -> None:
    """Send ``role`` to ``endpoint`` after sign-in and link it from the header."""
    app.extensions.setdefault(EXTENSION_KEY, {})[Role(role)] = RoleHome(endpoint, label)


def role_home(role: Role) -> RoleHome | None:
    """The start page declared for ``role``, if any."""
    return current_app.extensions.get(EXTENSION_KEY, {}).get(role)


def header_home() -> dict:
    """Template context: the signed-in user's start page, for the header (None without a user)."""
    if not has_request_context() or not current_user.is_authenticated:  # emails and PDFs have no user
        return {"role_home": None}
    return {"role_home": role_home(current_user.role)}
