"""A real HTTP server for the app in a background thread (werkzeug's make_server)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from werkzeug.serving import make_server


@contextmanager
def serve(app: Flask, threaded: bool = True) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 on a free port; yields its base URL (also set as BASE_URL)."""
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
