"""Absolute public URLs built on BASE_URL, usable outside a request (CLI, jobs, emails)."""

from __future__ import annotations

from typing import Any

from flask import current_app


def absolute_url(endpoint: str, **values: Any) -> str:
    """The public address of ``endpoint`` on the configured BASE_URL."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path
