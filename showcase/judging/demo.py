"""Demo data for judging: the rubric, a judging window and the five demo judges on the panel."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..auth.models import User
from ..database import unit_of_work
from ..events.models import Event
from ..extensions import db
from .models import Criterion
from .panel import invite_judge
from .rubric import CriterionDetails, criteria, save_criterion
from .settings import settings_for_update

RUBRIC = (
    ("공동육아 이야기", "The story of shared parenting",
     "이웃과 함께 아이를 키우는 모습이 진솔하게 드러나는가", "Does it show, honestly, how neighbours raise children together?", 3.0),
    ("따뜻함과 메시지", "Warmth and message",
     "보는 사람에게 따뜻한 마음과 분명한 메시지가 전해지는가", "Does it leave the audience with warmth and a clear message?", 2.0),
    ("창의성", "Creativity",
     "아이디어와 구성이 새롭고 재미있는가", "Are the idea and the telling fresh and fun?", 2.0),
    ("아이들의 참여", "Children's participation",
     "아이들이 함께 만들고 주인공으로 참여했는가", "Did the children take part in making it, as its heroes?", 2.0),
    ("영상 완성도", "Production",
     "화면, 소리, 편집이 보기 편하게 완성되었는가", "Are picture, sound and editing easy to follow?", 1.0),
)


def seed(event: Event) -> list[str]:
    """Give the demo event its five-criterion rubric, a judging window and the five demo judges (idempotent)."""
    with unit_of_work():  # one unit for all of it: the demo's judging is there whole, or not at all
        if not criteria(event):
            for position, (name_ko, name_en, desc_ko, desc_en, weight) in enumerate(RUBRIC, start=1):
                save_criterion(event, CriterionDetails(name_ko=name_ko, name_en=name_en, description_ko=desc_ko,
                                                       description_en=desc_en, weight=weight, position=position))
        settings = settings_for_update(event)
        if settings.closes_at is None and settings.locked_at is None:
            settings.closes_at = event.starts_at - timedelta(days=2)
        judges = list(db.session.scalars(select(User).where(User.email.like("judge%@showcase.local"))
                                         .order_by(User.email)))
        for judge in judges:
            invite_judge(event, judge)
    count = db.session.query(Criterion).filter_by(event_id=event.id).count()
    return [f"  judging: {count} criteria, {len(judges)} judges invited; judges score at /judge/{event.slug}/, "
            f"results with: flask --app showcase results {event.slug}"]
