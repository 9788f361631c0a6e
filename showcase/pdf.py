"""PDFs from Jinja HTML with WeasyPrint: local files only, and never a box for a Korean letter.

WeasyPrint without a Korean font prints empty boxes and exits 0 (it only warns through its
logger), so rendering refuses up front when ``fc-list :lang=ko`` finds no font, naming the fix.
Only ``file:`` and ``data:`` URLs are fetched: a PDF never waits on the network.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

FONT_FIX = "Install a Korean font, e.g. `apt-get install fonts-noto-cjk` (scripts/setup.sh does it)."


class MissingKoreanFont(RuntimeError):
    """No Korean font is installed, so Korean text would print as boxes."""


@functools.cache
def korean_font_families() -> tuple[str, ...]:
    """Font families fontconfig offers for Korean (empty when there are none)."""
    if not shutil.which("fc-list"):
        return ()
    output = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True,
                            check=False, timeout=30).stdout
    return tuple(sorted({line.split(",")[0].strip() for line in output.splitlines() if line.strip()}))


def ensure_korean_font(families: Callable[[], tuple[str, ...]] = korean_font_families) -> None:
    """Raise MissingKoreanFont (with the fix) unless a Korean font is installed.

    ``families`` is the font lookup (fontconfig by default); callers may pass their own.
    """
    if not families():
        raise MissingKoreanFont("No Korean font is installed (fc-list :lang=ko is empty). " + FONT_FIX)


class LocalOnlyFetcher(URLFetcher):
    """Fetches file: and data: URLs under the allowed folders; refuses everything else."""

    def __init__(self, allowed_roots: list[Path], **kwargs):
        super().__init__(**kwargs)
        self._roots = [root.resolve() for root in allowed_roots]

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url[len("file://"):].split("?", 1)[0]).resolve()
            if any(path.is_relative_to(root) for root in self._roots) and path.is_file():
                return super().fetch(url, headers)
        raise URLFetchingError(f"not fetched (only local files are used in PDFs): {url[:80]}")


def render_pdf(html: str, base_dir: Path, allowed_roots: list[Path] | None = None) -> bytes:
    """Render ``html`` to PDF bytes; relative URLs resolve against ``base_dir``."""
    return render_pdf_pages(html, base_dir, allowed_roots)[0]


def render_pdf_pages(html: str, base_dir: Path, allowed_roots: list[Path] | None = None) -> tuple[bytes, int]:
    """Render ``html`` to PDF bytes and its page count (as :func:`render_pdf`)."""
    ensure_korean_font()
    fetcher = LocalOnlyFetcher(allowed_roots or [base_dir])
    document = HTML(string=html, base_url=str(base_dir.resolve()) + "/", url_fetcher=fetcher).render()
    return document.write_pdf(), len(document.pages)
