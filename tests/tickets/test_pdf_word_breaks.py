"""Korean in the ticket and the door list PDFs breaks only between words (WeasyPrint ignores
``word-break: keep-all``, so every word is a no-break span); the PDFs and their pdftoppm
renderings are kept in artifacts/pdfs/ for a person to look at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from showcase.auth.models import Role
from showcase.events import rsvp_tokens

PDFS = Path(__file__).resolve().parents[2] / "artifacts" / "pdfs"
TITLE = "함께 키우는 우리 아이, 독박육아 탈출! 공동육아 이야기"


def _lines(pdf: bytes, name: str) -> list[str]:
    PDFS.mkdir(parents=True, exist_ok=True)
    path = PDFS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(path), str(PDFS / name)],
                   check=True, timeout=60)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def _words_whole(lines: list[str], words: list[str]) -> None:
    """Every word appears whole on some line (a word split across lines would not)."""
    joined = "\n".join(lines)
    for word in words:
        assert word in joined, f"{word!r} is split across lines:\n{joined[:1500]}"


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ko", "en"])
def test_ticket_and_door_list_break_only_between_words(client, make_event, make_rsvp, login_as, language):
    event = make_event(slug="shared-parenting", title_ko=TITLE, title_en="Raising Our Children Together",
                       venue_ko="부산광역시의회 2층 대회의실")
    family = make_rsvp(event, contact_name="김하늘", adults=2, children=1)
    header = {"Accept-Language": language}
    ticket = client.get(f"/t/{rsvp_tokens.ticket_token(family)}/ticket.pdf", headers=header)
    assert ticket.status_code == 200
    lines = _lines(ticket.data, f"ticket-{language}")
    if language == "ko":
        _words_whole(lines, TITLE.split() + ["대회의실"])
    login_as(Role.STAFF)
    door_list = client.get(f"/door/{event.slug}/list.pdf?lang={language}", headers=header)
    assert door_list.status_code == 200
    lines = _lines(door_list.data, f"door-list-{language}")
    header_words = ["성인", "어린이", "4자리", "영아"] if language == "ko" else ["Adults", "Children", "Admitted"]
    _words_whole(lines, header_words)
