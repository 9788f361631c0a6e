"""The six finalists as the program prints them: the seam between judging and the program.

Judging is built on its own branch; until it is wired in, ``finalists_for`` says "not locked yet"
(None), which prints a placeholder and marks the program as a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..events.models import Event


@dataclass(frozen=True)
class Finalist:
    """One finalist video in screening order, with its poster frame when there is one."""

    order: int
    title_ko: str
    title_en: str
    community: str
    poster_path: Path | None = None


def finalists_for(event: Event) -> list[Finalist] | None:
    """The event's finalists in screening order, or None while the results are not locked."""
    return None
