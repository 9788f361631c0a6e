"""Organizer console and operations at city scale, in process on SQLite: 12 events of 700 households
and 125 teams each. Prints the console and overview render times, the backup and restore times of the
database plus 64 MB of media, and the purge time of one event's households.

    .venv/bin/python benchmarks/ops.py
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EVENTS, HOUSEHOLDS, TEAMS, MEDIA_FILES, MEDIA_SIZE = 12, 700, 125, 64, 1024 * 1024


def _timed(action, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="showcase-ops-bench-"))
    os.environ["SHOWCASE_INSTANCE_PATH"] = str(work / "instance")
    from flask_migrate import upgrade

    from showcase import create_app
    from showcase.auth.models import Role, User
    from showcase.events.models import Community, Event, Rsvp, RsvpStatus
    from showcase.extensions import db
    from showcase.storage import media_storage
    from showcase.tokens import token_hash

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "JOBS_BACKEND": "immediate",
                      "RATELIMIT_ENABLED": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work}/bench.db"})
    with app.app_context():
        upgrade()
        organizer = User(email="boss@example.com", name="Boss", role=Role.ORGANIZER)
        organizer.set_password("x" * 12)
        db.session.add(organizer)
        now = datetime.now(UTC)
        start = time.perf_counter()
        for e in range(EVENTS):
            event = Event(slug=f"event-{e}", title_ko=f"행사 {e}", title_en=f"Event {e}", timezone="Asia/Seoul",
                          starts_at=now + timedelta(days=30 - 20 * e), capacity=1500, max_party_size=6)
            db.session.add(event)
            db.session.flush()
            db.session.add_all(Community(event_id=event.id, name=f"공동체 {t}", households=6) for t in range(TEAMS))
            db.session.add_all(Rsvp(event_id=event.id, status=RsvpStatus.CONFIRMED, contact_name=f"가족 {h}",
                                    phone=f"+8210{e:02d}{h:06d}", adults=2, children=1, seats=3, locale="ko",
                                    token_salt=secrets.token_hex(8), manage_token_hash=token_hash(secrets.token_hex()),
                                    ticket_token_hash=token_hash(secrets.token_hex()),
                                    created_at=now - timedelta(days=40 - h % 40)) for h in range(HOUSEHOLDS))
        db.session.commit()
        seeded = time.perf_counter() - start
        storage = media_storage()
        for n in range(MEDIA_FILES):
            with storage.temp_file() as temp:
                temp.write_bytes(os.urandom(MEDIA_SIZE))
                storage.save_from_temp(temp, f"submissions/{n}/v1/original.mp4")
        organizer_id = organizer.id
        from showcase.auth.sessions import start_session

        session_token = start_session(organizer)  # a live server-side session, as signing in makes

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(organizer_id)
        session["sid"] = session_token
        session["_fresh"] = True
    print(f"seeded {EVENTS} events x {HOUSEHOLDS} households x {TEAMS} teams in {seeded:.1f} s")
    for label, url in (("console (12 events)", "/manage/console"),
                       ("event overview", "/manage/events/event-0/overview"),
                       ("rsvps-over-time.json", "/manage/events/event-0/rsvps-over-time.json"),
                       ("audit log page", "/manage/audit")):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.close()
        median, worst = _timed(lambda url=url: client.get(url).close())
        print(f"{label:<24} median {median:7.1f} ms   max {worst:7.1f} ms")

    from showcase.backups.services import backup, restore
    from showcase.privacy.services import purge_event

    with app.app_context():
        target = work / "backups" / "showcase.tar"
        target.parent.mkdir()
        start = time.perf_counter()
        report = backup(target)
        took = time.perf_counter() - start
        size = target.stat().st_size / 1024 / 1024
        print(f"backup: {took:.2f} s for {size:.0f} MB ({report.media_files} media files), {size / took:.0f} MB/s")
        start = time.perf_counter()
        restore(target)
        print(f"restore: {time.perf_counter() - start:.2f} s (checked aside, then swapped)")
        event = db.session.scalar(db.select(Event).where(Event.slug == f"event-{EVENTS - 1}"))
        start = time.perf_counter()
        purged = purge_event(event)
        print(f"purge: {purged.households} households anonymised in {(time.perf_counter() - start) * 1000:.0f} ms")
        db.engine.dispose()


if __name__ == "__main__":
    main()
