"""The demo event from the seeds: Busan, 20 June, shared parenting, with 125 community teams."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..database import unit_of_work
from ..extensions import db
from .models import Community, Event
from .services import EventDetails, create_event, find_event

DEMO_SLUG = "shared-parenting"
SEOUL = ZoneInfo("Asia/Seoul")

DISTRICTS = ["중구", "서구", "동구", "영도구", "부산진구", "동래구", "남구", "북구", "해운대구",
             "사하구", "금정구", "강서구", "연제구", "수영구", "사상구", "기장군"]
NICKNAMES = ["햇살", "새싹", "도토리", "무지개", "꿈나무", "해님", "달님", "별빛", "바다", "솔방울",
             "민들레", "아기곰", "참새", "동백", "갈매기", "모래성", "구름", "나무늘보", "토끼풀", "꽃마리"]
TOTAL_TEAMS = 125
TOTAL_HOUSEHOLDS = 695

DESCRIPTION_KO = (
    "‘독박육아 탈출! 육아 공동체’ 사업에 참여한 125개 팀, 695가구가 함께하는 행사입니다. "
    "라미안 어반파크 어린이집 어린이 합창, 가족 공연 〈너처럼 소중하게〉, 올해 육아 공동체가 "
    "직접 만든 우수 숏폼 영상 6편 상영, 경성대학교 음악치료학과 음악치료사 3명과 함께하는 "
    "타악 힐링 프로그램 〈음악으로 떠나는 마음 여행〉이 이어집니다.")
DESCRIPTION_EN = (
    "A gathering of the 125 teams and 695 households of the “Escape Solo Parenting! Childcare "
    "Community” programme. A choir of 18 children from Raemian Urban Park Daycare Center, the family "
    "performance “Cherished Like You”, a screening of the six best short-form videos made by this "
    "year’s communities, and the percussion healing session “Traveling the Heart Through Music” led "
    "by three certified music therapists from Kyungsung University.")


def next_june_20(today: date) -> date:
    """The next 20 June on or after ``today``."""
    candidate = date(today.year, 6, 20)
    return candidate if candidate >= today else date(today.year + 1, 6, 20)


def demo_event_details(day: date) -> EventDetails:
    """The seeds' event placed on ``day`` at 11:00 in Seoul."""
    starts = datetime.combine(day, time(11, 0), SEOUL)
    return EventDetails(
        slug=DEMO_SLUG,
        title_ko="함께 키우는 우리 아이, 독박육아 탈출! 공동육아 이야기",
        title_en="Raising Our Children Together: Escaping Solo Parenting! Stories of Shared Parenting",
        description_ko=DESCRIPTION_KO, description_en=DESCRIPTION_EN, timezone="Asia/Seoul",
        starts_at=starts, ends_at=starts + timedelta(hours=2),
        venue_ko="부산광역시의회 2층 대회의실",
        venue_en="Main Conference Room (2nd floor), Busan Metropolitan Council",
        address_ko="부산광역시 연제구 중앙대로 1001 부산광역시의회",
        address_en="Busan Metropolitan Council, 1001 Jungang-daero, Yeonje-gu, Busan",
        host_ko="부산육아종합지원센터", host_en="Busan Childcare Comprehensive Support Center",
        capacity=150, rsvp_opens_at=None,
        rsvp_closes_at=datetime.combine(day - timedelta(days=1), time(18, 0), SEOUL),
        max_party_size=6, infants_take_seat=False,
        offered_needs="wheelchair,stroller,nursing_room,sign_language,allergy,children_ages")


def demo_communities(event_id: int) -> list[Community]:
    """125 teams of five or more households each, 695 households in all (deterministic)."""
    rng = random.Random(20250620)
    households = [5] * TOTAL_TEAMS
    for _ in range(TOTAL_HOUSEHOLDS - 5 * TOTAL_TEAMS):
        households[rng.randrange(TOTAL_TEAMS)] += 1
    teams = []
    for index in range(TOTAL_TEAMS):
        district = DISTRICTS[index % len(DISTRICTS)]
        nickname = NICKNAMES[(index * 7) % len(NICKNAMES)]
        number = index // len(DISTRICTS) + 1
        teams.append(Community(
            event_id=event_id, name=f"{district} {nickname} 공동육아 {number}팀", district=district,
            leader_name=f"리더 {index + 1:03d}", leader_phone=f"+82105555{index + 1:04d}",
            leader_email=f"team{index + 1:03d}@example.com", households=households[index]))
    return teams


def seed_demo_event(day: date | None = None) -> tuple[Event, bool]:
    """Create the demo event and its teams unless they exist; returns (event, created)."""
    with unit_of_work():
        event = find_event(DEMO_SLUG)
        created = event is None
        if event is None:
            event = create_event(demo_event_details(day or next_june_20(datetime.now(SEOUL).date())))
            db.session.flush()
        has_teams = db.session.scalar(select(func.count(Community.id)).where(Community.event_id == event.id))
        if not has_teams:
            db.session.add_all(demo_communities(event.id))
    return event, created
