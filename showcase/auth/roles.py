"""Who may open a view, declared once: per blueprint with ``guard``, per view with ``access``.

One check (``check_access``, run before every request; auth's ``init_app`` registers it) applies the
view's own rule if it declares one, else its blueprint's, else none (a public page). A rule is an
``Access``: signed-in accounts holding some roles (``signed_in``), everyone (``PUBLIC``), or a
domain's own, such as the door API's bearer tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, request
from flask_login import current_user

from ..extensions import login_manager
from ..refusals import Refusal
from .models import Role, User

View = TypeVar("View", bound=Callable)
#: where each app keeps its blueprints' rules (``app.extensions``)
EXTENSION_KEY = "showcase.access"


class Access:
    """A rule a request must pass: ``check`` returns None to let it through, or refuses (returns a
    response such as the sign-in redirect, or raises an HTTP error or a Refusal)."""

    def check(self) -> Any:
        raise NotImplementedError


class _Public(Access):
    def check(self) -> None:
        return None


#: everyone, signed in or not (a view of a guarded blueprint that is public)
PUBLIC = _Public()


@dataclass(frozen=True)
class SignedIn(Access):
    """A signed-in account holding one of ``roles`` (any account when empty). Anonymous visitors are
    sent to sign in (and back); other accounts get 403, or the page of ``refusal``'s Refusal."""

    roles: tuple[Role, ...] = ()
    refusal: Callable[[User], Refusal | None] | None = None

    def check(self) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if self.roles and not current_user.has_role(*self.roles):
            refusal = self.refusal(current_user) if self.refusal else None
            if refusal is not None:
                raise refusal
            abort(403)
        return None


def signed_in(*roles: Role, refusal: Callable[[User], Refusal | None] | None = None) -> SignedIn:
    """The rule for accounts holding one of ``roles``; ``refusal`` says why not to some of the others."""
    return SignedIn(roles, refusal)


#: organizer accounts only: every organizer page
ORGANIZERS = signed_in(Role.ORGANIZER)


def guard(bp: Blueprint, rule: Access) -> None:
    """Every view of ``bp`` passes ``rule`` first, unless the view declares its own with ``access``."""
    bp.record_once(lambda state: state.app.extensions.setdefault(EXTENSION_KEY, {}).__setitem__(state.name, rule))


def access(rule: Access) -> Callable[[View], View]:
    """Declare a view's own rule, in place of its blueprint's."""

    def decorator(view: View) -> View:
        view.access = rule  # type: ignore[attr-defined]
        return view

    return decorator


def rule_for(endpoint: str | None) -> Access | None:
    """The rule a request to ``endpoint`` must pass, or None."""
    if endpoint is None:
        return None
    rule = getattr(current_app.view_functions.get(endpoint), "access", None)
    if rule is None:
        rules = current_app.extensions.get(EXTENSION_KEY, {})
        rule = rules.get(endpoint.rpartition(".")[0])
    return rule


def check_access() -> Any:
    """Before every request: refuse it unless it passes its view's (or blueprint's) rule.

    Flask's own answer to OPTIONS (the methods a URL allows, never the view) needs no rule."""
    if request.method == "OPTIONS" and getattr(request.url_rule, "provide_automatic_options", False):
        return None
    rule = rule_for(request.endpoint)
    return rule.check() if rule is not None else None
