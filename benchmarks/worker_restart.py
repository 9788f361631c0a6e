"""Kill the job worker with SIGKILL while it sends confirmations, start it again: what arrived.

Builds a fresh instance (SQLite by default; PostgreSQL with SHOWCASE_BENCH_DATABASE_URL) with the
outbox folder as transport (no SMTP, no text provider), places --households RSVPs through the
service (each confirmation queued as an email and a text), runs real `flask --app showcase worker`
processes (huey on SQLite) and kills them --kills times mid-run, each time once a further share of
the files is written and an attempt is running, restarting at once. Prints messages, kills,
duplicates, the attempts cut short and how late each arrived after the worker's restart, and how
long after the last restart everything was sent. The grace is production's (30 s) unless --grace.

    .venv/bin/python benchmarks/worker_restart.py [--households 300] [--kills 3] [--grace 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=300, help="each gets an email and a text")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--grace", type=float, default=None,
                        help="SENDING_GRACE_SECONDS (default: production's)")
    parser.add_argument("--limit", type=float, default=240, help="seconds to wait after the last restart")
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="showcase-bench-restart.")
    os.environ["SHOWCASE_INSTANCE_PATH"] = instance
    from flask_migrate import upgrade

    from showcase import create_app
    from showcase.config import sqlalchemy_database_url
    from showcase.events.households import Household
    from showcase.events.models import Event
    from showcase.events.placement import place_rsvp
    from showcase.extensions import db
    from showcase.tickets.outbox import DEFAULT_SENDING_GRACE_SECONDS
    from tests.tickets.worker_restart import run

    grace = DEFAULT_SENDING_GRACE_SECONDS if args.grace is None else args.grace
    database_url = (sqlalchemy_database_url(os.environ.get("SHOWCASE_BENCH_DATABASE_URL"))
                    or f"sqlite:///{instance}/showcase.db")
    app = create_app({"SECRET_KEY": "benchmark", "RATELIMIT_ENABLED": False, "JOBS_BACKEND": "sqlite",
                      "SQLALCHEMY_DATABASE_URI": database_url, "BASE_URL": "http://showcase.test",
                      "SENDING_GRACE_SECONDS": grace})
    with app.app_context():
        upgrade()
        starts = datetime.now(UTC) + timedelta(days=30)
        event = Event(slug="restart-bench", title_ko="재시작 시험", title_en="Restart test", timezone="Asia/Seoul",
                      starts_at=starts, ends_at=starts + timedelta(hours=2), venue_ko="부산", venue_en="Busan",
                      capacity=args.households, max_party_size=6, infants_take_seat=False)
        db.session.add(event)
        db.session.commit()
        for n in range(args.households):
            place_rsvp(event.id, Household(contact_name=f"가족 {n}", phone=f"010-6000-{n:04d}",
                                           email=f"family{n}@example.com", adults=1, children=0, infants=0,
                                           locale="ko"), source="family")
        outcome = run(app, database_url, kills=args.kills, grace_seconds=grace, limit_seconds=args.limit,
                      log=Path(instance) / "worker.log")
    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"worker restart: {args.households} households, email and text into the outbox folder, {database}, "
          f"SENDING_GRACE_SECONDS={grace:g}, instance {instance}")
    print(outcome.report())


if __name__ == "__main__":
    main()
