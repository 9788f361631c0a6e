"""The figures of one event's overview, gathered from each domain's own counting services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..checkin.attendance import attendance
from ..events.models import Event, Rsvp, RsvpStatus
from ..events.seats import SeatCounts, seat_counts
from ..extensions import db
from ..judging.entries import eligible_entries
from ..judging.models import JudgingSettings, Score
from ..judging.panel import conflicted_community_ids, invited_judges
from ..submissions.models import Eligibility, ProcessingState, Submission


@dataclass(frozen=True)
class JudgingProgress:
    """Score sheets filled in against those expected (each judge × each eligible entry without a conflict)."""

    judges: int
    entries: int
    sheets_done: int
    sheets_expected: int
    locked: bool

    @property
    def percent(self) -> int:
        """Share of sheets done, 0–100."""
        return round(100 * self.sheets_done / self.sheets_expected) if self.sheets_expected else 0


@dataclass(frozen=True)
class Overview:
    """One event at a glance."""

    event: Event
    seats: SeatCounts
    submissions: dict[str, int]
    eligibility: dict[str, int]
    judging: JudgingProgress
    admitted: int
    expected_remaining: int
    walk_ins: int

    @property
    def entries(self) -> int:
        """Every entry, whatever its state."""
        return sum(self.submissions.values())

    @property
    def entries_in_processing(self) -> int:
        """Entries waiting for or going through processing."""
        return self.submissions["queued"] + self.submissions["processing"]


def submissions_by_state(event: Event) -> tuple[dict[str, int], dict[str, int]]:
    """Entries per processing state and per review decision (every state listed, zeros included)."""
    states = dict.fromkeys((s.value for s in ProcessingState), 0)
    reviews = dict.fromkeys((e.value for e in Eligibility), 0)
    for state, eligibility, count in db.session.execute(
            select(Submission.state, Submission.eligibility, func.count(Submission.id))
            .where(Submission.event_id == event.id).group_by(Submission.state, Submission.eligibility)):
        states[ProcessingState(state).value] += count
        reviews[Eligibility(eligibility).value] += count
    return states, reviews


def judging_progress(event: Event) -> JudgingProgress:
    """How far the panel has got."""
    entries = eligible_entries(event)
    judges = invited_judges(event)
    expected = sum(1 for judge in judges for entry in entries
                   if entry.community_id not in conflicted_community_ids(event, judge))
    done = db.session.scalar(
        select(func.count()).select_from(
            select(Score.judge_id, Score.submission_id).join(Submission, Submission.id == Score.submission_id)
            .where(Submission.event_id == event.id, Submission.id.in_([e.id for e in entries]))
            .distinct().subquery())) or 0
    settings = db.session.get(JudgingSettings, event.id)  # read only: no settings row is created here
    return JudgingProgress(len(judges), len(entries), min(done, expected), expected,
                           settings is not None and settings.locked_at is not None)


def overview(event: Event, now: datetime | None = None) -> Overview:
    """Seats, waitlist, submissions, judging and arrivals of ``event``."""
    door = attendance(event, now)
    states, reviews = submissions_by_state(event)
    return Overview(event, seat_counts(event), states, reviews, judging_progress(event), door.admitted,
                    door.expected_remaining, door.walk_ins)


def rsvp_timeline(event: Event) -> list[dict]:
    """RSVPs received per day in the event's time zone: households, people, and the running total of people.

    Every household that ever RSVPed counts on the day it did (cancellations are shown apart).
    """
    zone = ZoneInfo(event.timezone)
    rows = db.session.execute(select(Rsvp.created_at, Rsvp.adults + Rsvp.children + Rsvp.infants, Rsvp.status)
                              .where(Rsvp.event_id == event.id, Rsvp.source != "door")
                              .order_by(Rsvp.created_at)).all()
    days: dict = {}
    for created, people, status in rows:
        day = created.astimezone(zone).date()
        entry = days.setdefault(day, {"households": 0, "people": 0, "cancelled": 0})
        entry["households"] += 1
        entry["people"] += people
        if status == RsvpStatus.CANCELLED:
            entry["cancelled"] += 1
    if not days:
        return []
    timeline, total, day, last = [], 0, min(days), max(days)
    while day <= last:  # every day, the quiet ones too, so the chart's x axis is true
        entry = days.get(day, {"households": 0, "people": 0, "cancelled": 0})
        total += entry["people"]
        timeline.append({"date": day.isoformat(), **entry, "total_people": total})
        day += timedelta(days=1)
    return timeline
