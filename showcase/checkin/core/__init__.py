"""The check-in core: admitting households exactly once, offline replays, undo and corrections.

This module is its public surface; the rest of the door (the API, the pages, walk-ins, the door
list, the counts) imports from here only. ``households`` holds what every admission reads (the
snapshots, the verdict, the locks and ``still_outside``), ``admit`` the scan and the search,
``replays`` the admissions carrying a door's client_id, ``corrections`` undo and "fewer came in".
See ``admit`` for the locking design.
"""

from .admit import AdmissionRequest, admit_household, admit_now, check_in
from .corrections import admit_fewer, undo_admission
from .households import (
    ADMITTED,
    ALREADY_ADMITTED,
    CANCELLED,
    NOT_FOUND,
    PARTIALLY_ADMITTED,
    UNDO_WINDOW,
    UNDONE,
    WAITLISTED,
    WRONG_EVENT,
    AdmissionSnapshot,
    HouseholdSnapshot,
    Verdict,
    admitted_people,
    last_admission,
    still_outside,
    ticket_admission,
)
from .replays import (
    DoorRequest,
    admit_once,
    parse_scanned_at,
    stored_answer,
    stored_walk_in,
    valid_client_id,
)

__all__ = [
    "ADMITTED", "ALREADY_ADMITTED", "CANCELLED", "NOT_FOUND", "PARTIALLY_ADMITTED", "UNDONE", "UNDO_WINDOW",
    "WAITLISTED", "WRONG_EVENT", "AdmissionRequest", "AdmissionSnapshot", "DoorRequest", "HouseholdSnapshot",
    "Verdict", "admit_fewer", "admit_household", "admit_now", "admit_once", "admitted_people", "check_in",
    "last_admission", "parse_scanned_at", "still_outside", "stored_answer", "stored_walk_in", "ticket_admission",
    "undo_admission", "valid_client_id",
]
