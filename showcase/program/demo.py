"""The demo event's run of show from the seeds (20 June, Busan), and its welcome words."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select

from ..database import unit_of_work
from ..events.models import Event
from ..extensions import db
from .models import ItemKind, ProgramItem
from .services import SettingsInput, settings_for, update_settings

RUN_OF_SHOW = [
    dict(start_time=time(11, 0), kind=ItemKind.WELCOME,
         title_ko="개회 및 환영 인사", title_en="Opening and welcome",
         performers_ko="박형준 부산광역시장", performers_en="Park Heong-joon, Mayor of Busan",
         description_ko="육아 공동체 리더와 부모, 아이들 150여 명이 함께하는 자리를 엽니다.",
         description_en="Opening the gathering of about 150 community leaders, parents and children."),
    dict(start_time=time(11, 10), kind=ItemKind.PERFORMANCE,
         title_ko="어린이집 합창", title_en="Daycare choir",
         performers_ko="래미안 어반파크 어린이집 어린이 18명",
         performers_en="18 children of Raemian Urban Park Daycare Center",
         description_ko="지난해 국공립 어린이집 합창대회 대상 수상팀의 무대입니다.",
         description_en="Last year’s grand-prize winners of the public daycare choir competition."),
    dict(start_time=time(11, 25), kind=ItemKind.PERFORMANCE,
         title_ko="가족 공연 〈너처럼 소중하게〉", title_en="Family performance “Cherished Like You”",
         performers_ko="부모와 아이가 함께하는 무대", performers_en="Parents and children together",
         description_ko="부모와 아이가 함께 꾸미는 따뜻한 공연으로 행사장의 분위기를 데웁니다.",
         description_en="A warm performance by parents and their children."),
    dict(start_time=time(11, 40), kind=ItemKind.VIDEO_BLOCK,
         title_ko="우수 숏폼 영상 6편 상영", title_en="Screening: the six best short-form videos",
         performers_ko="2025 독박육아 탈출! 육아 공동체", performers_en="This year’s childcare communities",
         description_ko="올해 처음 제작한 숏폼 영상 가운데 우수작 6편을 상영합니다. 아이와 부모가 함께한 공동육아의 순간을 담았습니다.",
         description_en="For the first time this year the communities filmed their activities; the six best "
                        "films show moments of parents and children raising children together."),
    dict(start_time=time(12, 5), kind=ItemKind.PERFORMANCE,
         title_ko="타악 힐링 프로그램 〈음악으로 떠나는 마음 여행〉",
         title_en="Percussion healing session “Traveling the Heart Through Music”",
         performers_ko="경성대학교 음악치료학과 공인 음악치료사 3명",
         performers_en="Three certified music therapists, Department of Music Therapy, Kyungsung University",
         description_ko="모두 함께 타악기를 두드리며 쉬어 가는 음악 치유 시간입니다.",
         description_en="A healing break: everyone joins in on percussion."),
]

WELCOME = SettingsInput(
    welcome_ko=(
        "함께 키우는 우리 아이, ‘독박육아 탈출! 공동육아 이야기’에 오신 여러분을 진심으로 환영합니다.\n"
        "올해 육아 공동체는 125개 팀, 695가구로 늘어났습니다. 일곱 달 동안 온라인과 오프라인에서 "
        "서로의 육아 고민과 정보를 나누며, 육아가 한 사람의 몫이 아니라 함께 짊어지는 일임을 보여 주셨습니다.\n"
        "오늘은 아이들의 합창과 가족 공연, 공동체가 직접 만든 숏폼 영상, 음악으로 쉬어 가는 시간까지 "
        "준비했습니다. 육아의 무게보다 기쁨에 집중하는 하루가 되기를 바랍니다."),
    welcome_en=(
        "Welcome to “Raising Our Children Together: Escaping Solo Parenting! Stories of Shared Parenting”.\n"
        "This year the childcare communities grew to 125 teams and 695 households. Over seven months you "
        "met online and in person, shared worries and know-how, and showed that raising children is not "
        "one person’s job but something we carry together.\n"
        "Today brings a children’s choir, a family performance, short films made by the communities "
        "themselves and a musical pause for everyone. We hope it is a day about the joys of parenting "
        "rather than its burdens."),
    welcome_signature_ko="부산육아종합지원센터", welcome_signature_en="Busan Childcare Comprehensive Support Center",
    participants=1475)


def seed(event: Event) -> list[str]:
    """Give the demo event its run of show and welcome words unless it already has them."""
    lines = []
    with unit_of_work():  # joins the demo seeding's unit when there is one
        has_items = db.session.scalar(select(func.count(ProgramItem.id)).where(ProgramItem.event_id == event.id))
        if not has_items:
            db.session.add_all(ProgramItem(event_id=event.id, position=n, **item)
                               for n, item in enumerate(RUN_OF_SHOW, start=1))
            lines.append(f"Program: {len(RUN_OF_SHOW)} items in the run of show.")
        else:
            lines.append(f"Program: kept the existing run of show ({has_items} items).")
        if not settings_for(event).welcome_ko:
            update_settings(event, WELCOME)
            lines.append("Program: welcome words set (Korean and English).")
    return lines
