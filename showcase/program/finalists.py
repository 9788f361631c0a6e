"""The six finalists as the program prints them: the seam between judging and the program.

Until the organizer locks the results, ``finalists_for`` says so (None), which prints a
placeholder and marks the program as a draft.
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
    from ..judging.entries import finalists_for_program

    locked = finalists_for_program(event)
    if locked is None:
        return None
    return [Finalist(order=f.screening_order, title_ko=f.title_ko, title_en=f.title_en, community=f.community,
                     poster_path=Path(f.poster_path) if f.poster_path else None) for f in locked]
