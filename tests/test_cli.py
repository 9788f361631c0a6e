"""The flask commands of the contract: seed-demo and create-user."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from showcase.auth.models import Role, User
from showcase.auth.services import authenticate
from showcase.events.demo import next_june_20
from showcase.events.models import Community, Event
from showcase.extensions import db


@pytest.mark.slow   # seeds the 695 demo households
def test_seed_demo_creates_the_busan_event_once(runner):
    result = runner.invoke(args=["seed-demo", "--date", "2031-06-20"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(Event).where(Event.slug == "shared-parenting"))
    local = event.starts_at.astimezone(ZoneInfo("Asia/Seoul"))
    assert (local.date(), local.hour, local.minute) == (date(2031, 6, 20), 11, 0)
    assert (event.capacity, event.max_party_size) == (150, 6)
    assert "부산광역시의회" in event.venue_ko and "Busan Metropolitan Council" in event.venue_en
    teams = db.session.scalar(select(func.count(Community.id)).where(Community.event_id == event.id))
    households = db.session.scalar(select(func.sum(Community.households)).where(Community.event_id == event.id))
    assert (teams, households) == (125, 695)
    roles = db.session.execute(select(User.role, func.count()).group_by(User.role)).all()
    assert dict(roles) == {Role.ORGANIZER: 1, Role.STAFF: 2, Role.JUDGE: 5}
    line = next(line for line in result.output.splitlines() if "organizer@showcase.local" in line)
    assert authenticate("organizer@showcase.local", line.split("password: ")[1].strip())

    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "unchanged" in again.output
    assert db.session.scalar(select(func.count(Event.id))) == 1
    assert db.session.scalar(select(func.count(Community.id))) == 125
    assert db.session.scalar(select(func.count(User.id))) == 8


def test_seed_demo_rejects_a_bad_date(runner):
    result = runner.invoke(args=["seed-demo", "--date", "20-06-2031"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_next_june_20_is_always_ahead():
    assert next_june_20(date(2026, 11, 23)) == date(2027, 6, 20)
    assert next_june_20(date(2027, 6, 20)) == date(2027, 6, 20)
    assert next_june_20(date(2027, 1, 5)) == date(2027, 6, 20)


def test_create_user_prompts_for_the_password(runner):
    result = runner.invoke(args=["create-user", "Door3@Example.com", "--role", "staff"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    assert authenticate("door3@example.com", "a long enough password").role == Role.STAFF
    duplicate = runner.invoke(args=["create-user", "door3@example.com", "--role", "judge"],
                              input="another long password\nanother long password\n")
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = runner.invoke(args=["create-user", "x@example.com", "--role", "judge"], input="short\nshort\n")
    assert short.exit_code != 0 and "at least 10" in short.output
