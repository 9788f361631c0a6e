"""Locking the results (a snapshot of what was judged), unlocking them, and the screening order.

The lock freezes the ranking, the six finalists, their order and, per finalist, the exact version
the judges watched (its video, poster and titles). The finalists' entries are marked frozen, so the
submissions domain refuses a new upload from their teams until an organizer unlocks. A screening
order the organizer arranged survives an unlock: locking again with the same six restores it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..audit import services as audit
from ..auth.models import User
from ..database import unit_of_work, utcnow
from ..events.models import Event
from ..extensions import db
from .entries import locked_finalists
from .models import Finalist
from .refusals import JudgingError
from .results import event_results
from .settings import lock_settings_row
from .snapshot import make_snapshot

UNLOCK_REASON_MAX = 500


def lock_results(event: Event, organizer: User) -> list[Finalist]:
    """Lock the results: snapshot the ranking, the top six become finalists, no score can change afterwards."""
    with unit_of_work():
        settings = lock_settings_row(event)
        if settings.locked_at is not None:
            raise JudgingError(_l("The results are already locked."), "locked", 409)
        results = event_results(event)
        if results.ranking.unresolved_tie:
            raise JudgingError(_l("A tie at the cut line needs your decision before the results can be locked."),
                               "unresolved_tie", 409)
        if not results.ranking.finalist_ids:
            raise JudgingError(_l("No entry has been scored yet: there is nothing to lock."), "no_scores", 409)
        now = utcnow()
        ranks = {e.entry_id: e.rank for e in results.ranking.entries}
        order_before = arranged_order_before_unlock(event)
        kept = order_before is not None and sorted(order_before) == sorted(results.ranking.finalist_ids)
        finalists = []
        for order, entry_id in enumerate(order_before if kept and order_before is not None else results.ranking.finalist_ids, start=1):
            entry = results.entries[entry_id]
            finalists.append(Finalist(event_id=event.id, submission_id=entry_id, rank=ranks[entry_id],
                                      screening_order=order, version=entry.version,
                                      video_path=entry.transcoded_path, poster_path=entry.poster_path,
                                      title_ko=entry.title_ko, title_en=entry.title_en))
            entry.frozen_at = now
        db.session.add_all(finalists)
        settings.locked_ranking = make_snapshot(results.ranking, results.labels, results.judge_count)
        settings.locked_at, settings.locked_by_id = now, organizer.id
        audit.record("results_locked", actor=organizer, event_id=event.id, target=event.slug,
                     details={"finalists": results.ranking.finalist_ids,
                              "versions": {str(f.submission_id): f.version for f in finalists},
                              "screening_order_kept": kept})
    return finalists


def unlock_results(event: Event, organizer: User, reason: str) -> None:
    """Reopen locked results (an explicit, audited decision): finalists and snapshot go, scoring reopens."""
    reason = " ".join((reason or "").split())
    if not reason or len(reason) > UNLOCK_REASON_MAX:
        raise JudgingError(_l("Write why the results are unlocked (at most %(max)d characters); it is kept in the "
                              "audit log.", max=UNLOCK_REASON_MAX), "invalid_reason", 422,
                           {"reason": _l("Enter a reason.")})
    with unit_of_work():
        settings = lock_settings_row(event)
        if settings.locked_at is None:
            raise JudgingError(_l("The results are not locked."), "not_locked", 409)
        if settings.published_gallery_at is not None:
            raise JudgingError(_l("The gallery of the finalists is public, so the results can no longer be unlocked."),
                               "published", 409)
        finalists = locked_finalists(event)
        for finalist in finalists:
            finalist.submission.frozen_at = None
            db.session.delete(finalist)
        audit.record("results_unlocked", actor=organizer, event_id=event.id, target=event.slug,
                     details={"reason": reason, "locked_at": settings.locked_at.isoformat(),
                              "finalists": [f.submission_id for f in finalists],  # in screening order
                              "arranged": is_arranged(finalists)})
        settings.locked_at, settings.locked_by_id, settings.locked_ranking = None, None, None


def is_arranged(finalists: list[Finalist]) -> bool:
    """Whether the screening order differs from the rank order (the organizer arranged it)."""
    by_screening = sorted(finalists, key=lambda f: f.screening_order)
    return [f.submission_id for f in by_screening] != [f.submission_id for f in sorted(finalists, key=lambda f: f.rank)]


def arranged_order_before_unlock(event: Event) -> list[int] | None:
    """The screening order the organizer had arranged when the results were last unlocked, if any."""
    last_unlock = audit.entries(audit.AuditFilter(event_id=event.id, action="results_unlocked"), limit=1)
    details = (last_unlock[0].details or {}) if last_unlock else {}
    order = details.get("finalists")
    if not details.get("arranged") or not isinstance(order, list) or not all(isinstance(i, int) for i in order):
        return None
    return order


def set_screening_order(event: Event, ordered_ids: list[int]) -> list[Finalist]:
    """Arrange the order the finalists play in at the screening (every finalist once); one unit of work."""
    with unit_of_work():
        lock_settings_row(event)  # against a lock or an unlock at the same moment
        finalists = {f.submission_id: f for f in locked_finalists(event)}
        if not finalists:
            raise JudgingError(_l("Lock the results first: the screening order is for the finalists."), "not_locked", 409)
        if sorted(ordered_ids) != sorted(finalists) or len(set(ordered_ids)) != len(ordered_ids):
            raise JudgingError(_l("Give every finalist a place in the order, each once."), "invalid_order", 422)
        for position, submission_id in enumerate(ordered_ids, start=1):
            finalists[submission_id].screening_order = position
    return locked_finalists(event)


def move_finalist(event: Event, submission_id: int, step: int) -> list[Finalist]:
    """Move one finalist up (step −1) or down (step +1) in the screening order; one unit of work."""
    with unit_of_work():
        lock_settings_row(event)  # the order read here is the one changed: two presses move twice
        order = [f.submission_id for f in locked_finalists(event)]
        if submission_id not in order:
            raise JudgingError(_l("This entry is not a finalist."), "not_finalist", 404)
        i = order.index(submission_id)
        j = max(0, min(len(order) - 1, i + step))
        order[i], order[j] = order[j], order[i]
        return set_screening_order(event, order)


def refused_uploads(event: Event) -> dict[int, int]:
    """How many new uploads were refused per locked finalist (from the audit log), for the organizers."""
    counts: dict[int, int] = {}
    for entry in audit.entries(audit.AuditFilter(event_id=event.id, action="upload_refused"), limit=1000):
        submission_id = (entry.details or {}).get("submission_id")
        if isinstance(submission_id, int):
            counts[submission_id] = counts.get(submission_id, 0) + 1
    return counts
