"""Program fixtures: the demo run of show on an event, and finalists with real poster JPEGs."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from showcase.program import demo
from showcase.program.finalists import Finalist

FINALIST_TITLES = [
    ("햇살 가득 우리 동네 놀이터", "Sunny Playground Days"),
    ("아빠랑 같이 만든 김밥", "Gimbap with Dad"),
    ("공동육아 일곱 달의 기록", "Seven Months Together"),
    ("바다 소풍 가는 날", "A Picnic by the Sea"),
    ("우리 아이 첫 합창", "Our Children’s First Song"),
    ("함께라서 든든해요", "Stronger Together"),
]
COLOURS = ["#e8613c", "#2a9d8f", "#f4b942", "#1f2a44", "#b56576", "#6d597a"]


def make_poster(path: Path, colour: str, label: str) -> Path:
    """A real vertical 9:16 JPEG poster frame."""
    image = Image.new("RGB", (360, 640), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 180, 300, 420), fill="#fff6ea")
    draw.text((20, 20), label, fill="#ffffff")
    image.save(path, "JPEG", quality=82)
    return path


@pytest.fixture
def posters(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "media" / "posters"
    folder.mkdir(parents=True)
    return [make_poster(folder / f"poster-{n}.jpg", COLOURS[n - 1], f"#{n}") for n in range(1, 7)]


@pytest.fixture
def finalists(posters) -> list[Finalist]:
    """Six finalists in screening order (given out of order on purpose)."""
    items = [Finalist(order=n, title_ko=ko, title_en=en, community=f"공동체 {n}팀", poster_path=posters[n - 1])
             for n, (ko, en) in enumerate(FINALIST_TITLES, start=1)]
    return list(reversed(items))


@pytest.fixture
def demo_event(make_event):
    """An event with the seeds' run of show, welcome words and 125 communities' worth of figures."""
    event = make_event(slug="shared-parenting", title_ko="함께 키우는 우리 아이, 독박육아 탈출! 공동육아 이야기",
                       title_en="Raising Our Children Together", host_ko="부산육아종합지원센터",
                       host_en="Busan Childcare Comprehensive Support Center", communities=3)
    demo.seed(event)
    return event


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def squeezed(text: str) -> str:
    """Text without any whitespace, so line breaks in the PDF do not matter."""
    return "".join(text.split())


def page_texts(data: bytes) -> list[str]:
    return [squeezed(page.extract_text() or "") for page in pdf_reader(data).pages]


def visible(html: str) -> str:
    """A page's text without tags, whitespace collapsed (words of a title sit in separate spans)."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
