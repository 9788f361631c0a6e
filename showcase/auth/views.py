"""Sign in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from ..extensions import limiter
from .forms import LoginForm
from .homes import role_home
from .services import authenticate

bp = Blueprint("auth", __name__)



def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            home = role_home(user.role)
            return redirect(_safe_next(request.args.get("next")) or url_for(home.endpoint if home else "events.index"))
        flash(_("That email and password do not match an account."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    response = redirect(url_for("events.index"))
    # door phones keep the door list and the page for offline use: signing out takes them off
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
