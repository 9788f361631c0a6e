"""Real `flask worker` processes killed with SIGKILL while they write messages into the outbox
folder, and started again: what arrived, how often, and how late. The harness of
tests/tickets/test_worker_restart.py and benchmarks/worker_restart.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from showcase.extensions import db
from showcase.tickets.channels import outbox_dir
from showcase.tickets.models import MessageState, OutboundMessage

FILE_NAME = re.compile(r"^\d{8}-\d{6}-(?P<id>\d+)-(?P<kind>[a-z]+)\.(?P<suffix>eml|sms\.json)$")


@dataclass
class Kill:
    """One SIGKILL: when, which attempts it cut short, and when the next worker started."""

    at: float
    interrupted: list[int]
    restarted_at: float = 0.0


@dataclass
class Outcome:
    """What the households got once every message was sent (or the time ran out)."""

    messages: int
    kills: list[Kill]
    last_start: float
    done_at: float | None
    started_at: float = 0.0
    #: (household, kind, channel) → outbox files
    files: Counter = field(default_factory=Counter)
    expected: Counter = field(default_factory=Counter)
    #: message id → when its file appeared (mtime)
    arrived: dict[int, float] = field(default_factory=dict)
    states: Counter = field(default_factory=Counter)

    @property
    def duplicates(self) -> int:
        return sum(count - 1 for count in self.files.values() if count > 1)

    @property
    def interrupted(self) -> list[tuple[int, Kill]]:
        """Each attempt cut short, with the last kill that found it "sending" (one still waiting
        out the grace when the next kill came is that kill's restart's to recover)."""
        last = {message_id: kill for kill in self.kills for message_id in kill.interrupted}
        return sorted(last.items())

    def lateness(self) -> list[tuple[int, float]]:
        """Each interrupted message's arrival after the latest restart before it (<= 0: its file
        had been written before the kill; the restart only marked it sent)."""
        found = []
        for message_id, kill in self.interrupted:
            arrived = self.arrived.get(message_id)
            if arrived is None:
                continue
            if arrived <= kill.at:
                found.append((message_id, arrived - kill.restarted_at))
                continue
            restart = max(k.restarted_at for k in self.kills if k.restarted_at <= arrived)
            found.append((message_id, arrived - restart))
        return found

    def first_file_after(self, moment: float) -> float:
        later = [arrived for arrived in self.arrived.values() if arrived > moment]
        return min(later) - moment if later else float("nan")

    def report(self) -> str:
        late = self.lateness()
        lines = [f"messages: {self.messages}, kills (SIGKILL): {len(self.kills)}, "
                 f"duplicates: {self.duplicates}, missing: {sum((self.expected - self.files).values())}",
                 f"states: {dict(sorted((str(state), n) for state, n in self.states.items()))}",
                 f"attempts cut short by a kill: {len(self.interrupted)}"]
        for message_id, seconds in sorted(late, key=lambda item: item[1]):
            when = ("written before the kill, marked sent after the restart" if seconds <= 0
                    else f"arrived {seconds:.1f} s after the restart")
            lines.append(f"  message {message_id}: {when}")
        lines.append("kills / restarts at " + ", ".join(
            f"{kill.at - self.started_at:.1f} / {kill.restarted_at - self.started_at:.1f} s" for kill in self.kills)
            + " after the first start; first file after each restart (the worker starting up): "
            + ", ".join(f"{self.first_file_after(kill.restarted_at):.1f} s" for kill in self.kills))
        late_ones = [seconds for _, seconds in late if seconds > 0]
        lines.append(f"late messages: {len(late_ones)}, by at most {max(late_ones, default=0):.1f} s "
                     "after the worker's restart")
        if self.done_at is not None:
            lines.append(f"all sent {self.done_at - self.last_start:.1f} s after the last restart")
        else:
            lines.append("NOT all sent before the time ran out")
        return "\n".join(lines)


def worker_environment(app: Flask, database_url: str, grace_seconds: float) -> dict[str, str]:
    """The environment of a `flask worker` on the app's instance folder, database and outbox."""
    return {**os.environ, "SHOWCASE_INSTANCE_PATH": app.instance_path, "SHOWCASE_DATABASE_URL": database_url,
            "SHOWCASE_SECRET_KEY": app.config["SECRET_KEY"], "SHOWCASE_JOBS_BACKEND": "sqlite",
            "SHOWCASE_BASE_URL": app.config["BASE_URL"], "SHOWCASE_SENDING_GRACE_SECONDS": str(grace_seconds),
            "SHOWCASE_OUTBOX_DIR": str(outbox_dir())}


def start_worker(environment: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "showcase", "worker", "--workers", "2"],
                                env=environment, stdout=out, stderr=subprocess.STDOUT)


def _files() -> list[Path]:
    folder = outbox_dir()
    return [path for path in folder.iterdir() if FILE_NAME.match(path.name)] if folder.exists() else []


def _count(*conditions) -> int:
    db.session.rollback()  # a fresh snapshot: the worker writes meanwhile
    return db.session.scalar(select(func.count()).select_from(OutboundMessage).where(*conditions))


def _sending_ids() -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(select(OutboundMessage.id).where(
        OutboundMessage.state == MessageState.SENDING).order_by(OutboundMessage.id)))


def run(app: Flask, database_url: str, *, kills: int, grace_seconds: float, limit_seconds: float,
        log: Path) -> Outcome:
    """Start a worker on the queued messages, SIGKILL it ``kills`` times (each time once a
    further share of the files is written and an attempt is running), start it again each time,
    and wait until every message is sent or ``limit_seconds`` after the last start."""
    environment = worker_environment(app, database_url, grace_seconds)
    total = _count()
    done_kills: list[Kill] = []
    worker = start_worker(environment, log)
    started_at = last_start = time.time()
    try:
        for number in range(1, kills + 1):
            threshold = total * number // (kills + 1)
            deadline = time.monotonic() + limit_seconds
            while time.monotonic() < deadline:
                if len(_files()) >= threshold and _count(OutboundMessage.state == MessageState.SENDING):
                    break
                time.sleep(0.005)
            worker.kill()  # SIGKILL: no clean-up; its rows stay "sending", its jobs in hand are lost
            worker.wait(10)
            kill = Kill(time.time(), _sending_ids())
            worker = start_worker(environment, log)
            kill.restarted_at = last_start = time.time()
            done_kills.append(kill)
        done_at = None
        while time.time() < last_start + limit_seconds:
            if _count(OutboundMessage.state != MessageState.SENT) == 0:
                done_at = time.time()
                break
            time.sleep(0.1)
    finally:
        worker.kill()
        worker.wait(10)
    return _outcome(total, done_kills, started_at, last_start, done_at)


def _outcome(total: int, kills: list[Kill], started_at: float, last_start: float,
             done_at: float | None) -> Outcome:
    db.session.rollback()
    rows = {row.id: row for row in db.session.scalars(select(OutboundMessage))}
    outcome = Outcome(total, kills, last_start, done_at, started_at)
    outcome.states = Counter(row.state for row in rows.values())
    outcome.expected = Counter((row.rsvp_id, row.kind.value, row.channel) for row in rows.values())
    for path in _files():
        match = FILE_NAME.match(path.name)
        row = rows[int(match["id"])]
        channel = "email" if match["suffix"] == "eml" else "text"
        assert (row.kind.value, row.channel) == (match["kind"], channel), path.name
        outcome.files[(row.rsvp_id, row.kind.value, row.channel)] += 1
        outcome.arrived[row.id] = path.stat().st_mtime
    return outcome
