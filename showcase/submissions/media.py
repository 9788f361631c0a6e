"""Serving a stored media file (video, poster, original) to the browser."""

from __future__ import annotations

from flask import abort, send_file

from ..storage import media_storage


def send_media(key: str | None, mimetype: str, download_name: str | None = None):
    """The file stored under ``key`` (range requests allowed, never cached by shared caches), or 404."""
    storage = media_storage()
    if not storage.exists(key):
        abort(404)
    response = send_file(storage.path(key), mimetype=mimetype, conditional=True, max_age=0,
                         as_attachment=download_name is not None, download_name=download_name)
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
