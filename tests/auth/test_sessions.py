"""Sessions end on the server: logout, password change, a new CSRF token at sign-in, and the
per-account sign-in limit that never locks an organizer out of their own browser."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import select, text

from showcase.auth import throttle
from showcase.auth.jobs import nightly_sign_in_housekeeping
from showcase.auth.models import LoginThrottle, Role, UserSession
from showcase.auth.sessions import end_session, start_session, user_for_session
from showcase.database import unit_of_work, utcnow
from showcase.extensions import db
from tests.conftest import PASSWORD

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}


def _fresh() -> None:
    """Forget what the test's long-lived app context keeps in g between clients (user, CSRF token)."""
    g.pop("_login_user", None)
    g.pop("csrf_token", None)


def _csrf(client: FlaskClient, path: str = "/login") -> str:
    _fresh()
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def _session_cookie(client: FlaskClient) -> str:
    return client.get_cookie("session").value


def _sign_in(client: FlaskClient, email: str, password: str = PASSWORD, **headers):
    token = _csrf(client)
    _fresh()
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       headers=headers)


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def test_a_cookie_captured_before_logout_opens_nothing_afterwards(app, client, make_user):
    make_user(Role.ORGANIZER, email="boss@example.com")
    assert _sign_in(client, "boss@example.com").status_code == 302
    assert client.get("/manage/console").status_code == 200
    captured = _session_cookie(client)

    assert client.post("/logout", data={"csrf_token": _csrf(client, "/manage/console")}).status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", captured)
    response = thief.get("/manage/console")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(select(UserSession.ended_at)) is not None


def test_the_csrf_token_changes_at_sign_in(client, make_user):
    make_user(Role.ORGANIZER, email="boss@example.com")
    before = _csrf(client)
    client.post("/login", data={"email": "boss@example.com", "password": PASSWORD, "csrf_token": before})
    after = _csrf(client, "/manage/console")
    assert before != after
    # the token handed out before sign-in no longer passes
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302


def test_a_password_change_ends_every_other_session_but_keeps_this_one(app, client, make_user):
    user = make_user(Role.ORGANIZER, email="boss@example.com")
    laptop, phone = client, app.test_client()
    _sign_in(laptop, "boss@example.com")
    _sign_in(phone, "boss@example.com")
    assert phone.get("/manage/console").status_code == 200

    token = _csrf(laptop, "/account/password")
    response = laptop.post("/account/password", headers=KO, follow_redirects=True, data={
        "csrf_token": token, "current_password": PASSWORD, "new_password": "a much longer secret",
        "confirm": "a much longer secret"})
    assert response.status_code == 200
    assert "다른 곳의 로그인 1개를 로그아웃했습니다" in response.get_data(as_text=True)
    assert laptop.get("/manage/console").status_code == 200
    assert phone.get("/manage/console").status_code == 302
    db.session.refresh(user)
    assert user.check_password("a much longer secret")


def test_a_wrong_current_password_changes_nothing(client, make_user):
    user = make_user(Role.STAFF, email="door@example.com")
    _sign_in(client, "door@example.com")
    response = client.post("/account/password", headers=KO, data={
        "csrf_token": _csrf(client, "/account/password"), "current_password": "not it at all",
        "new_password": "a much longer secret", "confirm": "a much longer secret"})
    assert response.status_code == 422
    assert "현재 비밀번호가 맞지 않습니다" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_wrong_passwords_lock_the_account_for_strangers_with_growing_waits(app, make_user):
    make_user(Role.ORGANIZER, email="boss@example.com")
    attacker = app.test_client()
    statuses = [_sign_in(attacker, "boss@example.com", "guess").status_code
                for _ in range(throttle.FREE_FAILURES + 1)]
    assert statuses == [200] * throttle.FREE_FAILURES + [429]
    # while locked even the right password is not checked from an unknown browser
    response = _sign_in(attacker, "boss@example.com", PASSWORD, **KO)
    assert response.status_code == 429
    assert "분 뒤에 다시 시도" in response.get_data(as_text=True)
    row = db.session.scalar(select(LoginThrottle))
    assert row.failures == throttle.FREE_FAILURES and "boss" not in row.account_key


def test_a_refused_sign_in_is_counted_in_a_unit_of_its_own(app, make_user):
    """The count is committed although the sign-in is refused, and nothing that rolls back may hold it."""
    make_user(Role.ORGANIZER, email="boss@example.com")
    assert _sign_in(app.test_client(), "boss@example.com", "guess").status_code == 200
    with db.engine.connect() as other:  # what another connection sees: committed rows only
        assert other.execute(text("SELECT failures FROM login_throttles")).scalar_one() == 1
    with pytest.raises(RuntimeError, match="own unit of work"), unit_of_work():
        throttle.record_failure("boss@example.com")
    assert db.session.scalar(select(LoginThrottle.failures)) == 1


def test_the_organizers_own_browser_is_never_locked_out(app, make_user):
    make_user(Role.ORGANIZER, email="boss@example.com")
    laptop = app.test_client()
    _sign_in(laptop, "boss@example.com")
    laptop.post("/logout", data={"csrf_token": _csrf(laptop, "/manage/console")})

    attacker = app.test_client()
    statuses = [_sign_in(attacker, "boss@example.com", "guess").status_code for _ in range(throttle.FREE_FAILURES + 3)]
    assert statuses[-1] == 429, statuses
    assert throttle.locked_until("boss@example.com") is not None

    response = _sign_in(laptop, "boss@example.com")  # the known-device cookie skips the lock
    assert response.status_code == 302
    assert laptop.get("/manage/console").status_code == 200
    assert throttle.locked_until("boss@example.com") is None  # success clears the count


def test_the_wait_doubles_and_is_capped_so_no_lock_lasts(app):
    waits = [throttle.wait_after(n) for n in range(throttle.FREE_FAILURES + 12)]
    assert waits[: throttle.FREE_FAILURES] == [None] * throttle.FREE_FAILURES
    assert waits[throttle.FREE_FAILURES] == throttle.FIRST_WAIT
    assert waits[throttle.FREE_FAILURES + 1] == 2 * throttle.FIRST_WAIT
    assert max(waits[throttle.FREE_FAILURES:]) == throttle.LONGEST_WAIT == timedelta(minutes=15)
    now = utcnow()
    for _ in range(40):
        until = throttle.record_failure("victim@example.com", now)
    assert until - now == throttle.LONGEST_WAIT
    assert throttle.locked_until("victim@example.com", now + throttle.LONGEST_WAIT + timedelta(seconds=1)) is None


def test_a_forged_known_device_cookie_does_not_skip_the_lock(app, make_user):
    make_user(Role.ORGANIZER, email="boss@example.com")
    attacker = app.test_client()
    for _ in range(throttle.FREE_FAILURES):
        _sign_in(attacker, "boss@example.com", "guess")
    attacker.set_cookie("showcase_known_device", "WzFd.forged")
    assert _sign_in(attacker, "boss@example.com").status_code == 429


def test_the_nightly_housekeeping_forgets_dead_sessions_and_stale_failures(app, make_user):
    user = make_user(Role.ORGANIZER)
    live = start_session(user)
    end_session(start_session(user))  # signed out
    old = start_session(user, now=utcnow() - app.permanent_session_lifetime - timedelta(minutes=1))
    lifetime = app.permanent_session_lifetime
    assert user_for_session(user.id, old) == user  # the row alone still matches …
    assert user_for_session(user.id, old, lifetime) is None  # … but past the absolute limit it opens nothing
    assert user_for_session(user.id, live, lifetime) == user
    for _ in range(throttle.FREE_FAILURES + 1):
        throttle.record_failure("someone@example.com", now=utcnow() - timedelta(days=2))
        throttle.record_failure("recent@example.com")
    assert nightly_sign_in_housekeeping.call_local() == (2, 1)
    assert db.session.scalar(select(db.func.count()).select_from(UserSession)) == 1
    assert user_for_session(user.id, live) == user
    assert [row.account_key for row in db.session.scalars(select(LoginThrottle))] == \
        [throttle.account_key("recent@example.com")]
    assert throttle.locked_until("recent@example.com") is not None  # a wait still running is kept
