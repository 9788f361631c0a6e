"""The PDFs read back with pypdf: sizes, pages, finalists, Korean text, embedded fonts, no split items."""

from __future__ import annotations

import pytest
from pypdf.generic import IndirectObject

from showcase.pdf import MissingKoreanFont
from showcase.program.building import build_program
from showcase.program.finalists import Finalist
from showcase.program.imposition import padded_pages, printer_spreads
from showcase.program.rendering import build_program_pdf, render_program_pdf
from showcase.program.services import program_items

from .conftest import FINALIST_TITLES, page_texts, pdf_reader, squeezed

A5 = (419.53, 595.28)
A4 = (595.28, 841.89)


def _size(page) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def _approx(size, expected) -> bool:
    return abs(size[0] - expected[0]) < 0.6 and abs(size[1] - expected[1]) < 0.6


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _fonts(resources, seen=None):
    """Every font dictionary reachable from a page's resources (through form XObjects too)."""
    seen = seen if seen is not None else set()
    resources = _resolve(resources) or {}
    for font in (_resolve(resources.get("/Font")) or {}).values():
        yield _resolve(font)
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        key = id(_resolve(xobject))
        if key not in seen:
            seen.add(key)
            xobject = _resolve(xobject)
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from _fonts(xobject["/Resources"], seen)


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type0":
        font = _resolve(font["/DescendantFonts"][0])
    descriptor = _resolve(font.get("/FontDescriptor")) or {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def assert_fonts_embedded(data: bytes) -> int:
    count = 0
    for page in pdf_reader(data).pages:
        for font in _fonts(page.get("/Resources")):
            assert _embedded(font), f"font not embedded: {font.get('/BaseFont')}"
            count += 1
    assert count > 0
    return count


@pytest.mark.slow
def test_a5_pages_are_a5_with_korean_text_finalists_and_embedded_fonts(demo_event, finalists):
    pdf = build_program_pdf(demo_event, "a5", "ko", finalists)
    reader = pdf_reader(pdf)
    assert len(reader.pages) >= 6
    assert all(_approx(_size(page), A5) for page in reader.pages)
    text = "".join(page_texts(pdf))
    assert squeezed("진행 순서") in text and squeezed("래미안 어반파크 어린이집 어린이 18명") in text
    for title_ko, _title_en in FINALIST_TITLES:
        assert squeezed(title_ko) in text
    assert "초안" not in text  # finalists locked: not a draft
    assert_fonts_embedded(pdf)


@pytest.mark.slow
def test_a5_pages_are_numbered_except_the_covers(demo_event, finalists):
    texts = page_texts(build_program_pdf(demo_event, "a5", "en", finalists))
    for number, text in enumerate(texts[1:-1], start=2):
        assert text.endswith(str(number)) or text.startswith(str(number)) or str(number) in text[-6:]


@pytest.mark.slow
def test_booklet_is_a4_landscape_in_printer_order_padded_to_a_multiple_of_four(demo_event, finalists):
    a5 = build_program_pdf(demo_event, "a5", "both", finalists)
    booklet = build_program_pdf(demo_event, "booklet", "both", finalists)
    a5_pages, sides = len(pdf_reader(a5).pages), pdf_reader(booklet).pages
    assert (len(sides) * 2) % 4 == 0 and len(sides) * 2 >= a5_pages
    assert all(_approx(_size(side), (A4[1], A4[0])) for side in sides)
    texts = page_texts(booklet)
    # The first printed side carries the back cover (left) and the front cover (right).
    assert squeezed("함께해 주신 분들") in texts[0] and squeezed("행사 안내") in texts[0]
    for title_ko, title_en in FINALIST_TITLES:
        assert squeezed(title_ko) in "".join(texts) and squeezed(title_en) in "".join(texts)
    assert_fonts_embedded(booklet)


def test_printer_order_for_eight_and_padding_before_the_back_cover():
    assert printer_spreads(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert padded_pages(6) == [0, 1, 2, 3, 4, None, None, 5]
    assert padded_pages(4) == [0, 1, 2, 3]
    assert len(padded_pages(9)) == 12 and padded_pages(9)[-1] == 8


def test_a4_is_one_sheet_with_every_finalist(demo_event, finalists):
    pdf = build_program_pdf(demo_event, "a4", "ko", finalists)
    reader = pdf_reader(pdf)
    assert len(reader.pages) == 1 and _approx(_size(reader.pages[0]), A4)
    text = page_texts(pdf)[0]
    assert all(squeezed(ko) in text for ko, _en in FINALIST_TITLES)
    assert_fonts_embedded(pdf)


def test_both_languages_side_by_side_and_no_item_split_across_pages(demo_event, finalists):
    pdf = build_program_pdf(demo_event, "a5", "both", finalists)
    texts = page_texts(pdf)
    for item in program_items(demo_event):
        pages_with_title = [n for n, text in enumerate(texts) if squeezed(item.title_en) in text]
        assert pages_with_title, item.title_en
        page = texts[pages_with_title[0]]
        assert squeezed(item.title_ko) in page
        assert squeezed(item.description_ko) in page and squeezed(item.description_en) in page


def test_without_locked_results_the_program_is_a_draft_with_a_placeholder(demo_event):
    text = "".join(page_texts(build_program_pdf(demo_event, "a5", "ko", None)))
    assert "초안" in text
    assert squeezed("본선 진출작 6편은 심사가 끝난 뒤 발표합니다.") in text


def test_a_missing_poster_prints_a_placeholder_not_a_broken_pdf(demo_event, finalists, tmp_path):
    broken = [Finalist(f.order, f.title_ko, f.title_en, f.community,
                       tmp_path / "gone.jpg" if f.order == 2 else f.poster_path) for f in finalists]
    pdf = build_program_pdf(demo_event, "a5", "ko", broken)
    text = "".join(page_texts(pdf))
    assert squeezed("포스터 준비 중") in text and squeezed(FINALIST_TITLES[1][0]) in text


def test_an_item_without_an_english_title_prints_the_korean_one(demo_event, finalists):
    item = program_items(demo_event)[1]
    item.title_en = ""
    text = "".join(page_texts(build_program_pdf(demo_event, "a5", "en", finalists)))
    assert squeezed(item.title_ko) in text
    assert "Korean shown" not in text  # the organizer's mark is for the preview, not the print


def test_refuses_with_the_font_fix_when_no_korean_font_is_found(demo_event, finalists):
    with pytest.raises(MissingKoreanFont) as refused:
        build_program_pdf(demo_event, "a5", "ko", finalists, font_lookup=lambda: ())
    assert "No Korean font is installed" in str(refused.value)
    assert "fonts-noto-cjk" in str(refused.value)


def test_fonts_follow_the_lookup(demo_event, finalists):
    program = build_program(demo_event, "ko", finalists)
    pdf = render_program_pdf(program, "a4", font_lookup=lambda: ("Noto Sans CJK KR",))
    names = {str(font.get("/BaseFont")) for page in pdf_reader(pdf).pages for font in _fonts(page["/Resources"])}
    assert any("Noto-Sans-CJK-KR" in name for name in names)
    assert not any("Serif" in name for name in names)  # the serif was not offered, so not used


@pytest.mark.slow
def test_the_printed_qr_code_opens_the_online_gallery(demo_event, finalists, tmp_path):
    import subprocess

    import zxingcpp
    from PIL import Image

    pdf_path = tmp_path / "sheet.pdf"
    pdf_path.write_bytes(build_program_pdf(demo_event, "a4", "ko", finalists))
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf_path), str(tmp_path / "sheet")], check=True)
    with Image.open(tmp_path / "sheet.png") as image:
        codes = zxingcpp.read_barcodes(image.convert("L"))
    assert [code.text for code in codes] == ["http://showcase.test/events/shared-parenting/gallery"]
