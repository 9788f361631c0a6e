"""Sign in and out."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeSerializer

from ..database import utcnow
from ..extensions import limiter
from ..i18n import LOCALE_SESSION_KEY
from ..input_edges import unsafe_text
from .forms import LoginForm, PasswordForm
from .homes import role_home
from .models import User
from .roles import access, signed_in
from .services import PasswordRefused, authenticate, change_password, find_user_by_email, sign_in
from .sessions import end_session, user_for_session
from .throttle import locked_until, record_failure

bp = Blueprint("auth", __name__)
#: the session cookie's key holding the token of its server-side session (showcase.auth.sessions)
SESSION_TOKEN_KEY = "sid"
#: a signed list of accounts that signed in on this browser: they skip the per-account lock-out
KNOWN_DEVICE_COOKIE = "showcase_known_device"
KNOWN_DEVICE_MAX_AGE = 365 * 24 * 3600
KNOWN_DEVICE_ACCOUNTS = 5



def load_user(user_id: str) -> User | None:
    """The signed-in account (Flask-Login's user loader), only while the session the cookie names is live."""
    if not user_id.isdigit() or len(user_id) > 10:
        return None
    return user_for_session(int(user_id), session.get(SESSION_TOKEN_KEY), current_app.permanent_session_lifetime)


def _safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after sign-in."""
    if not target or unsafe_text(target, one_line=True) or "\\" in target:
        return None  # CR/LF would split the Location header; a backslash reads as "/" in browsers
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _device_serializer() -> URLSafeSerializer:
    assert current_app.secret_key is not None  # config.py and security.py see to one
    return URLSafeSerializer(current_app.secret_key, salt="known-device")


def _known_accounts() -> list[int]:
    """Accounts that signed in on this browser before (from the signed known-device cookie)."""
    raw = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not raw:
        return []
    try:
        ids = _device_serializer().loads(raw)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def _begin_session(user: User, typed_email: str) -> None:
    """Sign ``user`` in with a fresh session: a new CSRF token, nothing kept from before but the language."""
    language = session.get(LOCALE_SESSION_KEY)
    session.clear()
    if language:
        session[LOCALE_SESSION_KEY] = language
    login_user(user)
    session[SESSION_TOKEN_KEY] = sign_in(user, typed_email)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        assert email is not None and form.password.data is not None  # DataRequired
        user = find_user_by_email(email)
        known = user is not None and user.id in _known_accounts()
        until = None if known else locked_until(email)
        if until is not None:
            minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
            flash(_("Too many wrong passwords for this account. Try again in %(num)d minute(s), "
                    "or on a device you signed in with before.", num=minutes), "error")
            return render_template("auth/login.html", form=form), 429
        user = authenticate(email, form.password.data)
        if user:
            _begin_session(user, email)
            home = role_home(user.role)
            response = redirect(_safe_next(request.args.get("next"))
                                or url_for(home.endpoint if home else "events.index"))
            accounts = [user.id, *[i for i in _known_accounts() if i != user.id]][:KNOWN_DEVICE_ACCOUNTS]
            response.set_cookie(KNOWN_DEVICE_COOKIE, _device_serializer().dumps(accounts), max_age=KNOWN_DEVICE_MAX_AGE,
                                httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
            return response
        if not known:
            record_failure(email)
        flash(_("That email and password do not match an account."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    end_session(session.get(SESSION_TOKEN_KEY))
    logout_user()
    language = session.get(LOCALE_SESSION_KEY)
    session.clear()
    if language:
        session[LOCALE_SESSION_KEY] = language
    flash(_("You are signed out."), "info")
    response = redirect(url_for("events.index"))
    # door phones keep the door list and the page for offline use: signing out takes them off
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@access(signed_in())
def change_password_view():
    form = PasswordForm()
    if form.validate_on_submit():
        assert form.current_password.data is not None and form.new_password.data is not None  # DataRequired
        try:
            ended = change_password(current_user, form.current_password.data, form.new_password.data,
                                    keep_token=session.get(SESSION_TOKEN_KEY))
        except PasswordRefused as refusal:
            target = getattr(form, refusal.field)
            target.errors = [*target.errors, str(refusal.message)]
        else:
            session.pop("csrf_token", None)
            flash(_("Your password is changed. %(num)d other session(s) were signed out.", num=ended), "success")
            return redirect(url_for("auth.change_password_view"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200
