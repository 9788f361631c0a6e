"""The seeded program on paper: the A4 sheet on one page (or a warning), the A5 columns within the rule,
no item alone on a booklet page, what the QR code promises, and a published PDF that goes stale."""

from __future__ import annotations

import re
import subprocess
from dataclasses import fields
from datetime import date, time

import pytest
from sqlalchemy import select

from showcase.auth.models import Role
from showcase.events.demo import demo_event_details
from showcase.extensions import db
from showcase.program import demo
from showcase.program.building import build_program
from showcase.program.models import ItemKind, ProgramItem
from showcase.program.publishing import publish_program, published_is_stale, source_digest
from showcase.program.rendering import render_program

from .conftest import FINALIST_TITLES, page_texts, pdf_reader, squeezed

MM = 72 / 25.4
A5_RULE_RIGHT = (148 - 14) * MM  # the heading rule ends at the page's right margin


@pytest.fixture
def seeded_event(make_event):
    """The event exactly as `flask seed-demo` makes it (long English title and venue), with its run of show."""
    details = demo_event_details(date(2027, 6, 20))
    event = make_event(**{f.name: getattr(details, f.name) for f in fields(details)}, communities=3)
    demo.seed(event)
    return event


def set_item_count(event, count: int) -> list[ProgramItem]:
    """Keep the seeded items up to ``count``, adding short talks after them."""
    items = list(db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == event.id)
                                    .order_by(ProgramItem.position)))
    for item in items[count:]:
        db.session.delete(item)
    for n in range(len(items), count):
        db.session.add(ProgramItem(
            event_id=event.id, position=n + 1, start_time=time(*divmod(12 * 60 + 30 + 10 * (n - 5), 60)), kind=ItemKind.TALK,
            title_ko=f"공동체 이야기 {n}", title_en=f"Community voices {n}", performers_ko="육아 공동체 리더 두 명",
            performers_en="Two community leaders", description_ko="공동육아로 달라진 일상을 짧게 나눕니다.",
            description_en="Two leaders share how shared parenting changed their days."))
    db.session.commit()
    return list(db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == event.id)
                                   .order_by(ProgramItem.position)))


def words_by_page(pdf_path) -> list[list[tuple[float, str]]]:
    """(right edge in points, word) for every word, page by page (poppler's pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [[(float(x), word) for x, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)<', page)]
            for page in html.split("<page ")[1:]]


@pytest.mark.slow
@pytest.mark.parametrize("count", [5, 7])
@pytest.mark.parametrize("language", ["ko", "en", "both"])
def test_the_a4_sheet_fits_one_page(seeded_event, finalists, tmp_path, language, count):
    items = set_item_count(seeded_event, count)
    rendered = render_program(build_program(seeded_event, language, finalists), "a4")
    assert rendered.pages == 1 and not rendered.overflows
    assert len(pdf_reader(rendered.pdf).pages) == 1
    text = page_texts(rendered.pdf)[0]
    shown = ("ko", "en") if language == "both" else (language,)
    for item in items:
        assert all(squeezed(getattr(item, f"title_{lang}")) in text for lang in shown), item.title_en
    assert all(squeezed(ko if "ko" in shown else en) in text for ko, en in FINALIST_TITLES)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(rendered.pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "sheet")], check=True)
    assert [p.name for p in tmp_path.glob("sheet*.png")] == ["sheet-1.png"]


@pytest.mark.slow
def test_a_sheet_that_cannot_fit_warns_the_organizer(client, login_as, runner, seeded_event, tmp_path):
    items = set_item_count(seeded_event, 16)
    for item in items:
        item.description_ko = item.description_ko * 3
    db.session.commit()
    rendered = render_program(build_program(seeded_event, "ko", None), "a4")
    assert rendered.overflows and rendered.pages > 1 and rendered.tightened == 3
    login_as(Role.ORGANIZER)
    response = client.post(f"/manage/events/{seeded_event.slug}/program/download", data={"layout": "a4", "lang": "ko"})
    assert response.status_code == 302 and "overflow=ko" in response.headers["Location"]
    page = client.get(response.headers["Location"], headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert "한 쪽에 들어가지 않습니다" in page and "그래도 여러 쪽으로 내려받기" in page
    anyway = client.post(f"/manage/events/{seeded_event.slug}/program/download",
                         data={"layout": "a4", "lang": "ko", "anyway": "1"})
    assert anyway.mimetype == "application/pdf" and len(pdf_reader(anyway.data).pages) == rendered.pages
    out = tmp_path / "a4.pdf"
    result = runner.invoke(args=["build-program", seeded_event.slug, "--layout", "a4", "-o", str(out)])
    assert result.exit_code == 0 and "does not fit on one page" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("count", [5, 7])
def test_a5_has_no_lone_item_no_continued_heading_and_columns_within_the_rule(seeded_event, finalists, tmp_path,
                                                                              count):
    items = set_item_count(seeded_event, count)
    for language in ("en", "both"):
        path = tmp_path / f"a5-{language}.pdf"
        path.write_bytes(render_program(build_program(seeded_event, language, finalists), "a5").pdf)
        texts = page_texts(path.read_bytes())
        titles = [squeezed(item.title_en) for item in items]
        per_page = [sum(1 for title in titles if title in text) for text in texts]
        assert sum(per_page) == len(items)
        assert all(n != 1 for n in per_page), per_page  # an item never stands alone on a page
        assert not any("continued" in text.lower() or "계속" in text for text in texts)
        for number, words in enumerate(words_by_page(path), start=1):
            widest = max(words)
            assert widest[0] <= A5_RULE_RIGHT + 0.5, (language, number, widest)


def test_the_qr_text_says_what_the_gallery_shows_and_when(client, seeded_event, finalists):
    labels = build_program(seeded_event, "both", finalists).labels
    assert labels["ko"]["gallery"] == "상영작 6편은 행사가 끝난 뒤 온라인에서 다시 볼 수 있습니다"
    assert labels["en"]["gallery"] == "Watch the 6 screened films online after the event"
    assert "every" not in labels["en"]["gallery"] and "after the event" in labels["en"]["gallery_hint"]
    # what the code opens: until the organizer publishes the gallery (possible once the event starts) it says
    # that the films come after the event
    page = client.get(f"/events/{seeded_event.slug}/gallery", headers={"Accept-Language": "en"})
    assert "after the event" in page.get_data(as_text=True)


def test_the_source_digest_follows_what_is_printed(seeded_event, finalists):
    before = source_digest(seeded_event, "a4", "ko", None)
    assert source_digest(seeded_event, "a4", "ko", None) == before
    assert source_digest(seeded_event, "a4", "ko", finalists) != before  # finalists locked since
    set_item_count(seeded_event, 4)
    assert source_digest(seeded_event, "a4", "ko", None) != before


@pytest.mark.slow
def test_a_published_program_going_stale_is_flagged_and_republished(client, login_as, seeded_event):
    publish_program(seeded_event, "a4", "ko", None)
    assert not published_is_stale(seeded_event, None)
    login_as(Role.ORGANIZER)
    editor = f"/manage/events/{seeded_event.slug}/program"
    assert "지금 다시 게시" not in client.get(editor, headers={"Accept-Language": "ko"}).get_data(as_text=True)
    set_item_count(seeded_event, 4)
    assert published_is_stale(seeded_event, None)
    page = client.get(editor + "?lang=en").get_data(as_text=True)
    assert "no longer matches" in page and "Republish it now" in page
    assert 'name="layout" value="a4"' in page and 'name="lang" value="ko"' in page
    response = client.post(editor + "/publish", data={"layout": "a4", "lang": "ko"})
    assert response.status_code == 302
    assert not published_is_stale(seeded_event, None)
    assert "no longer matches" not in client.get(editor + "?lang=en").get_data(as_text=True)
