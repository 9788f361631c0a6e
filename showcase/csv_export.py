"""CSV files people open in Excel: UTF-8 with BOM (so Korean shows) and formula-safe cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from .bidi import neutralise_bidi

#: what makes a spreadsheet read a cell as a formula or a command: ASCII and full-width signs
#: (Excel folds ＝＋－＠ to =+-@), separators that start a DDE/formula in some locales, controls
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%", ";", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> str:
    """A cell Excel and LibreOffice will not evaluate as a formula, and whose text reads in order."""
    text = neutralise_bidi("" if value is None else str(value))
    if text.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The whole CSV, UTF-8 with a byte-order mark, every cell made formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
