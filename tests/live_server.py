"""A real HTTP server for the app in a background thread (werkzeug's make_server)."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import make_server
from werkzeug.wsgi import ClosingIterator


class RequestsInFlight:
    """WSGI middleware that counts the requests the server is still handling, so a test can wait
    until the server has finished with one the browser abandoned (a cancelled upload)."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        with self.changed:
            self.count += 1
        try:
            return ClosingIterator(self.wsgi_app(environ, start_response), self._finished)
        except BaseException:
            self._finished()
            raise

    def _finished(self) -> None:
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        """Return once no request is being handled; fail after ``timeout`` seconds."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.count == 0, timeout):
                raise TimeoutError(f"{self.count} request(s) still running after {timeout} s")


def wait_until_idle(app: Flask, timeout: float = 10.0) -> None:
    """Wait until the live server serving ``app`` has finished every request it received."""
    tracker = app.wsgi_app
    if not isinstance(tracker, RequestsInFlight):
        raise RuntimeError("the app is not being served by tests.live_server.serve")
    tracker.wait_until_idle(timeout)


@contextmanager
def serve(app: Flask, threaded: bool = True) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 on a free port; yields its base URL (also set as BASE_URL)."""
    original_wsgi_app = app.wsgi_app
    app.wsgi_app = RequestsInFlight(original_wsgi_app)
    server = make_server("127.0.0.1", 0, app, threaded=threaded)
    base_url = f"http://127.0.0.1:{server.server_port}"
    previous = app.config["BASE_URL"]
    app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.config["BASE_URL"] = previous
        app.wsgi_app = original_wsgi_app


def request_json(base_url: str, method: str, path: str, body: dict | None = None,
                 token: str | None = None) -> tuple[int, dict]:
    """One JSON request to a served app over a real socket: (status, answer). A connection the
    server reset or refused under load is tried again, up to five times."""
    parts = urlsplit(base_url)
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    for attempt in range(5):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        except (ConnectionResetError, ConnectionRefusedError):
            if attempt == 4:
                raise
        finally:
            connection.close()
    raise AssertionError("unreachable")
