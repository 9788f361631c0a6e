"""Server time of the organizer's results page for 125 entries × 9 judges × 5 criteria (target ≤ 200 ms).

    python benchmarks/results.py [--requests 60]   (SQLite in a temporary instance; set
    SHOWCASE_DATABASE_URL to measure on PostgreSQL)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="showcase-bench-results-")
    os.environ["SHOWCASE_INSTANCE_PATH"] = instance
    from flask_migrate import upgrade

    from showcase import create_app
    from showcase.auth.models import Role, User
    from showcase.extensions import db

    app = create_app({"TESTING": False, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "JOBS_BACKEND": "immediate",
                      **({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(instance, "bench.db")}
                         if not os.environ.get("SHOWCASE_DATABASE_URL") else {})})
    with app.app_context():
        upgrade()
        from showcase.events.models import Community, Event
        from showcase.judging.models import Criterion, JudgeComment, JudgeInvitation, JudgingSettings, Score
        from showcase.submissions.models import Eligibility, ProcessingState, Submission

        now = datetime.now(UTC)
        event = Event(slug="bench", title_ko="벤치마크", title_en="Benchmark", starts_at=now + timedelta(days=30),
                      capacity=150)
        db.session.add(event)
        db.session.flush()
        db.session.add(JudgingSettings(event_id=event.id, blind=False, min_scores=3))
        teams = [Community(event_id=event.id, name=f"공동체 {i:03d}팀") for i in range(125)]
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
        judges = []
        for n in range(9):
            judge = User(email=f"judge{n}@bench.local", name=f"Judge {n}", role=Role.JUDGE, password_hash="x")
            judges.append(judge)
        organizer = User(email="org@bench.local", name="Organizer", role=Role.ORGANIZER, password_hash="x")
        db.session.add_all([*judges, organizer])
        db.session.flush()
        db.session.add_all(JudgeInvitation(event_id=event.id, judge_id=j.id) for j in judges)
        rnd = random.Random(6)
        db.session.add_all(Score(judge_id=j.id, submission_id=e.id, criterion_id=c.id,
                                 value=rnd.randint(c.scale_min, c.scale_max), created_at=now, updated_at=now)
                           for j in judges for e in entries for c in rubric)
        # about a third of the sheets carry a comment, shown to the organizer per entry
        db.session.add_all(JudgeComment(judge_id=j.id, submission_id=e.id, updated_at=now,
                                        comment="소리가 작아요. 아이들 표정이 좋습니다. " * 3)
                           for j in judges for e in entries if rnd.random() < 0.33)
        db.session.commit()
        organizer_id = db.session.scalar(db.select(User.id).where(User.email == "org@bench.local"))
        score_count = db.session.scalar(db.select(db.func.count(Score.id)))

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(organizer_id)
        session["_fresh"] = True
    timings = []
    for i in range(args.requests + 5):
        start = time.perf_counter()
        response = client.get("/manage/events/bench/results?lang=ko")
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200 and response.data.count(b"<tr") >= 126, response.status_code
        if i >= 5:  # warm-up
            timings.append(elapsed)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(round(0.99 * (len(timings) - 1))))]
    print(f"results page: 125 entries × 9 judges × 5 criteria ({score_count} scores), "
          f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {len(timings)} requests")
    print(f"  server time p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, "
          f"max {timings[-1]:.1f} ms (target ≤ 200 ms)")


if __name__ == "__main__":
    main()
