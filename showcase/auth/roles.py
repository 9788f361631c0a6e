"""The role_required guard for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required

from .models import Role


def role_required(*roles: Role) -> Callable:
    """Let through signed-in users holding one of ``roles``; others get 403 (or the login page)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def restrict_blueprint(bp: Blueprint, *roles: Role) -> None:
    """Every view of ``bp`` needs a signed-in user holding one of ``roles``: checked once per blueprint.

    Anonymous visitors are sent to sign in (and back); other roles get 403.
    """

    @bp.before_request
    def _guard() -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        if not current_user.has_role(*roles):
            abort(403)
        return None
