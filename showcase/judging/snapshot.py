"""The lock's snapshot of the ranking: what was judged, kept as plain values so nothing later changes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..submissions.models import Submission
from .aggregation import EntryResult, Ranking

#: EntryResult fields kept in the snapshot (totals per judge are not: the audit CSV has every score)
_FIELDS = ("entry_id", "rank", "normalised", "mean", "median", "spread", "count", "top_six_votes", "flagged",
           "finalist", "tie_broken_by")


@dataclass(frozen=True)
class EntryLabel:
    """How an entry is named in the ranking, and which of its versions was judged."""

    title_ko: str
    title_en: str
    community: str
    version: int

    @classmethod
    def of(cls, submission: Submission) -> EntryLabel:
        """The entry's label as it is now."""
        return cls(submission.title_ko, submission.title_en, submission.community.name, submission.version)

    def title(self, language: str | None) -> str:
        """The title in ``language`` (English falls back to Korean)."""
        return self.title_en if language == "en" and self.title_en else self.title_ko


def snapshot_rows(ranking: Ranking, labels: dict[int, EntryLabel]) -> list[dict[str, Any]]:
    """The ranking as JSON-ready rows, best first, each with the judged version and its title."""
    rows = []
    for result in ranking.entries:
        label = labels[result.entry_id]
        rows.append({name: getattr(result, name) for name in _FIELDS} | {
            "title_ko": label.title_ko, "title_en": label.title_en, "community": label.community,
            "version": label.version})
    return rows


def make_snapshot(ranking: Ranking, labels: dict[int, EntryLabel], panel_size: int) -> dict[str, Any]:
    """The JSON value stored at the lock."""
    return {"rows": snapshot_rows(ranking, labels), "judges": ranking.judge_count, "panel": panel_size}


def ranking_from_snapshot(snapshot: dict[str, Any]) -> tuple[Ranking, dict[int, EntryLabel]]:
    """The locked ranking and labels back from the stored snapshot."""
    rows = snapshot["rows"]
    entries = [EntryResult(**{name: row.get(name) for name in _FIELDS}) for row in rows]
    labels = {row["entry_id"]: EntryLabel(row["title_ko"], row["title_en"], row["community"], row["version"])
              for row in rows}
    finalist_ids = [e.entry_id for e in entries if e.finalist]
    return (Ranking(entries=entries, finalist_ids=finalist_ids, unresolved_tie=[], judge_count=snapshot["judges"]),
            labels)
