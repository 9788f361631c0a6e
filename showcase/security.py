"""Production safety: the settings a public deployment must have, and the security headers on every response."""

from __future__ import annotations

import math
import os
from collections import Counter

from flask import Flask, Response, request

#: scripts, styles, fonts and media come only from this site; nothing inline, no frames, no plugins
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
#: powerful browser features are off everywhere; the door screen alone may ask for the camera
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
DOOR_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")
#: endpoints whose page uses the camera
CAMERA_ENDPOINTS = frozenset({"checkin.door"})
DEVELOPMENT_KEYS = frozenset({"dev-only-not-secret", "", None})
MIN_SECRET_KEY_LENGTH = 32
#: a key must carry at least this much entropy by its own character counts (token_urlsafe(48): ~350 bits)
MIN_SECRET_KEY_BITS = 128
MIN_SECRET_KEY_DISTINCT = 10


class UnsafeConfiguration(RuntimeError):
    """The app was about to start in production with a setting that would expose families' data."""


def is_production(app: Flask) -> bool:
    """Production is declared with SHOWCASE_ENV=production (gunicorn.conf.py sets it); tests and debug never are."""
    if app.testing or app.debug:
        return False
    return os.environ.get("SHOWCASE_ENV", "development").strip().lower() == "production"


def apply_production_settings(app: Flask) -> None:
    """Secure cookies behind https; refuse to start in production without a real SECRET_KEY."""
    https = str(app.config.get("BASE_URL", "")).startswith("https://")
    for setting in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config.get(setting) is None:  # None (the default) follows BASE_URL
            app.config[setting] = https
    if https:
        app.config["PREFERRED_URL_SCHEME"] = "https"
    if not is_production(app):
        return
    key = app.config.get("SECRET_KEY")
    if key in DEVELOPMENT_KEYS:
        raise UnsafeConfiguration(
            "Set SHOWCASE_SECRET_KEY: the development key must not be used in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))').")
    if len(str(key)) < MIN_SECRET_KEY_LENGTH:
        raise UnsafeConfiguration(
            f"SHOWCASE_SECRET_KEY is too short: use at least {MIN_SECRET_KEY_LENGTH} random characters.")
    if len(set(str(key))) < MIN_SECRET_KEY_DISTINCT or estimated_entropy_bits(str(key)) < MIN_SECRET_KEY_BITS:
        raise UnsafeConfiguration(
            "SHOWCASE_SECRET_KEY is not random enough (repeated or patterned characters): "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'")


def estimated_entropy_bits(key: str) -> float:
    """An upper estimate of a key's entropy from its own character frequencies (Shannon, in bits).

    32 × "a" scores 0 and "abab…" 1 bit a character; a random token scores about 5.5 a character.
    """
    counts = Counter(key)
    return -sum(n * math.log2(n / len(key)) for n in counts.values())


def trust_proxy(app: Flask) -> None:
    """Behind a reverse proxy (PROXY_COUNT > 0), take the client's address and scheme from its X-Forwarded-* headers.

    Without it every family would share the proxy's address, and so one rate limit.
    """
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=0)  # type: ignore[method-assign]


def register_security_headers(app: Flask) -> None:
    """Add the security headers to every response (a view's own Referrer-Policy or Cache-Control wins)."""
    hsts = str(app.config.get("BASE_URL", "")).startswith("https://")

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", DOOR_PERMISSIONS_POLICY if request.endpoint in CAMERA_ENDPOINTS
                           else PERMISSIONS_POLICY)
        if hsts:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def init_app(app: Flask) -> None:
    """Production settings (checked before anything else starts), proxy trust and security headers."""
    apply_production_settings(app)
    trust_proxy(app)
    register_security_headers(app)
