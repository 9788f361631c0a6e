"""700 households RSVP through the JSON API against gunicorn (sync workers), 16 at a time,
on SQLite and on PostgreSQL. Prints RSVPs/s, p50/p99 latency and the ratio to a bare endpoint
of the same server measured in the same run; checks nothing was oversold and nothing failed.

    .venv/bin/python benchmarks/rsvp_rush.py [--database sqlite|postgres|both] [--workers 4]
Targets: ratio >= 0.2, p99 <= 250 ms, nothing oversold, no errors.

Every household gives a phone and an email, and the event tells households by both (an email and
a text message queued with each RSVP). RSVP_RUSH_MESSAGES=email measures the same with email only,
to see what queueing the second channel costs.

It also prints the CPU each request costs the servers (gunicorn, PostgreSQL, Redis) and the load
generator: on a machine this small they share the cores, so that cost bounds the ratio.
The bare endpoint is measured before and after the rush, and the faster of the two is used.
Both endpoints are warmed up first, each worker's code paths and statement caches included: the
RSVP path with households for a separate warm-up event, so the measured event starts empty.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    gunicorn,
    prepared_instance,
    private_postgres,
    private_redis,
    request,
    run_load,
    run_on_databases,
)

HOUSEHOLDS = 700
CONCURRENCY = 16
BASELINE_REQUESTS = 2000
WARM_UP_REQUESTS = 200
WARM_UP_EVENT = (
    "from dataclasses import fields\n"
    "from showcase.events.services import EventDetails, create_event, find_event\n"
    "source = find_event('shared-parenting')\n"
    "details = EventDetails(**{f.name: getattr(source, f.name) for f in fields(EventDetails)})\n"
    "details.slug, details.capacity = 'warm-up', 100\n"
    "create_event(details)\n")


def household(n: int) -> dict:
    """A plausible household: 1-2 adults, 0-3 children, sometimes a lap infant."""
    return {"name": f"가족 {n}", "phone": f"010-7{n // 1000:03d}-{n % 10000:04d}", "email": f"family{n}@example.com",
            "adults": 1 + n % 2, "children": n % 4, "infants": 1 if n % 7 == 0 else 0, "locale": "ko"}


def run(database: str, workers: int) -> dict:
    """One database's run; returns the figures."""
    # As deployed: SQLite with huey's SQLite store; PostgreSQL with Redis for the job queue.
    postgres = database == "postgres"
    with private_postgres() if postgres else nullcontext(None) as url, \
            private_redis() if postgres else nullcontext(None) as redis_url, \
            prepared_instance(url, **({"JOBS_BACKEND": '"redis"', "JOBS_REDIS_URL": f'"{redis_url}"'}
                                      if postgres else {})) as instance:
        instance.flask("seed-demo")
        channels = os.environ.get("RSVP_RUSH_MESSAGES", "both")
        instance.python("from showcase.events.services import find_event\nfrom showcase.extensions import db\n"
                        f"find_event('shared-parenting').message_channels = {channels!r}\ndb.session.commit()\n")
        instance.python(WARM_UP_EVENT)
        with gunicorn(instance, workers=workers) as base:
            run_load([lambda: request("GET", base, "/healthz")] * WARM_UP_REQUESTS, CONCURRENCY)
            warm = run_load([lambda n=n: request("POST", base, "/api/v1/events/warm-up/rsvps", household(n))
                             for n in range(WARM_UP_REQUESTS)], CONCURRENCY)
            assert all(status == 201 for status in warm.statuses), "warm-up RSVPs failed"
            servers = (base, url, redis_url)
            before = run_load([lambda: request("GET", base, "/healthz")] * BASELINE_REQUESTS, CONCURRENCY, servers)
            jobs = [lambda n=n: request("POST", base, "/api/v1/events/shared-parenting/rsvps", household(n))
                    for n in range(HOUSEHOLDS)]
            rush = run_load(jobs, CONCURRENCY, servers)
            after = run_load([lambda: request("GET", base, "/healthz")] * BASELINE_REQUESTS, CONCURRENCY, servers)
            hello = max(before, after, key=lambda result: result.rate)  # the faster: the stricter ratio
            status, body = request("GET", base, "/api/v1/events/shared-parenting")
        event = json.loads(body)
        checks = instance.python(
            "from sqlalchemy import select, func\n"
            "from showcase.events.models import Rsvp, RsvpStatus\nfrom showcase.extensions import db\n"
            "from showcase.events.services import find_event\n"
            "event = find_event('shared-parenting').id\n"
            "seats = db.session.scalar(select(func.sum(Rsvp.seats))\n"
            "                          .where(Rsvp.event_id == event, Rsvp.status == RsvpStatus.CONFIRMED))\n"
            "rows = db.session.scalar(select(func.count(Rsvp.id)).where(Rsvp.event_id == event))\n"
            "print(seats, rows)\n").split()
    answers = [json.loads(b) for b in rush.bodies if b]
    errors = sum(1 for s in rush.statuses if s != 201)
    confirmed = sum(1 for a in answers if a.get("status") == "confirmed")
    print(f"--- {database} ({workers} sync workers, {CONCURRENCY} clients, jobs on {'redis' if postgres else 'sqlite'}, "
          f"messages by {os.environ.get('RSVP_RUSH_MESSAGES', 'both')}) ---")
    print(before.summary("bare /healthz before"))
    print(after.summary("bare /healthz after"))
    print(rush.summary("RSVP POST"))
    print(hello.cpu_summary("bare /healthz (faster)"))
    print(rush.cpu_summary("RSVP POST"))
    ceiling = (hello.server_cpu + hello.client_cpu) / len(hello.latencies) / (
        (rush.server_cpu + rush.client_cpu) / len(rush.latencies))
    print(f"CPU ceiling of the ratio (both at the same cores busy): {ceiling:.2f}")
    ratio = rush.rate / hello.rate
    print(f"ratio RSVP/hello {ratio:.2f} (target >= 0.2)   p99 {rush.percentile(99):.1f} ms (target <= 250)")
    print(f"households {HOUSEHOLDS}: confirmed {confirmed}, waitlisted {len(answers) - confirmed}, errors {errors}; "
          f"seats confirmed {checks[0]} of {event['capacity']} (API says {event['seats_confirmed']}), rows {checks[1]}")
    oversold = int(checks[0]) > event["capacity"]
    print("OVERSOLD!" if oversold else "nothing oversold")
    return {"ratio": ratio, "p99": rush.percentile(99), "errors": errors, "oversold": oversold}


def main() -> None:
    run_on_databases(run, __doc__)


if __name__ == "__main__":
    main()
