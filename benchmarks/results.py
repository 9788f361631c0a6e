"""Server time of the organizer's results page for 125 entries × 9 judges × 5 criteria (target ≤ 200 ms),
with every judge scoring every entry ("full") and with each entry scored by 3 judges ("k=3").

    python benchmarks/results.py [--requests 60] [--mode full|k3|both] [--no-settle]   (SQLite in a
    temporary instance; set SHOWCASE_DATABASE_URL to measure on PostgreSQL)

Like each gunicorn worker (gunicorn.conf.py ``post_worker_init``), the process settles its heap once
the app is loaded (``showcase.serving.settle_heap``); ``--no-settle`` measures without it. The time
spent in the garbage collector's full collections during the measured requests is printed too.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ENTRIES, JUDGES, K = 125, 9, 3


def _seed_event(slug: str, judges: list, k: int | None) -> int:
    """One event of 125 entries and a 5-criterion rubric scored by ``judges`` (all, or k per entry); its score count."""
    from showcase.events.models import Community, Event
    from showcase.extensions import db
    from showcase.judging.balancing import balance
    from showcase.judging.models import (
        Criterion,
        JudgeAssignment,
        JudgeComment,
        JudgeInvitation,
        JudgingSettings,
        Score,
    )
    from showcase.submissions.models import Eligibility, ProcessingState, Submission

    now = datetime.now(UTC)
    event = Event(slug=slug, title_ko="벤치마크", title_en="Benchmark", starts_at=now + timedelta(days=30), capacity=150)
    db.session.add(event)
    db.session.flush()
    db.session.add(JudgingSettings(event_id=event.id, blind=False, min_scores=3, judges_per_entry=k))
    teams = [Community(event_id=event.id, name=f"공동체 {i:03d}팀") for i in range(ENTRIES)]
    db.session.add_all(teams)
    db.session.flush()
    entries = [Submission(event_id=event.id, community_id=t.id, title_ko=f"출품작 {i}", title_en=f"Entry {i}",
                          consent_at=now, original_path="x", original_size=1, container="mp4", width=1080,
                          height=1920, duration=60, state=ProcessingState.READY,
                          eligibility=Eligibility.ELIGIBLE) for i, t in enumerate(teams)]
    db.session.add_all(entries)
    rubric = [Criterion(event_id=event.id, name_ko=f"기준 {n}", name_en=f"Criterion {n}", weight=w, position=n,
                        scale_min=1, scale_max=5 if n == 4 else 10)  # one 1–5 criterion: mixed scales
              for n, w in enumerate((3, 2, 2, 2, 1))]
    db.session.add_all(rubric)
    db.session.flush()
    db.session.add_all(JudgeInvitation(event_id=event.id, judge_id=j.id) for j in judges)
    if k is None:
        pairs = [(j.id, e.id) for j in judges for e in entries]
    else:
        pairs = sorted(balance([e.id for e in entries], [j.id for j in judges], k, seed=event.id).pairs())
        db.session.add_all(JudgeAssignment(event_id=event.id, judge_id=j, submission_id=e, assigned_at=now)
                           for j, e in pairs)
    rnd = random.Random(6)
    db.session.add_all(Score(judge_id=j, submission_id=e, criterion_id=c.id,
                             value=rnd.randint(c.scale_min, c.scale_max), created_at=now, updated_at=now)
                       for j, e in pairs for c in rubric)
    # about a third of the sheets carry a comment, shown to the organizer per entry
    db.session.add_all(JudgeComment(judge_id=j, submission_id=e, updated_at=now,
                                    comment="소리가 작아요. 아이들 표정이 좋습니다. " * 3)
                       for j, e in pairs if rnd.random() < 0.33)
    db.session.commit()
    return len(pairs) * len(rubric)


class _FullCollections:
    """A ``gc.callbacks`` hook that counts the full (generation 2) collections and the time they take."""

    def __init__(self) -> None:
        self.count, self.seconds, self._started = 0, 0.0, 0.0

    def reset(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self.seconds += time.perf_counter() - self._started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--mode", choices=("full", "k3", "both"), default="both")
    parser.add_argument("--no-settle", action="store_true", help="do not freeze the loaded app's objects first")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="showcase-bench-results-")
    os.environ["SHOWCASE_INSTANCE_PATH"] = instance
    from flask_migrate import upgrade

    from showcase import create_app
    from showcase.auth.models import Role, User
    from showcase.extensions import db

    app = create_app({"TESTING": False, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "JOBS_BACKEND": "immediate",
                      # a test mapping replaces the SHOWCASE_* environment, so the database is passed on here
                      **({"DATABASE_URL": os.environ["SHOWCASE_DATABASE_URL"]} if os.environ.get("SHOWCASE_DATABASE_URL")
                         else {"SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(instance, "bench.db")})})
    modes = [("bench", None, "full"), ("bench-k3", K, f"k={K}")]
    modes = [m for m in modes if args.mode == "both" or (args.mode == "full") == (m[1] is None)]
    with app.app_context():
        upgrade()
        judges = [User(email=f"judge{n}@bench.local", name=f"Judge {n}", role=Role.JUDGE, password_hash="x")
                  for n in range(JUDGES)]
        organizer = User(email="org@bench.local", name="Organizer", role=Role.ORGANIZER, password_hash="x")
        db.session.add_all([*judges, organizer])
        db.session.flush()
        score_counts = {slug: _seed_event(slug, judges, k) for slug, k, _ in modes}
        organizer_id = organizer.id
        from showcase.auth.sessions import start_session

        session_token = start_session(organizer)  # a live server-side session, as signing in makes

    if not args.no_settle:
        from showcase.serving import settle_heap

        settle_heap()
    full_collections = _FullCollections()
    gc.callbacks.append(full_collections)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(organizer_id)
        session["sid"] = session_token
        session["_fresh"] = True
    for slug, _, label in modes:
        timings, cpu = [], []
        full_collections.reset()
        for i in range(args.requests + 5):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/manage/events/{slug}/results?lang=ko")
            elapsed, used = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
            assert response.status_code == 200 and response.data.count(b"<tr") >= ENTRIES + 1, response.status_code
            if i >= 5:  # warm-up
                timings.append(elapsed)
                cpu.append(used)
            else:
                full_collections.reset()
        timings.sort()
        cpu.sort()
        p99 = timings[min(len(timings) - 1, int(round(0.99 * (len(timings) - 1))))]
        cpu_p99 = cpu[min(len(cpu) - 1, int(round(0.99 * (len(cpu) - 1))))]
        print(f"results page, {label}: {ENTRIES} entries × {JUDGES} judges × 5 criteria ({score_counts[slug]} scores), "
              f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {len(timings)} requests")
        print(f"  server time p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, "
              f"max {timings[-1]:.1f} ms (target ≤ 200 ms)")
        print(f"  CPU time of this process p50 {statistics.median(cpu):.1f} ms, p99 {cpu_p99:.1f} ms "
              f"(wall time above includes waiting for a core; load average {os.getloadavg()[0]:.1f})")
        print(f"  full garbage collections: {full_collections.count}, {full_collections.seconds * 1000:.0f} ms in all "
              f"(heap {'not settled' if args.no_settle else 'settled'})")


if __name__ == "__main__":
    main()
