"""The organizer's console: figures per event, the RSVP chart data, duplicating and archiving events."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import event as orm_event
from sqlalchemy import func, select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role
from showcase.checkin.core import admit_household
from showcase.checkin.doors import Door
from showcase.console.event_copies import duplicate_event
from showcase.events.models import Community, Event, Rsvp
from showcase.extensions import db
from showcase.judging.models import Criterion, JudgingSettings
from showcase.judging.scoring import save_scores
from showcase.privacy.models import RetentionPolicy
from showcase.privacy.services import set_retention
from showcase.program.models import ItemKind, ProgramItem, ProgramSettings
from showcase.program.services import ItemInput, SettingsInput, add_item, update_settings
from showcase.submissions.models import ProcessingState
from tests.judging.factories import make_entries, make_judges, make_rubric

KO = {"Accept-Language": "ko"}
EN = {"Accept-Language": "en"}


def test_console_shows_every_current_event_at_a_glance(client, login_as, make_event, make_rsvp, make_user):
    event = make_event(capacity=10, communities=4, title_en="Shared parenting")
    for _ in range(3):
        make_rsvp(event, adults=2, children=1)                 # 9 of 10 seats
    make_rsvp(event, adults=2)                                 # waitlisted: needs 2
    entries = make_entries(event)                              # 4 ready and eligible
    entries[3].state = ProcessingState.FAILED
    db.session.commit()
    rubric = make_rubric(event)
    judges = make_judges(event, make_user, 2)
    save_scores(event, judges[0], entries[0].id, {rubric[0].id: 7, rubric[1].id: 8})
    first = db.session.scalar(select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.id))
    admit_household(event, first.id, Door(name="Door 1"))
    old = make_event(title_en="Last year")
    old.archived_at = datetime.now(UTC)
    db.session.commit()

    login_as(Role.ORGANIZER)
    page = client.get("/manage/console", headers=EN).get_data(as_text=True)
    assert "Shared parenting" in page and "Last year" not in page
    assert "9 <small>/ 10</small>" in page and "1 seats left" in page and "2 seats wanted" in page
    assert "3 ready · 0 in processing · 1 failed" in page
    assert "1 of 6 score sheets · 2 judges" in page  # 2 judges × 3 eligible ready entries
    assert "6 still expected" in page                  # 3 of 9 people in
    archived = client.get("/manage/console?archived=1", headers=EN).get_data(as_text=True)
    assert "Last year" in archived and "Shared parenting" not in archived
    ko = client.get(f"/manage/events/{event.slug}/overview", headers=KO).get_data(as_text=True)
    assert "날짜별 참가 신청" in ko and "남은 좌석 1석" in ko and "심사표 6개 중 1개 완료" in ko


def test_rsvp_chart_data_counts_each_day_in_the_event_zone(client, login_as, make_event, make_rsvp):
    event = make_event()
    rows = [make_rsvp(event, adults=2), make_rsvp(event, adults=1, children=2), make_rsvp(event, adults=1)]
    # 23:30 in Seoul on 1 June is 14:30 UTC: it belongs to 1 June, not to the UTC date
    stamps = [datetime(2031, 6, 1, 14, 30, tzinfo=UTC), datetime(2031, 6, 1, 15, 30, tzinfo=UTC),
              datetime(2031, 6, 3, 1, 0, tzinfo=UTC)]
    for rsvp, stamp in zip(rows, stamps, strict=True):
        rsvp.created_at = stamp
    db.session.commit()
    login_as(Role.ORGANIZER)
    data = client.get(f"/manage/events/{event.slug}/rsvps-over-time.json").get_json()
    assert [(d["date"], d["households"], d["people"], d["total_people"]) for d in data["days"]] == [
        ("2031-06-01", 1, 2, 2), ("2031-06-02", 1, 3, 5), ("2031-06-03", 1, 1, 6)]
    empty = make_event()
    assert client.get(f"/manage/events/{empty.slug}/rsvps-over-time.json").get_json()["days"] == []


def test_duplicate_copies_program_rubric_and_settings_with_dates_moved(client, login_as, make_event, make_rsvp):
    start = datetime(2031, 6, 20, 2, 0, tzinfo=UTC)  # 11:00 in Seoul
    source = make_event(slug="june-2031", starts_at=start, ends_at=start + timedelta(hours=2),
                        rsvp_closes_at=start - timedelta(days=1), capacity=150, communities=2)
    make_rsvp(source)
    add_item(source, ItemInput(kind=ItemKind.PERFORMANCE, start_time=time(11, 0), title_ko="합창", title_en="Choir"))
    add_item(source, ItemInput(kind=ItemKind.VIDEO_BLOCK, start_time=time(11, 30), title_ko="상영", title_en="Screening"))
    update_settings(source, SettingsInput(welcome_ko="환영합니다", welcome_en="Welcome", participants=1475))
    db.session.get(ProgramSettings, source.id).published_at = datetime.now(UTC)
    make_rubric(source, weights=(3.0, 1.0))
    judging = db.session.get(JudgingSettings, source.id) or JudgingSettings(event_id=source.id)
    judging.blind, judging.min_scores, judging.locked_at = True, 4, datetime.now(UTC)
    db.session.add(judging)
    db.session.commit()
    organizer = login_as(Role.ORGANIZER)
    set_retention(source, 30, organizer)

    taken = client.post(f"/manage/events/{source.slug}/duplicate",
                        data={"slug": "june-2031", "starts_at": "2032-06-18T11:00"}, headers=EN)
    assert taken.status_code == 422
    assert db.session.scalar(select(func.count(Event.id))) == 1

    response = client.post(f"/manage/events/{source.slug}/duplicate",
                           data={"slug": "june-2032", "starts_at": "2032-06-18T11:00"}, headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/events/june-2032/edit")
    copy = db.session.scalar(select(Event).where(Event.slug == "june-2032"))
    assert copy.starts_at == datetime(2032, 6, 18, 2, 0, tzinfo=UTC)
    assert copy.ends_at - copy.starts_at == timedelta(hours=2)
    assert copy.starts_at - copy.rsvp_closes_at == timedelta(days=1)
    assert (copy.capacity, copy.title_en, copy.communities) == (150, source.title_en, [])
    items = db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == copy.id)
                               .order_by(ProgramItem.position)).all()
    assert [(i.title_en, i.start_time) for i in items] == [("Choir", time(11, 0)), ("Screening", time(11, 30))]
    settings = db.session.get(ProgramSettings, copy.id)
    assert (settings.welcome_ko, settings.participants, settings.published_at) == ("환영합니다", 1475, None)
    weights = db.session.scalars(select(Criterion.weight).where(Criterion.event_id == copy.id)
                                 .order_by(Criterion.position)).all()
    assert weights == [3.0, 1.0]
    judging = db.session.get(JudgingSettings, copy.id)
    assert (judging.blind, judging.min_scores, judging.locked_at) == (True, 4, None)
    assert db.session.get(RetentionPolicy, copy.id).days == 30
    assert db.session.scalar(select(func.count(Rsvp.id)).where(Rsvp.event_id == copy.id)) == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "event_duplicated"))
    assert entry.details == {"from": "june-2031", "teams": False} and entry.actor_id == organizer.id


def test_a_duplicate_that_fails_while_copying_the_program_leaves_nothing_behind(app, login_as, make_event):
    """The new event and its copied rows are one unit of work: a failure in the second half takes back
    the first (no half-made event to delete by hand), and the audit log records no duplicate."""
    start = datetime(2031, 6, 20, 2, 0, tzinfo=UTC)
    source = make_event(slug="june-2031", starts_at=start, ends_at=start + timedelta(hours=2),
                        rsvp_closes_at=start - timedelta(days=1), communities=2)
    add_item(source, ItemInput(kind=ItemKind.PERFORMANCE, start_time=time(11, 0), title_ko="합창", title_en="Choir"))
    make_rubric(source, weights=(3.0, 1.0))
    organizer = login_as(Role.ORGANIZER)
    def counts():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Event, ProgramItem, Criterion, ProgramSettings, Community, AuditEntry))

    before = counts()

    def disk_full(*_args):
        raise OSError("disk full while copying the program")

    orm_event.listen(ProgramItem, "before_insert", disk_full)
    try:
        with pytest.raises(OSError, match="disk full"):
            duplicate_event(source, "june-2032", datetime(2032, 6, 18, 2, 0, tzinfo=UTC), organizer, copy_teams=True)
    finally:
        orm_event.remove(ProgramItem, "before_insert", disk_full)
    assert counts() == before
    assert db.session.scalar(select(func.count(Event.id)).where(Event.slug == "june-2032")) == 0
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "event_duplicated")) == 0
    copy = duplicate_event(source, "june-2032", datetime(2032, 6, 18, 2, 0, tzinfo=UTC), organizer)  # again: all of it
    assert db.session.scalar(select(func.count(ProgramItem.id)).where(ProgramItem.event_id == copy.id)) == 1


def test_archiving_hides_an_event_from_families_and_the_door(client, login_as, make_event):
    event = make_event(title_en="Old picnic")
    login_as(Role.ORGANIZER)
    client.post(f"/manage/events/{event.slug}/archive", data={"archived": "1"})
    db.session.refresh(event)
    assert event.archived_at is not None
    assert client.get(f"/door/{event.slug}").status_code == 404
    assert "Old picnic" not in client.get("/", headers=EN).get_data(as_text=True)
    assert client.get(f"/manage/events/{event.slug}/overview").status_code == 200  # organizers still see it
    client.post(f"/manage/events/{event.slug}/archive", data={"archived": "0"})
    db.session.refresh(event)
    assert event.archived_at is None
