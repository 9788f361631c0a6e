"""Structured needs an organizer turns on per event, and the guardian's photo consent: asked on the
RSVP form, seen and changed on the family's manage page, counted for the organizer (page and CSV)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from showcase.auth.models import Role
from showcase.events import rsvp_changes, rsvp_tokens
from showcase.events.models import Rsvp
from showcase.events.needs import Needs
from showcase.extensions import db

KO = {"Accept-Language": "ko-KR,ko;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}
ALL_NEEDS = "wheelchair,stroller,nursing_room,sign_language,allergy,children_ages"

#: need key -> (form field and value, stored column and value, Korean words on the manage page)
NEEDS = {
    "wheelchair": ({"need_wheelchair": "y"}, ("need_wheelchair", True), "휠체어"),
    "stroller": ({"need_stroller": "y"}, ("need_stroller", True), "유모차"),
    "nursing_room": ({"need_nursing_room": "y"}, ("need_nursing_room", True), "수유실"),
    "sign_language": ({"need_sign_language": "y"}, ("need_sign_language", True), "수어통역"),
    "allergy": ({"allergy_note": " 달걀, 땅콩 "}, ("allergy_note", "달걀, 땅콩"), "알레르기: 달걀, 땅콩"),
    "children_ages": ({"children_ages": "3,5  7"}, ("children_ages", "3, 5, 7"), "나이: 3, 5, 7"),
}


def _form(**overrides) -> dict:
    data = {"contact_name": "김하늘", "phone": "010-1234-5678", "email": "", "adults": "2",
            "children": "1", "infants": "0", "community_id": "", "accessibility_needs": ""}
    data.update(overrides)
    return data


def _details(rsvp, **overrides) -> dict:
    data = {"details-contact_name": rsvp.contact_name, "details-phone": "010-1234-5678",
            "details-email": rsvp.email, "details-community_id": "", "details-accessibility_needs": ""}
    data.update({f"details-{k}" if not k.startswith("details-") else k: v for k, v in overrides.items()})
    return data


def _only_rsvp() -> Rsvp:
    db.session.expire_all()
    return db.session.scalars(select(Rsvp)).one()


@pytest.mark.parametrize("key", list(NEEDS))
def test_each_offered_need_is_asked_stored_shown_and_counted(client, make_event, login_as, key):
    fields, (column, stored), words = NEEDS[key]
    event = make_event(offered_needs=key)
    form_page = client.get(f"/events/{event.slug}", headers=KO).get_data(as_text=True)
    assert f'name="{next(iter(fields))}"' in form_page
    others = [f for f, *_ in NEEDS.values() if next(iter(f)) != next(iter(fields))]
    assert all(f'name="{next(iter(f))}"' not in form_page for f in others)   # only what is turned on

    response = client.post(f"/events/{event.slug}", data=_form(**fields, accessibility_needs="휠체어 자리 부탁드려요"),
                           headers=KO)
    assert response.status_code == 302
    rsvp = _only_rsvp()
    assert getattr(rsvp, column) == stored
    assert rsvp.accessibility_needs == "휠체어 자리 부탁드려요"                 # the free text is kept too
    manage = client.get(response.headers["Location"], headers=KO).get_data(as_text=True)
    assert words in manage and "휠체어 자리 부탁드려요" in manage

    login_as(Role.ORGANIZER)
    households = client.get(f"/manage/events/{event.slug}/households", headers=KO).get_data(as_text=True)
    assert f'class="tag need-{key}"' in households and words in households
    rows = list(csv.reader(io.StringIO(client.get(f"/manage/events/{event.slug}/households.csv")
                                       .data.decode("utf-8-sig"))))
    header, first = rows[0], rows[1]
    csv_column = column if column in header else f"need_{key}"
    assert first[header.index(csv_column)] == ("yes" if stored is True else stored)
    totals = {row[0]: row[1] for row in rows if row and row[0].startswith("total_")}
    assert totals[f"total_{key}"] == "1" and totals["total_other"] == "1"


def test_a_need_the_event_does_not_offer_is_not_stored(client, make_event):
    event = make_event(offered_needs="stroller")
    client.post(f"/events/{event.slug}", data=_form(need_wheelchair="y", need_stroller="y"), headers=KO)
    rsvp = _only_rsvp()
    assert rsvp.need_stroller and not rsvp.need_wheelchair


@pytest.mark.parametrize(("ages", "message"), [
    ("three", "0부터 17 사이의 만 나이로"), ("3, 18", "0부터 17 사이의 만 나이로"), ("3;5", "0부터 17 사이의 만 나이로")])
def test_bad_children_ages_get_a_korean_message_and_nothing_is_stored(client, make_event, ages, message):
    event = make_event(offered_needs=ALL_NEEDS)
    response = client.post(f"/events/{event.slug}", data=_form(children_ages=ages), headers=KO)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'id="children_ages-error"' in page
    assert db.session.scalar(select(func.count(Rsvp.id))) == 0


def test_an_allergy_note_with_a_nul_byte_is_refused_not_a_500(client, make_event):
    event = make_event(offered_needs=ALL_NEEDS)
    response = client.post(f"/events/{event.slug}", data=_form(allergy_note="달걀\x00"), headers=EN)
    assert response.status_code == 400  # refused at the edge (showcase.input_edges), before any form
    assert "characters that cannot be used" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Rsvp.id))) == 0


def test_rsvp_records_who_consented_for_whom_and_when(client, make_event):
    event = make_event(offered_needs=ALL_NEEDS)
    client.post(f"/events/{event.slug}", headers=KO, data=_form(
        photo_consent="y", photo_consent_by="이보호", photo_consent_for="김민준, 김서연"))
    rsvp = _only_rsvp()
    assert rsvp.photo_consent and rsvp.photo_consent_by == "이보호"
    assert rsvp.photo_consent_for == "김민준, 김서연" and rsvp.photo_consent_at is not None
    # left empty: the contact person consents for everyone in the party
    client.post(f"/events/{event.slug}", headers=KO, data=_form(photo_consent="y", phone="010-2222-3333"))
    other = db.session.scalars(select(Rsvp).where(Rsvp.phone == "+821022223333")).one()
    assert (other.photo_consent_by, other.photo_consent_for) == ("김하늘", "")


def test_family_changes_needs_team_contact_and_consent_from_its_manage_page(client, make_event, make_rsvp):
    event = make_event(offered_needs=ALL_NEEDS, communities=2)
    rsvp = make_rsvp(event, contact_name="김하늘", phone="010-1234-5678", adults=2, children=2,
                     photo_consent=True, accessibility_needs="휠체어 자리 부탁드려요",
                     needs=Needs(wheelchair=True, allergy="달걀"))
    given_at = _only_rsvp().photo_consent_at
    manage = f"/rsvp/{rsvp_tokens.manage_token(rsvp)}"
    page = client.get(manage, headers=KO).get_data(as_text=True)
    assert "휠체어 자리 부탁드려요" in page and "알레르기: 달걀" in page and "김하늘 님이 참석 가족 모두에 대해 동의함" in page

    team = event.communities[1]
    response = client.post(f"{manage}/details", headers=KO, data=_details(
        rsvp, **{"details-phone": "010 9999 8888", "details-community_id": str(team.id),
                 "need_stroller": "y", "allergy_note": "", "children_ages": "2, 4",
                 "accessibility_needs": "유모차 두 대", "photo_consent_by": "김하늘"}))   # consent unticked
    assert response.status_code == 302
    changed = _only_rsvp()
    assert changed.phone == "+821099998888" and changed.community_id == team.id
    assert (changed.need_wheelchair, changed.need_stroller) == (False, True)
    assert (changed.allergy_note, changed.children_ages, changed.accessibility_needs) == ("", "2, 4", "유모차 두 대")
    assert changed.photo_consent is False and changed.photo_consent_at > given_at   # the family changed its mind
    page = client.get(manage, headers=KO).get_data(as_text=True)
    assert "촬영 안 함: 김하늘 님이 동의하지 않음" in page and team.name in page

    # and back again, for two of the children only
    client.post(f"{manage}/details", headers=EN, data=_details(
        changed, **{"photo_consent": "y", "photo_consent_for": "김민준", "need_stroller": "y"}))
    again = _only_rsvp()
    assert again.photo_consent and again.photo_consent_for == "김민준"
    assert "Agreed by 김하늘 for 김민준" in client.get(manage, headers=EN).get_data(as_text=True)


def test_bad_details_from_the_manage_page_change_nothing(client, make_event, make_rsvp):
    event = make_event(offered_needs=ALL_NEEDS)
    rsvp = make_rsvp(event, contact_name="김하늘", phone="010-1234-5678")
    make_rsvp(event, contact_name="박서준", phone="010-5555-6666")
    manage = f"/rsvp/{rsvp_tokens.manage_token(rsvp)}"
    for data, message in [({"details-phone": "010-5555-6666"}, "이미 이 전화번호나 이메일을 쓰고 있습니다"),
                          ({"details-phone": "", "details-email": ""}, "휴대전화 번호나 이메일을 적어 주세요"),
                          ({"children_ages": "열 살"}, "0부터 17 사이의 만 나이로"),
                          ({"details-community_id": "999"}, "목록에서 공동체 팀을 고르거나")]:
        response = client.post(f"{manage}/details", headers=KO, data=_details(rsvp, **data))
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    db.session.expire_all()
    same = db.session.get(Rsvp, rsvp.id)
    assert same.phone == "+821012345678" and same.children_ages == "" and same.community_id is None


def test_a_cancelled_household_cannot_change_its_details(client, make_event, make_rsvp):
    event = make_event(offered_needs=ALL_NEEDS)
    rsvp = make_rsvp(event, contact_name="김하늘")
    rsvp_changes.cancel_rsvp(rsvp.id)
    response = client.post(f"/rsvp/{rsvp_tokens.manage_token(rsvp)}/details", headers=KO,
                           data=_details(rsvp, contact_name="다른 이름"))
    assert response.status_code == 302
    assert db.session.get(Rsvp, rsvp.id).contact_name == "김하늘"


def test_households_page_marks_no_photos_and_counts_needs(client, make_event, make_rsvp, login_as):
    event = make_event(offered_needs=ALL_NEEDS)
    make_rsvp(event, contact_name="김하늘", photo_consent=False, needs=Needs(stroller=True))
    make_rsvp(event, contact_name="박서준", photo_consent=True, needs=Needs(stroller=True, wheelchair=True))
    gone = make_rsvp(event, contact_name="최취소", photo_consent=False, needs=Needs(stroller=True))
    rsvp_changes.cancel_rsvp(gone.id)
    login_as(Role.ORGANIZER)
    page = client.get(f"/manage/events/{event.slug}/households", headers=KO).get_data(as_text=True)
    kim_row = page.split("김하늘", 1)[1].split("</tr>", 1)[0]
    park_row = page.split("박서준", 1)[1].split("</tr>", 1)[0]
    assert 'class="marker no-photos"' in kim_row and "촬영 안 함" in kim_row
    assert "no-photos" not in park_row
    assert 'class="tag need-stroller">유모차 보관 <strong>2</strong>' in page        # the cancelled one not counted
    assert 'class="tag need-wheelchair">휠체어석 <strong>1</strong>' in page
    assert 'class="tag no-photos">촬영 안 함 <strong>1</strong>' in page


def test_organizer_turns_needs_on_for_an_event(client, make_event, login_as):
    event = make_event()
    login_as(Role.ORGANIZER)
    form = client.get(f"/manage/events/{event.slug}/edit", headers=KO).get_data(as_text=True)
    assert 'name="offered_needs" type="checkbox" value="sign_language"' in form
    data = {"slug": event.slug, "title_ko": event.title_ko, "title_en": event.title_en, "timezone": "Asia/Seoul",
            "starts_at": "2027-06-20T11:00", "ends_at": "2027-06-20T13:00", "venue_ko": event.venue_ko, "capacity": "150",
            "max_party_size": "6", "offered_needs": ["stroller", "sign_language", "bogus"]}
    response = client.post(f"/manage/events/{event.slug}/edit", data=data)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)<', response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(type(event), event.id).offered_needs == "stroller,sign_language"
    assert 'name="need_sign_language"' in client.get(f"/events/{event.slug}", headers=KO).get_data(as_text=True)


def test_english_plain_text_email_names_the_venue_once(app, make_event, make_rsvp):
    from pathlib import Path

    from tests.tickets.conftest import parse_mail

    event = make_event(venue_en="Main Conference Room (2nd floor), Busan Metropolitan Council",
                       address_en="Busan Metropolitan Council, 1001 Jungang-daero, Yeonje-gu, Busan")
    make_rsvp(event, email="kim@example.com", phone="", locale="en")
    [eml] = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    text = parse_mail(eml.read_bytes()).get_body(("plain",)).get_content()
    assert text.count("Busan Metropolitan Council") == 1
    assert "Venue: Main Conference Room (2nd floor), Busan Metropolitan Council, 1001 Jungang-daero" in text


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"
    response.close()


def test_only_a_new_contact_sends_the_family_a_message(app, client, make_event, make_rsvp):
    from showcase.tickets.models import OutboundMessage

    event = make_event(offered_needs=ALL_NEEDS)
    rsvp = make_rsvp(event, contact_name="김하늘", phone="010-1234-5678", email="haneul@example.com")
    manage = f"/rsvp/{rsvp_tokens.manage_token(rsvp)}/details"

    def count() -> int:
        return db.session.scalar(select(func.count(OutboundMessage.id)).where(OutboundMessage.rsvp_id == rsvp.id))

    before = count()
    assert before == 2                                     # the confirmation, by email and by text
    client.post(manage, headers=KO, data=_details(rsvp, need_stroller="y", photo_consent="y"))
    assert count() == before
    client.post(manage, headers=KO, data=_details(rsvp, **{"details-phone": "010-7777-8888"}))
    assert count() > before


def test_api_count_errors_name_the_events_own_limit(client, make_event):
    event = make_event(max_party_size=6)
    response = client.post(f"/api/v1/events/{event.slug}/rsvps", headers=EN, json={
        "name": "Kim", "phone": "010-1234-5678", "adults": 1, "children": 9, "infants": 0})
    assert response.status_code == 422
    assert response.get_json()["fields"]["children"] == "Enter a number from 0 to 5."


def test_consent_given_before_its_time_was_kept_reads_without_empty_brackets(app, make_event, make_rsvp):
    from showcase.events.needs import consent_summary

    event = make_event()
    rsvp = make_rsvp(event, contact_name="김하늘", photo_consent=True)
    rsvp.photo_consent_at, rsvp.photo_consent_by = None, ""      # as the migration leaves older households
    db.session.commit()
    with app.test_request_context(headers=EN):
        assert consent_summary(rsvp) == "Agreed by 김하늘 for everyone in the party"
