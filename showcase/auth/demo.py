"""The demo accounts: one organizer, two door staff and five judges."""

from __future__ import annotations

from typing import Any

from .models import Role
from .services import ensure_user

DEMO_USERS = (
    ("organizer@showcase.local", Role.ORGANIZER, "행사 담당자 Organizer"),
    ("door1@showcase.local", Role.STAFF, "입구 1 Door 1"),
    ("door2@showcase.local", Role.STAFF, "입구 2 Door 2"),
    *((f"judge{n}@showcase.local", Role.JUDGE, f"심사위원 {n} Judge {n}") for n in range(1, 6)),
)


def seed(_event: Any) -> list[str]:
    """Create the demo accounts that are missing; their passwords are printed once, when created."""
    lines = []
    for email, role, name in DEMO_USERS:
        _user, password = ensure_user(email, role, name)
        shown = password if password else "(unchanged: account existed)"
        lines.append(f"  {role.value:<9} {email:<28} password: {shown}")
    return lines
