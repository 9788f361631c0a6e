"""Security headers on every response, secure cookies behind https, and no production start without a real key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from showcase import create_app
from showcase.auth.models import Role
from showcase.security import UnsafeConfiguration

GOOD_KEY = "Xq3vT9pL2mZr8sKw4bNy6cHd1fGj5hQa7eRt0uVx"  # random-looking: a repeated letter is refused
REPO = Path(__file__).resolve().parents[1]


def test_every_page_carries_the_security_headers(client, make_event):
    event = make_event()
    for url in ("/", f"/events/{event.slug}", "/login", "/static/css/app.css", "/no-such-page",
                f"/api/v1/events/{event.slug}"):
        response = client.get(url)
        response.close()
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert response.headers["Referrer-Policy"]
        assert "Strict-Transport-Security" not in response.headers  # plain http in tests


def test_only_the_door_screen_may_ask_for_the_camera(client, login_as, make_event):
    event = make_event()
    login_as(Role.STAFF)
    assert "camera=(self)" in client.get(f"/door/{event.slug}").headers["Permissions-Policy"]
    assert "camera=()" in client.get("/door/").headers["Permissions-Policy"]


def test_a_ticket_page_keeps_its_stricter_referrer_policy(client, make_event, make_rsvp):
    from showcase.events.rsvp_tokens import ticket_token

    rsvp = make_rsvp(make_event())
    assert client.get(f"/t/{ticket_token(rsvp)}").headers["Referrer-Policy"] == "no-referrer"


def _app(tmp_path, monkeypatch, env: dict[str, str]):
    monkeypatch.setenv("SHOWCASE_INSTANCE_PATH", str(tmp_path))
    for name in ("SHOWCASE_ENV", "SHOWCASE_SECRET_KEY", "SHOWCASE_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SHOWCASE_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    return create_app()


def test_production_refuses_the_development_key(tmp_path, monkeypatch):
    with pytest.raises(UnsafeConfiguration, match="SHOWCASE_SECRET_KEY"):
        _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": "production"})


def test_production_refuses_a_short_key(tmp_path, monkeypatch):
    with pytest.raises(UnsafeConfiguration, match="too short"):
        _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": "production", "SHOWCASE_SECRET_KEY": "hunter2"})


def test_gunicorn_config_declares_production(tmp_path, monkeypatch):
    import runpy

    monkeypatch.setenv("SHOWCASE_ENV", "")  # recorded, so the value the file sets is undone afterwards
    monkeypatch.delenv("SHOWCASE_ENV")
    settings = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert settings["worker_class"] == "sync" and settings["workers"] >= 2
    assert os.environ["SHOWCASE_ENV"] == "production"
    with pytest.raises(UnsafeConfiguration):
        _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": os.environ["SHOWCASE_ENV"]})


def test_development_runs_with_the_development_key(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, {})
    assert app.config["SESSION_COOKIE_SECURE"] is False
    app = _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": "development",
                                      "SHOWCASE_BASE_URL": "https://showcase.busan.example"})
    assert app.config["SESSION_COOKIE_SECURE"] is True  # still https: cookies stay secure


def test_https_production_sends_secure_cookies_and_hsts(tmp_path, monkeypatch):
    app = _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": "production", "SHOWCASE_SECRET_KEY": GOOD_KEY,
                                      "SHOWCASE_BASE_URL": "https://showcase.busan.example"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    with app.app_context():
        from flask_migrate import upgrade

        from showcase.extensions import db

        upgrade()
        response = app.test_client().get("/login", base_url="https://showcase.busan.example")
        db.engine.dispose()
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("key", ["a" * 32, "ab" * 24, "abc" * 12, "password" * 5])
def test_production_refuses_a_low_entropy_key(tmp_path, monkeypatch, key):
    with pytest.raises(UnsafeConfiguration, match="not random enough"):
        _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": "production", "SHOWCASE_SECRET_KEY": key})


def test_production_accepts_a_random_key(tmp_path, monkeypatch):
    import secrets

    for key in (secrets.token_urlsafe(48), secrets.token_hex(32)):
        app = _app(tmp_path, monkeypatch, {"SHOWCASE_ENV": "production", "SHOWCASE_SECRET_KEY": key})
        assert app.config["SECRET_KEY"] == key
