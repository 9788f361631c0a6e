"""Shared fixtures: an app on a real database (SQLite, or PostgreSQL when
SHOWCASE_TEST_DATABASE_URL is set), a clean schema per test, clients, users and factories."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from showcase import create_app
from showcase.auth.models import Role, User
from showcase.events import placement
from showcase.events.households import Household
from showcase.events.models import Community, Event, Rsvp
from showcase.extensions import db

PG_ENV = "SHOWCASE_TEST_DATABASE_URL"
TEST_SECRET = "test-secret-key-not-for-production"
PASSWORD = "correct horse battery staple"
PYTEST_OWNED = {"PYTEST_CURRENT_TEST"}  # pytest sets and clears it around each phase itself


def _postgres_database(base_url: str) -> Iterator[str]:
    """Create a throw-away PostgreSQL database for this test session (one per xdist worker)."""
    url = make_url(base_url.replace("postgresql://", "postgresql+psycopg://", 1)
                   if base_url.startswith("postgresql://") else base_url)
    name = f"showcase_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"), {"name": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The database every test in this session runs on, migrated once with `db upgrade`."""
    pg = os.environ.get(PG_ENV)
    if pg:
        urls = _postgres_database(pg)
        url = next(urls)
    else:
        urls = None
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "showcase.db")
    app = _make_app(url, tmp_path_factory.mktemp("migrate-instance"))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    yield url
    if urls is not None:
        next(urls, None)


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the block, then put back exactly what was there before."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(autouse=True)
def _restore_environment() -> Iterator[None]:
    """Whatever a test (or code it runs, such as gunicorn.conf.py) does to ``os.environ`` is undone."""
    saved = dict(os.environ)
    yield
    for name in set(os.environ) - set(saved) - PYTEST_OWNED:
        del os.environ[name]
    for name, value in saved.items():
        if name not in PYTEST_OWNED and os.environ.get(name) != value:
            os.environ[name] = value


def _make_app(url: str, instance: Path, **overrides) -> Flask:
    """An app on ``url`` whose instance folder is ``instance``; the environment is left as found."""
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "JOBS_BACKEND": "immediate",
        "BASE_URL": "http://showcase.test",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    with _environment(SHOWCASE_INSTANCE_PATH=str(instance)):
        return create_app(config)


def _truncate_all() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f'DELETE FROM "{table}"'))
    db.session.commit()


@pytest.fixture
def app_config() -> dict:
    """Extra config for the `app` fixture; override in a test module to change it."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, app_config: dict) -> Iterator[Flask]:
    """The app on the session's database, emptied before each test."""
    app = _make_app(database_url, tmp_path / "instance", **app_config)
    with app.app_context():
        _truncate_all()
        yield app
        db.session.remove()
        db.engine.dispose()


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context (and so its own `g` and
    database session), as under a real server. The test's own session is committed before the
    request, so the request sees the test's set-up, and again after, so the test sees its effects."""

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.commit()
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Create an account: make_user(Role.ORGANIZER, email=...)."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.ORGANIZER, email: str | None = None, name: str | None = None) -> User:
        n = next(counter)
        user = User(email=email or f"{role.value}{n}@example.com", name=name or f"{role.value} {n}", role=role)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client: FlaskClient, make_user: Callable[..., User]) -> Callable[[Role | str], User]:
    """Sign the test client in with a fresh account of ``role``, through the real login form (with
    its CSRF token when a test turns CSRF on)."""

    def login(role: Role | str) -> User:
        user = make_user(Role(role))
        form = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
        data = {"email": user.email, "password": PASSWORD} | ({"csrf_token": token.group(1)} if token else {})
        response = client.post("/login", data=data)
        assert response.status_code == 302, f"signing in as {user.email} failed ({response.status_code})"
        return user

    return login


@pytest.fixture
def make_event(app: Flask) -> Callable[..., Event]:
    """Create an event whose RSVPs are open: make_event(capacity=20, slug=...)."""
    counter = iter(range(1, 10_000))

    def make(**overrides) -> Event:
        n = next(counter)
        now = datetime.now(UTC)
        values = dict(slug=f"event-{n}", title_ko=f"행사 {n}", title_en=f"Event {n}", timezone="Asia/Seoul",
                      starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=2),
                      venue_ko="부산광역시의회 2층 대회의실", venue_en="Busan Metropolitan Council",
                      capacity=150, max_party_size=6, infants_take_seat=False)
        values.update(overrides)
        communities = values.pop("communities", 0)
        event = Event(**values)
        db.session.add(event)
        db.session.flush()
        for i in range(communities):
            db.session.add(Community(event_id=event.id, name=f"공동체 {i + 1}팀", households=5))
        db.session.commit()
        return event

    return make


@pytest.fixture
def make_rsvp(app: Flask) -> Callable[..., Rsvp]:
    """Place an RSVP through the real service: make_rsvp(event, adults=2, children=1)."""
    counter = iter(range(1, 100_000))

    def make(event: Event, **overrides) -> Rsvp:
        n = next(counter)
        values = dict(contact_name=f"가족 {n}", phone=f"010-{2000 + n // 10000:04d}-{n % 10000:04d}", email="",
                      adults=1, children=0, infants=0, locale="ko")
        values.update(overrides)
        source = values.pop("source", "family")
        return placement.place_rsvp(event.id, Household(**values), source=source).rsvp

    return make
