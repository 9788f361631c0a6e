"""Saddle-stitch imposition: A5 pages two-up on A4 landscape sheets, in printer order."""

from __future__ import annotations

from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

A4_LANDSCAPE = (841.89, 595.28)


def padded_pages(count: int) -> list[int | None]:
    """Reading order padded to a multiple of four; blanks (None) go before the back cover."""
    if count <= 0:
        return []
    pages: list[int | None] = list(range(count))
    blanks = (-count) % 4
    if blanks:
        back = pages.pop() if count > 1 else None
        pages += [None] * blanks
        if back is not None:
            pages.append(back)
    return pages


def printer_spreads(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) pages of each printed side: sheet 1 front, sheet 1 back, sheet 2 front, …"""
    pages = padded_pages(count)
    total = len(pages)
    spreads = []
    for sheet in range(total // 4):
        spreads.append((pages[total - 1 - 2 * sheet], pages[2 * sheet]))
        spreads.append((pages[2 * sheet + 1], pages[total - 2 - 2 * sheet]))
    return spreads


def impose_booklet(pdf: bytes) -> bytes:
    """The A5 ``pdf`` imposed two-up on A4 landscape sides for saddle-stitching."""
    reader = PdfReader(BytesIO(pdf))
    writer = PdfWriter()
    sheet_width, sheet_height = A4_LANDSCAPE
    for left, right in printer_spreads(len(reader.pages)):
        side = PageObject.create_blank_page(width=sheet_width, height=sheet_height)
        for index, x in ((left, 0.0), (right, sheet_width / 2)):
            if index is None:
                continue
            page = reader.pages[index]
            box = page.mediabox
            dx = x + (sheet_width / 2 - float(box.width)) / 2 - float(box.left)
            dy = (sheet_height - float(box.height)) / 2 - float(box.bottom)
            side.merge_transformed_page(page, Transformation().translate(tx=dx, ty=dy))
        writer.add_page(side)
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items() if isinstance(v, str)})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
