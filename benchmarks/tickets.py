"""Server time for the ticket page and its QR image, on a real HTTP server on loopback.

Builds a fresh instance (SQLite by default; PostgreSQL with SHOWCASE_BENCH_DATABASE_URL), books
150 households, serves the app with werkzeug on 127.0.0.1 and requests each household's ticket
page and qr.png (first fetch, then a revalidation with If-None-Match). Server time is measured
inside the WSGI call (from the request arriving to the last byte of the body); the client's
round trip is printed beside it. Prints figures; the target is ticket page p99 <= 30 ms.

    .venv/bin/python benchmarks/tickets.py [--rounds 4]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402


class ServerTimer:
    """WSGI middleware that records how long the app takes per request path kind."""

    def __init__(self, app):
        self.app = app
        self.times: dict[str, list[float]] = {}
        self.label = "other"

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        body = self.app(environ, start_response)
        try:
            chunks = list(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        self.times.setdefault(self.label, []).append(time.perf_counter() - started)
        return chunks


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def line(label: str, values: list[float]) -> str:
    return (f"{label:<34} n={len(values):>4}  p50 {percentile(values, 50):6.2f} ms  "
            f"p99 {percentile(values, 99):6.2f} ms  mean {1000 * statistics.fmean(values):6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=4, help="times each household's ticket is fetched")
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="showcase-bench-tickets.")
    os.environ["SHOWCASE_INSTANCE_PATH"] = instance
    from flask_migrate import upgrade

    from showcase import create_app
    from showcase.events.households import Household
    from showcase.events.placement import place_rsvp
    from showcase.events.rsvp_tokens import ticket_token
    from showcase.events.services import find_event
    from showcase.extensions import db

    config = {"SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": False, "JOBS_BACKEND": "immediate",
              "SQLALCHEMY_DATABASE_URI": os.environ.get("SHOWCASE_BENCH_DATABASE_URL")
              or f"sqlite:///{instance}/showcase.db"}
    app = create_app(config)
    timer = ServerTimer(app.wsgi_app)
    app.wsgi_app = timer
    with app.app_context():
        upgrade()
        from showcase.events.demo import seed_demo_event

        event, _ = seed_demo_event()
        event.capacity = args.households * 6
        db.session.commit()
        tokens = []
        for n in range(args.households):
            rsvp = place_rsvp(event.id, Household(contact_name=f"가족 {n}", phone=f"010-7000-{n:04d}",
                                                  adults=2, children=n % 3), source="organizer").rsvp
            tokens.append(ticket_token(rsvp))
        slug = find_event("shared-parenting").slug
    server = make_server("127.0.0.1", 0, app, threaded=False, request_handler=QuietHandler)
    port = server.server_port
    app.config["BASE_URL"] = f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    client_times: dict[str, list[float]] = {}

    def get(label: str, path: str, headers: dict | None = None) -> tuple[int, dict]:
        timer.label = label
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Language": "ko", **(headers or {})})
        response = connection.getresponse()
        response.read()
        client_times.setdefault(label, []).append(time.perf_counter() - started)
        connection.close()
        return response.status, dict(response.getheaders())

    try:
        for token in tokens[:10]:                         # warm up templates and connections
            get("warm-up", f"/t/{token}")
        etags = {}
        for token in tokens:
            status, headers = get("qr.png (first fetch)", f"/t/{token}/qr.png")
            assert status == 200
            etags[token] = headers["ETag"]
        for _ in range(args.rounds):
            for token in tokens:
                assert get("ticket page /t/<token>", f"/t/{token}")[0] == 200
                assert get("qr.png (cached image)", f"/t/{token}/qr.png")[0] == 200
                assert get("qr.png If-None-Match (304)", f"/t/{token}/qr.png",
                           {"If-None-Match": etags[token]})[0] == 304
                assert get("unknown token (404)", f"/t/{token[:-1]}x")[0] == 404
    finally:
        server.shutdown()
        server.server_close()

    database = "PostgreSQL" if "postgresql" in config["SQLALCHEMY_DATABASE_URI"] else "SQLite"
    print(f"tickets benchmark: event '{slug}', {args.households} households, {database}, werkzeug on loopback")
    print("server time (inside the WSGI app):")
    for label, values in timer.times.items():
        if label != "warm-up":
            print("  " + line(label, values))
    print("client round trip (new TCP connection each):")
    for label, values in client_times.items():
        if label != "warm-up":
            print("  " + line(label, values))
    page_p99 = percentile(timer.times["ticket page /t/<token>"], 99)
    print(f"ticket page p99 server time {page_p99:.2f} ms (target <= 30 ms): "
          f"{'within' if page_p99 <= 30 else 'OVER'} target")


if __name__ == "__main__":
    main()
