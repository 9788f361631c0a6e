"""Organizer pages: events, households, waitlist, manual changes and the CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from showcase.auth.models import Role
from showcase.events.models import Event, RsvpStatus
from showcase.extensions import db

KO = {"Accept-Language": "ko"}


@pytest.mark.parametrize("role", [Role.STAFF, Role.JUDGE])
def test_other_roles_are_refused_and_anonymous_is_sent_to_login(client, login_as, make_event, role):
    event = make_event()
    anonymous = client.get(f"/manage/events/{event.slug}/households")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login_as(role)
    assert client.get(f"/manage/events/{event.slug}/households").status_code == 403
    assert client.get(f"/manage/events/{event.slug}/households.csv").status_code == 403


def _event_form(**overrides) -> dict:
    data = {"slug": "spring-picnic", "title_ko": "봄 소풍", "title_en": "Spring picnic", "description_ko": "",
            "description_en": "", "timezone": "Asia/Seoul", "starts_at": "2030-04-12T10:30",
            "ends_at": "2030-04-12T13:00", "venue_ko": "시민공원", "venue_en": "Citizens Park",
            "address_ko": "", "address_en": "", "host_ko": "", "host_en": "", "capacity": "80",
            "rsvp_opens_at": "", "rsvp_closes_at": "2030-04-11T18:00", "max_party_size": "5"}
    data.update(overrides)
    return data


def test_organizer_creates_an_event_in_its_time_zone(client, login_as):
    login_as(Role.ORGANIZER)
    response = client.post("/manage/events/new", data=_event_form(), headers=KO)
    assert response.status_code == 302
    event = db.session.query(Event).filter_by(slug="spring-picnic").one()
    assert event.starts_at.isoformat() == "2030-04-12T01:30:00+00:00"     # 10:30 KST
    assert (event.capacity, event.max_party_size, event.infants_take_seat) == (80, 5, False)


def test_event_form_refuses_inconsistent_times_and_taken_slugs(client, login_as, make_event):
    login_as(Role.ORGANIZER)
    make_event(slug="taken")
    for changes, message in (({"ends_at": "2030-04-12T09:00"}, "종료는 시작보다 뒤여야 합니다"),
                             ({"slug": "taken"}, "다른 행사가 이미 이 주소를 쓰고 있습니다"),
                             ({"slug": "Bad Slug!"}, "영문 소문자"),
                             ({"capacity": "-5"}, "0부터 100000 사이"),
                             ({"rsvp_closes_at": "2030-04-13T09:00"}, "행사 시작 전이어야")):
        response = client.post("/manage/events/new", data=_event_form(**changes), headers=KO)
        assert response.status_code == 422, changes
        assert message in response.get_data(as_text=True), changes
    assert db.session.query(Event).count() == 1


def test_lowering_capacity_below_confirmed_is_refused_clearly(client, login_as, make_event, make_rsvp):
    event = make_event(capacity=10)
    make_rsvp(event, adults=4)
    make_rsvp(event, adults=3)
    login_as(Role.ORGANIZER)
    form = client.get(f"/manage/events/{event.slug}/edit").get_data(as_text=True)
    assert 'value="10"' in form
    data = _event_form(slug=event.slug, capacity="5", starts_at="2031-01-01T11:00", ends_at="",
                       rsvp_closes_at="")
    response = client.post(f"/manage/events/{event.slug}/edit", data=data, headers=KO)
    assert response.status_code == 422
    assert "이미 7석이 확정되어 있어" in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.capacity == 10


def test_households_table_filters_and_totals(client, login_as, make_event, make_rsvp):
    event = make_event(capacity=5, communities=2)
    team = event.communities[0]
    make_rsvp(event, adults=2, children=2, community_id=team.id)
    make_rsvp(event, adults=2, contact_name="대기가족")
    login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/households?status=waitlisted", headers=KO).get_data(as_text=True)
    assert "대기가족" in page and "1가구" in page
    page = client.get(f"/manage/events/{event.slug}/households?community={team.id}", headers=KO).get_data(as_text=True)
    assert "대기가족" not in page and "1가구" in page
    page = client.get(f"/manage/events/{event.slug}/households?status=bogus&community=abc", headers=KO)
    assert page.status_code == 200 and "2가구" in page.get_data(as_text=True)


def test_csv_export_is_excel_friendly_and_formula_safe(client, login_as, make_event, make_rsvp):
    event = make_event()
    make_rsvp(event, contact_name="=HYPERLINK(\"http://evil\")", accessibility_needs="@SUM(1)")
    make_rsvp(event, contact_name="김하늘")
    login_as(Role.ORGANIZER)
    response = client.get(f"/manage/events/{event.slug}/households.csv")
    assert response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "status", "contact_name"]
    households = [row for row in rows[1:] if row and row[0].isdigit()]   # then a blank row and the need totals
    names = [row[2] for row in households]
    assert names == ["'=HYPERLINK(\"http://evil\")", "김하늘"]
    assert rows[len(households) + 1] == [""] * len(rows[0]) and rows[-1][0] == "total_other"
    assert rows[1][10] == "'@SUM(1)"


def test_organizer_promotes_cancels_and_edits_by_hand(client, login_as, make_event, make_rsvp):
    event = make_event(capacity=4)
    holder = make_rsvp(event, adults=4)
    waiting = make_rsvp(event, adults=3)
    login_as(Role.ORGANIZER)
    refused = client.post(f"/manage/events/{event.slug}/households/{waiting.id}/promote", headers=KO,
                          follow_redirects=True)
    assert "먼저 정원을 늘려 주세요" in refused.get_data(as_text=True)
    client.post(f"/manage/events/{event.slug}/households/{holder.id}/cancel")
    db.session.refresh(waiting)
    assert waiting.status == RsvpStatus.CONFIRMED
    response = client.post(f"/manage/events/{event.slug}/households/{waiting.id}", data={
        "contact_name": "박바다", "phone": "010-5555-6666", "email": "", "adults": "2", "children": "0",
        "infants": "0", "community_id": "", "accessibility_needs": "휠체어", "photo_consent": ""})
    assert response.status_code == 302
    db.session.refresh(waiting)
    assert (waiting.contact_name, waiting.seats, waiting.accessibility_needs) == ("박바다", 2, "휠체어")


def test_an_edit_cannot_take_another_households_email_while_keeping_its_own_phone(
        client, login_as, make_event, make_rsvp):
    event = make_event(capacity=10)
    first = make_rsvp(event, phone="010-1111-0001", email="first@example.com")
    make_rsvp(event, phone="010-2222-0002", email="second@example.com")
    login_as(Role.ORGANIZER)
    response = client.post(f"/manage/events/{event.slug}/households/{first.id}", headers=KO, data={
        "contact_name": "가족 1", "phone": "010-1111-0001", "email": "second@example.com", "adults": "1",
        "children": "0", "infants": "0", "community_id": "", "accessibility_needs": "", "photo_consent": ""})
    assert response.status_code == 422
    assert "이 행사의 다른 신청이 이미 이 전화번호나 이메일을 쓰고 있습니다." in response.get_data(as_text=True)
    db.session.refresh(first)
    assert first.email == "first@example.com"


def test_organizer_adds_a_household_even_when_rsvps_are_closed(client, login_as, make_event):
    from datetime import UTC, datetime, timedelta

    event = make_event(rsvp_closes_at=datetime.now(UTC) - timedelta(days=1))
    login_as(Role.ORGANIZER)
    response = client.post(f"/manage/events/{event.slug}/households/new", data={
        "contact_name": "전화 신청 가족", "phone": "010-7777-8888", "adults": "1", "children": "1",
        "infants": "0", "community_id": "", "locale": "en"}, headers=KO, follow_redirects=True)
    assert "가구를 추가했습니다: 참석 확정" in response.get_data(as_text=True)
    assert event.rsvps[0].source == "organizer"


def test_household_of_another_event_is_404(client, login_as, make_event, make_rsvp):
    first, second = make_event(), make_event()
    other = make_rsvp(second)
    login_as(Role.ORGANIZER)
    assert client.get(f"/manage/events/{first.slug}/households/{other.id}").status_code == 404
    assert client.post(f"/manage/events/{first.slug}/households/{other.id}/cancel").status_code == 404
