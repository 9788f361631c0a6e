"""Retention and purging, a family deleting its own data, and the privacy notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event as orm_event
from sqlalchemy import func, select

from showcase.audit.models import AuditEntry
from showcase.auth.models import Role
from showcase.events.models import Rsvp, RsvpStatus
from showcase.events.rsvp_tokens import find_by_manage_token, manage_token, ticket_token
from showcase.extensions import db
from showcase.privacy.jobs import nightly_purge
from showcase.privacy.models import AnonymisedHousehold
from showcase.privacy.services import set_retention

KO = {"Accept-Language": "ko"}
EN = {"Accept-Language": "en"}


def _past(event, days_ago: int) -> None:
    """Move an event (whose RSVPs were taken while open) ``days_ago`` days into the past."""
    event.starts_at = datetime.now(UTC) - timedelta(days=days_ago, hours=2)
    event.ends_at = datetime.now(UTC) - timedelta(days=days_ago)
    db.session.commit()


def _households(event):
    return list(db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.id)))


def test_purge_refuses_an_event_still_within_its_retention(runner, make_event, make_rsvp):
    event = make_event(slug="june-picnic")
    make_rsvp(event, contact_name="김하늘", email="sky@example.com")
    _past(event, 30)  # default retention is 90 days
    result = runner.invoke(args=["purge", "--event", "june-picnic"])
    assert result.exit_code == 1
    assert "kept until" in result.output or "보관" in result.output
    assert "Nothing was purged" in result.output or "아무것도 지우지 않았습니다" in result.output
    assert _households(event)[0].contact_name == "김하늘"
    assert runner.invoke(args=["purge", "--event", "no-such"]).exit_code == 1


def test_purge_anonymises_past_households_and_keeps_the_counts(runner, client, make_event, make_rsvp):
    event = make_event(slug="old-event", capacity=4, communities=1)
    team = event.communities[0]
    team.leader_name, team.leader_phone = "박리더", "010-9999-0000"
    db.session.commit()  # test setup: the RSVPs below are units of work of their own
    first = make_rsvp(event, contact_name="김하늘", email="sky@example.com", adults=2, children=1,
                      accessibility_needs="휠체어")
    second = make_rsvp(event, contact_name="=cmd()", adults=2)  # waitlisted: 3 + 2 > 4
    tokens = [(manage_token(r), ticket_token(r)) for r in (first, second)]
    recent = make_event(slug="recent")
    make_rsvp(recent, contact_name="최근가족")
    _past(event, 91)
    _past(recent, 10)

    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "old-event: would anonymise 2 household(s), 5 people, 1 team contact(s)" in dry.output
    assert "recent" not in dry.output
    assert _households(event)[0].contact_name == "김하늘"

    done = runner.invoke(args=["purge"])
    assert "old-event: anonymised 2 household(s)" in done.output
    rows = _households(event)
    assert [(r.contact_name, r.phone, r.email, r.accessibility_needs) for r in rows] == [("", "", "", "")] * 2
    assert [(r.adults, r.children, r.status) for r in rows] == [(2, 1, RsvpStatus.CONFIRMED),
                                                                (2, 0, RsvpStatus.WAITLISTED)]
    db.session.refresh(team)
    assert (team.leader_name, team.leader_phone, team.name) == ("", "", "공동체 1팀")
    for manage, ticket in tokens:
        assert find_by_manage_token(manage) is None
        assert client.get(f"/rsvp/{manage}").status_code == 404
        assert client.get(f"/t/{ticket}").status_code == 404
    assert _households(recent)[0].contact_name == "최근가족"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "purged"))
    assert entry.event_id == event.id and entry.details == {"households": 2, "people": 5, "team_contacts": 1}
    assert "No event is past its retention period" in runner.invoke(args=["purge"]).output


def test_organizer_sets_a_shorter_retention_and_the_nightly_job_applies_it(make_event, make_rsvp, make_user):
    short, default = make_event(), make_event()
    make_rsvp(short, contact_name="가족 하나")
    make_rsvp(default, contact_name="가족 둘")
    _past(short, 20)
    _past(default, 20)
    set_retention(short, 14, make_user(Role.ORGANIZER))
    assert nightly_purge.call_local() == 1  # what the worker runs at 03:17
    assert _households(short)[0].contact_name == "" and _households(default)[0].contact_name == "가족 둘"
    actors = {e.action: e.actor_label for e in db.session.scalars(select(AuditEntry))}
    assert actors["purged"] == "scheduled job" and actors["retention_changed"].startswith("organizer")


def test_the_nightly_purge_is_one_unit_per_event(make_event, make_rsvp):
    """An event whose purge fails is left whole (names, no audit entry), and the events purged before
    it stay purged: the next night finds only what is left."""
    first, second = make_event(slug="first"), make_event(slug="second")
    make_rsvp(first, contact_name="가족 하나")
    make_rsvp(second, contact_name="가족 둘")
    make_rsvp(second, contact_name="가족 셋")
    _past(first, 100)
    _past(second, 99)
    second_ids = {rsvp.id for rsvp in _households(second)}

    def fail_in_the_second(_mapper, _connection, row):
        if row.rsvp_id == max(second_ids):
            raise OSError("the disk filled up halfway through the second event")

    orm_event.listen(AnonymisedHousehold, "before_insert", fail_in_the_second)
    try:
        with pytest.raises(OSError, match="halfway"):
            nightly_purge.call_local()
    finally:
        orm_event.remove(AnonymisedHousehold, "before_insert", fail_in_the_second)
    assert _households(first)[0].contact_name == ""
    assert [rsvp.contact_name for rsvp in _households(second)] == ["가족 둘", "가족 셋"]
    assert [e.target for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "purged"))] == ["first"]
    assert nightly_purge.call_local() == 2
    assert [rsvp.contact_name for rsvp in _households(second)] == ["", ""]


def test_organizer_privacy_page(client, login_as, make_event, make_rsvp):
    event = make_event()
    make_rsvp(event)
    login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/privacy", headers=KO).get_data(as_text=True)
    assert "보관 기간" in page and 'value="90"' in page
    assert client.post(f"/manage/events/{event.slug}/privacy", data={"days": "-3"}).status_code == 422
    assert client.post(f"/manage/events/{event.slug}/privacy", data={"days": "30"}).status_code == 302
    refused = client.post(f"/manage/events/{event.slug}/privacy", data={"purge": "1"}, headers=EN,
                          follow_redirects=True).get_data(as_text=True)
    assert "is kept until" in refused and "Nothing was purged" in refused
    assert _households(event)[0].contact_name != ""


def test_a_family_deletes_its_data_and_the_next_family_gets_the_seats(client, make_event, make_rsvp):
    event = make_event(capacity=3)
    family = make_rsvp(event, contact_name="김하늘", email="sky@example.com", adults=2, accessibility_needs="유모차")
    waiting = make_rsvp(event, contact_name="윤대기", adults=2)
    token = manage_token(family)
    assert "내 정보 삭제" in client.get(f"/rsvp/{token}", headers=KO).get_data(as_text=True)
    confirm = client.get(f"/rsvp/{token}/delete", headers=KO)
    assert confirm.status_code == 200 and "되돌릴 수 없습니다" in confirm.get_data(as_text=True)
    assert _households(event)[0].contact_name == "김하늘"  # looking is not deleting
    done = client.post(f"/rsvp/{token}/delete", headers=KO)
    assert done.status_code == 200 and "삭제되었습니다" in done.get_data(as_text=True)
    gone, promoted = _households(event)
    assert (gone.status, gone.contact_name, gone.email, gone.accessibility_needs) == (RsvpStatus.CANCELLED, "", "", "")
    assert promoted.id == waiting.id and promoted.status == RsvpStatus.CONFIRMED
    assert client.get(f"/rsvp/{token}").status_code == 404
    assert client.post(f"/rsvp/{token}/delete").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "household_deleted")) == 1


def test_privacy_notice_in_both_languages_linked_from_the_footer_and_the_rsvp_form(client, make_event):
    event = make_event()
    page = client.get(f"/events/{event.slug}", headers=KO).get_data(as_text=True)
    assert page.count('href="/privacy"') == 2 and "행사 후 90일까지만" in page
    ko = client.get("/privacy", headers=KO).get_data(as_text=True)
    en = client.get("/privacy", headers=EN).get_data(as_text=True)
    assert "개인정보 처리 안내" in ko and "90일" in ko
    assert "Privacy notice" in en and "90 days after the event" in en
