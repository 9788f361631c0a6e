"""Four doors scan tickets at once through the door API against gunicorn (sync workers) on
loopback: time from scan (request sent) to verdict (answer read), p50/p99, and the ratio of
scans/s to a bare /healthz of the same server in the same run. Also checks that every ticket
was admitted exactly once and that a second scan of each says "already_admitted".

Then the Wi-Fi comes back after an outage: 4 doors replay 1,000 admissions queued offline (with
client_id and scanned_at; 50 households were let in at two doors), and replay them all a second
time (answers lost on the way): time for each, and checks that each is applied once, answered the
same, attendance exact and the 50 double admissions marked as conflicts.

    .venv/bin/python benchmarks/checkin.py [--database sqlite|postgres|both] [--workers 4]
Targets: p99 <= 50 ms, ratio >= 0.2.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections import Counter
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
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
#: admissions queued offline and replayed: REPLAYED households, DOUBLED of them at two doors
QUEUED = 1000
DOUBLED = 50
REPLAYED = QUEUED - DOUBLED

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
for n in range({HOUSEHOLDS} + {REPLAYED}):
    rsvp = placement.place_rsvp(event.id, Household(contact_name=f"가족 {{n}}", phone=f"010-7{{n // 10000:03d}}-{{n % 10000:04d}}",
                                                 adults=1 + n % 2, children=n % 3), source="organizer").rsvp
    tickets.append((rsvp_tokens.ticket_token(rsvp), rsvp.party_size))
doors = [issue_door_token(event, f"Door {{d + 1}}")[1] for d in range({DOORS})]
print(json.dumps({{"tickets": tickets, "doors": doors}}))
"""


def run(database: str, workers: int) -> dict:
    """One database's run; returns the figures."""
    with private_postgres() if database == "postgres" else nullcontext(None) as url, \
            prepared_instance(url) as instance:
        setup = json.loads(instance.python(SETUP).strip().splitlines()[-1])
        tickets = [token for token, _party in setup["tickets"][:HOUSEHOLDS]]
        offline = setup["tickets"][HOUSEHOLDS:]
        doors = setup["doors"]
        with gunicorn(instance, workers=workers) as base:
            def scan(n: int):
                token = doors[n % DOORS]
                return request("POST", base, "/api/v1/events/door-bench/checkins", {"code": f"{base}/t/{tickets[n]}"},
                               {"Authorization": f"Bearer {token}"})

            run_load([lambda: request("GET", base, "/healthz")] * 200, DOORS)          # warm-up
            hello = run_load([lambda: request("GET", base, "/healthz")] * BASELINE_REQUESTS, DOORS)
            first = run_load([lambda n=n: scan(n) for n in range(len(tickets))], DOORS)
            again = run_load([lambda n=n: scan(n) for n in range(len(tickets))], DOORS)
            queue = _offline_queue(base, offline)
            answers: dict[str, bytes] = {}
            answers_again: dict[str, bytes] = {}
            replay = run_load([lambda item=item: _replay(base, doors, item, answers) for item in queue], DOORS)
            replay_again = run_load([lambda item=item: _replay(base, doors, item, answers_again) for item in queue],
                                    DOORS)
            status, body = request("GET", base, "/api/v1/events/door-bench/attendance",
                                   headers={"Authorization": f"Bearer {doors[0]}"})
            _status, copy = request("GET", base, "/api/v1/events/door-bench/door-list?part=admitted",
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
    print(f"first scans: {dict(first_results)}; second scans: {dict(again_results)}")
    _report_replay(replay, replay_again, answers, answers_again, json.loads(copy))
    expected = sum(1 + n % 2 + n % 3 for n in range(HOUSEHOLDS)) + sum(party for _token, party in offline)
    print(f"attendance admitted {counts['admitted']} (expected {expected}), "
          f"expected_remaining {counts['expected_remaining']}")
    return {"ratio": ratio, "p99": first.percentile(99), "replay_s": replay.wall}


def _offline_queue(base: str, offline: list) -> list[dict]:
    """QUEUED admissions as 4 offline doors stored them: each household once, DOUBLED of them twice."""
    now = datetime.now(UTC)
    queue = []
    for n, (token, party) in enumerate(offline + offline[:DOUBLED]):
        queue.append({"door": n % DOORS, "body": {
            "code": f"{base}/t/{token}", "admit": party, "client_id": str(uuid.uuid4()),
            "scanned_at": (now - timedelta(seconds=1800 - n)).isoformat()}})
    return queue


def _replay(base: str, doors: list[str], item: dict, answers: dict[str, bytes]):
    """Send one queued admission as its door; keep the answer under its client_id."""
    status, body = request("POST", base, "/api/v1/events/door-bench/checkins", item["body"],
                           {"Authorization": f"Bearer {doors[item['door']]}"})
    answers[item["body"]["client_id"]] = body
    return status, body


def _report_replay(replay, replay_again, first: dict, again: dict, copy: dict) -> None:
    print(f"replay of {QUEUED} offline admissions from {DOORS} doors: {replay.wall:.2f} s "
          f"({replay.rate:.0f}/s, p99 {replay.percentile(99):.1f} ms); replayed again: {replay_again.wall:.2f} s")
    answers = [json.loads(body) for body in first.values()]
    same = sum(json.loads(again[key]) == json.loads(body) for key, body in first.items())
    results = Counter(a.get("result", "error") for a in answers)
    print(f"replay results: {dict(results)}; conflicts {sum(bool(a.get('conflict')) for a in answers)} "
          f"(expected {DOUBLED}); server lists {len(copy['conflicts'])}; "
          f"second replay answered the same: {same}/{QUEUED}")


def main() -> None:
    run_on_databases(run, __doc__)


if __name__ == "__main__":
    main()
