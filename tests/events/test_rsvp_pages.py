"""The public event page, the RSVP form and the family's manage page, over HTTP."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from showcase.events import rsvp_tokens
from showcase.events.models import Rsvp, RsvpStatus
from showcase.extensions import db

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


def _form(**overrides) -> dict:
    data = {"contact_name": "김하늘", "phone": "010-1234-5678", "email": "", "adults": "2",
            "children": "1", "infants": "0", "community_id": "", "accessibility_needs": "",
            "photo_consent": "y"}
    data.update(overrides)
    return data


def _rsvp_count() -> int:
    return db.session.scalar(select(func.count(Rsvp.id)))


def test_event_page_shows_date_venue_and_seats_in_korean_by_default(client, make_event, make_rsvp):
    event = make_event(capacity=150, starts_at=datetime(2027, 6, 20, 2, 0, tzinfo=UTC))
    make_rsvp(event, adults=2, children=2)
    page = client.get(f"/events/{event.slug}", headers=KO).get_data(as_text=True)
    assert "2027년 6월 20일 (일) 오전 11:00" in page      # 02:00 UTC is 11:00 in Seoul
    assert "부산광역시의회 2층 대회의실" in page
    assert "전체 150석 중 146석 남음" in page
    english = client.get(f"/events/{event.slug}", headers=EN).get_data(as_text=True)
    assert "Sun 20 June 2027, 11:00 AM" in english
    assert "146 of 150 seats left" in english


def test_home_lists_upcoming_events_only(client, make_event):
    make_event(title_ko="다가오는 모임")
    make_event(title_ko="지난 모임", starts_at=datetime.now(UTC) - timedelta(days=3))
    page = client.get("/", headers=KO).get_data(as_text=True)
    assert "다가오는 모임" in page and "지난 모임" not in page


def test_rsvp_confirms_and_leads_to_the_private_manage_page(client, make_event):
    event = make_event(capacity=10, communities=2)
    community = event.communities[0]
    response = client.post(f"/events/{event.slug}", data=_form(community_id=str(community.id)), headers=KO)
    assert response.status_code == 302
    manage_path = response.headers["Location"]
    assert re.match(r"^/rsvp/[A-Za-z0-9_-]{40,}\?new=1$", manage_path)
    page = client.get(manage_path, headers=KO).get_data(as_text=True)
    assert "참석 확정" in page and "성인 2명, 어린이 1명 — 좌석 3석" in page
    rsvp = db.session.scalar(select(Rsvp))
    assert (rsvp.phone, rsvp.community_id, rsvp.photo_consent, rsvp.locale) == ("+821012345678", community.id, True, "ko")


def test_full_event_puts_the_family_on_the_waitlist_with_its_position(client, make_event, make_rsvp):
    event = make_event(capacity=2)
    make_rsvp(event, adults=2)
    make_rsvp(event, adults=1)
    response = client.post(f"/events/{event.slug}", data=_form(), headers=EN, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You are number 2 on the waitlist" in page


def test_duplicate_phone_is_pointed_to_its_manage_link_and_takes_no_seat(client, make_event, make_rsvp):
    event = make_event(capacity=10)
    make_rsvp(event, phone="010-1234-5678")
    response = client.post(f"/events/{event.slug}", data=_form(phone="01012345678"), headers=KO)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "이미 이 행사에 참석 신청을 하셨어요." in page and 'id="duplicate-rsvp"' in page
    assert page.index('id="duplicate-rsvp"') > page.index('id="rsvp"')  # inside the form's card
    assert _rsvp_count() == 1


BAD_INPUTS = [
    # the range a count error names is the event's own limit (parties of up to 6), not 20
    ({"adults": "0"}, "adults", "1부터 6 사이의 숫자를 입력해 주세요."),
    ({"adults": "-2"}, "adults", "1부터 6 사이의 숫자를 입력해 주세요."),
    ({"children": "-1"}, "children", "0부터 5 사이의 숫자를 입력해 주세요."),
    ({"children": "7"}, "children", "0부터 5 사이의 숫자를 입력해 주세요."),
    ({"adults": "two"}, "adults", "2처럼 정수로 입력해 주세요."),
    ({"adults": "1.5"}, "adults", "2처럼 정수로 입력해 주세요."),
    ({"adults": "4", "children": "3"}, "adults", "최대 6명"),
    ({"community_id": "99999"}, "community_id", "목록에서 공동체 팀을 고르거나"),
    ({"community_id": "abc"}, "community_id", "목록에서 공동체 팀을 고르거나"),
    ({"phone": "02-123-4567"}, "phone", "010-1234-5678, 01012345678, +82 10-1234-5678"),
    ({"phone": "12345"}, "phone", "010-1234-5678, 01012345678, +82 10-1234-5678"),
    ({"phone": "", "email": "not@valid"}, "email", "올바른 이메일 주소"),
    ({"phone": "", "email": ""}, "phone", "휴대전화 번호나 이메일을 적어 주세요"),
    ({"contact_name": "가" * 101}, "contact_name", "최대 100자"),
    ({"contact_name": ""}, "contact_name", "이름을 입력해 주세요"),
    ({"accessibility_needs": "x" * 501}, "accessibility_needs", "최대 500자"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_INPUTS)
def test_bad_input_gets_a_korean_message_and_stores_nothing(client, make_event, changes, field, message):
    event = make_event(capacity=10, max_party_size=6, communities=1)
    response = client.post(f"/events/{event.slug}", data=_form(**changes), headers=KO)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and f'id="{field}"' in page
    assert message in page
    assert _rsvp_count() == 0


def test_english_reader_gets_english_messages(client, make_event):
    event = make_event()
    page = client.post(f"/events/{event.slug}", data=_form(adults="0"), headers=EN).get_data(as_text=True)
    assert "Enter a number from 1 to 6." in page


@pytest.mark.parametrize("count", ["1.5", "two", "1e3"])
def test_a_count_that_is_not_a_whole_number_gets_one_message(client, make_event, count):
    event = make_event(max_party_size=6)
    page = client.post(f"/events/{event.slug}", data=_form(adults=count), headers=EN).get_data(as_text=True)
    error = page.split('id="adults-error">', 1)[1].split("</p>", 1)[0]
    assert error == "Enter a whole number, such as 2."
    assert page.count('class="error"') == 1
    assert _rsvp_count() == 0


def test_html_in_a_name_is_shown_escaped(client, make_event, login_as):
    event = make_event()
    client.post(f"/events/{event.slug}", data=_form(contact_name="<script>alert(1)</script>"), headers=KO)
    login_as("organizer")
    page = client.get(f"/manage/events/{event.slug}/households").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_closed_and_not_yet_open_events_refuse_with_a_message(client, make_event):
    now = datetime.now(UTC)
    closed = make_event(rsvp_closes_at=now - timedelta(minutes=1))
    soon = make_event(rsvp_opens_at=now + timedelta(days=2))
    assert "신청이 마감되었어요" in client.get(f"/events/{closed.slug}", headers=KO).get_data(as_text=True)
    response = client.post(f"/events/{closed.slug}", data=_form(), headers=KO)
    assert response.status_code == 422 and "마감되었습니다" in response.get_data(as_text=True)
    response = client.post(f"/events/{soon.slug}", data=_form(), headers=KO)
    assert "아직 시작되지 않았습니다" in response.get_data(as_text=True)
    assert _rsvp_count() == 0


def test_manage_page_changes_the_party_and_cancels(client, make_event, make_rsvp):
    event = make_event(capacity=4)
    family = make_rsvp(event, adults=2, children=2)
    waiting = make_rsvp(event, adults=1)
    token = rsvp_tokens.manage_token(family)
    response = client.post(f"/rsvp/{token}", data={"adults": "2", "children": "1", "infants": "1"},
                           headers=KO, follow_redirects=True)
    assert "참석 인원을 변경했습니다" in response.get_data(as_text=True)
    db.session.refresh(waiting)
    assert waiting.status == RsvpStatus.CONFIRMED
    grow = client.post(f"/rsvp/{token}", data={"adults": "3", "children": "1", "infants": "0"}, headers=KO)
    assert grow.status_code == 422 and "늘릴 수 없어요" in grow.get_data(as_text=True)
    cancelled = client.post(f"/rsvp/{token}/cancel", headers=KO, follow_redirects=True)
    assert "참석이 취소되었습니다" in cancelled.get_data(as_text=True)
    db.session.refresh(family)
    assert family.status == RsvpStatus.CANCELLED


def test_unknown_or_altered_manage_links_are_plain_404s(client, make_event, make_rsvp):
    family = make_rsvp(make_event())
    token = rsvp_tokens.manage_token(family)
    for bad in (token[:-2], token + "x", "nonsense", "%FF%FE", "a" * 500):
        response = client.get(f"/rsvp/{bad}", headers=KO)
        assert response.status_code == 404
        assert "없는 페이지입니다" in response.get_data(as_text=True)
    assert client.post(f"/rsvp/{token[:-1]}/cancel").status_code == 404


def test_language_switch_is_remembered(client, make_event):
    event = make_event()
    client.post("/language/en", data={"next": f"/events/{event.slug}"})
    assert "RSVP for your household" in client.get(f"/events/{event.slug}", headers=KO).get_data(as_text=True)
    client.post("/language/ko", data={"next": "https://evil.example/"})
    assert "가족 참석 신청" in client.get(f"/events/{event.slug}", headers=EN).get_data(as_text=True)
