"""Configuration defaults; instance/config.py and SHOWCASE_* environment variables override."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


class Defaults:
    """Embedded defaults: SQLite in the instance folder, local media and outbox, in-process jobs."""

    SECRET_KEY = "dev-only-not-secret"  # replaced by SHOWCASE_SECRET_KEY outside development
    BASE_URL = "http://127.0.0.1:5000"
    #: filled in by create_app from the instance folder when not given
    SQLALCHEMY_DATABASE_URI: str | None = None
    #: hide_parameters: a database error's message never carries the request's values into the log
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SQLITE_BUSY_TIMEOUT_MS = 15000

    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    LANGUAGES = ("ko", "en")

    WTF_CSRF_TIME_LIMIT = None  # a family may fill the form slowly on a phone
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # uploads raise their own limit per route

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    #: the limits' store (Redis) unreachable: count in each worker's memory meanwhile, never refuse
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_RSVP = "30 per minute;300 per hour"
    RATELIMIT_LOGIN = "10 per minute"
    RATELIMIT_TICKET = "120 per minute"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    #: reverse proxies in front of gunicorn (nginx: 1); their X-Forwarded-For/-Proto are then trusted
    PROXY_COUNT = 0
    #: None: secure cookies exactly when BASE_URL is https (showcase.security)
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_SECURE: bool | None = None

    #: where media, the outbox and the job database live; None means inside the instance folder
    MEDIA_DIR: str | None = None
    OUTBOX_DIR: str | None = None
    #: background jobs: "sqlite" (instance/jobs.sqlite3), "redis" (JOBS_REDIS_URL) or "immediate"
    JOBS_BACKEND = "sqlite"
    JOBS_REDIS_URL = "redis://127.0.0.1:6379/0"
    MAIL_FROM = "Showcase <no-reply@showcase.local>"
    SMTP_HOST: str | None = None  # None: write .eml files into the outbox folder
    SMTP_PORT = 25
    SMTP_USERNAME: str | None = None
    SMTP_PASSWORD: str | None = None
    SMTP_STARTTLS = False

    #: text messages to phones: None writes .sms.json files into the outbox; "solapi" sends them
    TEXT_PROVIDER: str | None = None
    SOLAPI_API_KEY: str | None = None
    SOLAPI_API_SECRET: str | None = None
    SOLAPI_BASE_URL = "https://api.solapi.com"
    #: the sender number registered with the provider (발신번호), e.g. "051-123-4567"
    TEXT_SENDER_NUMBER: str | None = None
    #: the Kakao business channel's id at the provider (pfId); None: SMS/LMS only, no Alimtalk
    KAKAO_CHANNEL_ID: str | None = None
    #: approved Alimtalk template ids per language and message kind: {"ko": {"confirmed": "KA01TP…"}}
    ALIMTALK_TEMPLATES: dict = {}
    TEXT_TIMEOUT_SECONDS = 10
    #: non-urgent texts (reminders, organizer resends) wait outside these hours, in the event's zone
    TEXT_QUIET_HOURS = ("21:00", "08:00")
    #: price of one message per medium, for the cost shown on the organizer's messages page
    MESSAGE_PRICES: dict = {"email": 0, "alimtalk": 13, "sms": 20, "lms": 50}
    MESSAGE_PRICE_CURRENCY = "KRW"
    #: shared secret of the delivery-report webhook (HMAC-SHA256 of the body); None: webhook off, polling
    TEXT_WEBHOOK_SECRET: str | None = None
    RATELIMIT_LINK_REQUESTS = "5 per minute;30 per hour"


def sqlalchemy_database_url(url: str | None) -> str | None:
    """A DATABASE_URL (as SHOWCASE_DATABASE_URL gives it) in the form SQLAlchemy's psycopg 3 driver wants."""
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Load the defaults, then instance/config.py and SHOWCASE_* (or the tests' own mapping)."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("SHOWCASE")
    else:
        app.config.from_mapping(test_config)
    database_url = sqlalchemy_database_url(app.config.get("DATABASE_URL"))
    if database_url and not (test_config and test_config.get("SQLALCHEMY_DATABASE_URI")):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "showcase.db")
    os.makedirs(app.instance_path, exist_ok=True)
