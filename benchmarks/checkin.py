"""Four doors scan tickets at once through the door API against gunicorn (sync workers) on
loopback: time from scan (request sent) to verdict (answer read), p50/p99, and the ratio of
scans/s to a bare /healthz of the same server in the same run. Also checks that every ticket
was admitted exactly once and that a second scan of each says "already_admitted".

    .venv/bin/python benchmarks/checkin.py [--database sqlite|postgres|both] [--workers 4]
Targets: p99 <= 50 ms, ratio >= 0.2.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    gunicorn,
    prepared_instance,
    private_postgres,
    request,
    run_load,
    run_on_databases,
)

HOUSEHOLDS = 1200
DOORS = 4
BASELINE_REQUESTS = 2000

SETUP = f"""
import json
from datetime import timedelta
from showcase.database import utcnow
from showcase.events.models import Event
from showcase.events import placement, rsvp_tokens
from showcase.events.households import Household
from showcase.checkin.doors import issue_door_token
from showcase.extensions import db
event = Event(slug="door-bench", title_ko="입장 벤치마크", title_en="Door benchmark", timezone="Asia/Seoul",
              starts_at=utcnow() + timedelta(hours=1), capacity=10000, max_party_size=6)
db.session.add(event)
db.session.commit()
tickets = []
for n in range({HOUSEHOLDS}):
    rsvp = placement.place_rsvp(event.id, Household(contact_name=f"가족 {{n}}", phone=f"010-7{{n // 10000:03d}}-{{n % 10000:04d}}",
                                                 adults=1 + n % 2, children=n % 3), source="organizer").rsvp
    tickets.append(rsvp_tokens.ticket_token(rsvp))
doors = [issue_door_token(event, f"Door {{d + 1}}")[1] for d in range({DOORS})]
print(json.dumps({{"tickets": tickets, "doors": doors}}))
"""


def run(database: str, workers: int) -> dict:
    """One database's run; returns the figures."""
    with private_postgres() if database == "postgres" else nullcontext(None) as url, \
            prepared_instance(url) as instance:
        setup = json.loads(instance.python(SETUP).strip().splitlines()[-1])
        tickets, doors = setup["tickets"], setup["doors"]
        with gunicorn(instance, workers=workers) as base:
            def scan(n: int):
                token = doors[n % DOORS]
                return request("POST", base, "/api/v1/events/door-bench/checkins", {"code": f"{base}/t/{tickets[n]}"},
                               {"Authorization": f"Bearer {token}"})

            run_load([lambda: request("GET", base, "/healthz")] * 200, DOORS)          # warm-up
            hello = run_load([lambda: request("GET", base, "/healthz")] * BASELINE_REQUESTS, DOORS)
            first = run_load([lambda n=n: scan(n) for n in range(len(tickets))], DOORS)
            again = run_load([lambda n=n: scan(n) for n in range(len(tickets))], DOORS)
            status, body = request("GET", base, "/api/v1/events/door-bench/attendance",
                                   headers={"Authorization": f"Bearer {doors[0]}"})
    counts = json.loads(body)
    first_results = Counter(json.loads(b).get("result", f"HTTP {s}") for s, b in zip(first.statuses, first.bodies,
                                                                                       strict=True))
    again_results = Counter(json.loads(b).get("result", f"HTTP {s}") for s, b in zip(again.statuses, again.bodies,
                                                                                       strict=True))
    print(f"--- {database} ({workers} sync workers, {DOORS} doors scanning at once) ---")
    print(hello.summary("bare /healthz"))
    print(first.summary("scan -> admitted"))
    print(again.summary("scan -> already_admitted"))
    ratio = first.rate / hello.rate
    print(f"ratio scan/hello {ratio:.2f} (target >= 0.2)   p99 {first.percentile(99):.1f} ms (target <= 50)")
    print(f"first scans: {dict(first_results)}; second scans: {dict(again_results)}; "
          f"attendance admitted {counts['admitted']}, expected_remaining {counts['expected_remaining']}")
    return {"ratio": ratio, "p99": first.percentile(99)}


def main() -> None:
    run_on_databases(run, __doc__)


if __name__ == "__main__":
    main()
