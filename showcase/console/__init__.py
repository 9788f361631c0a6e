"""The organizer's console: every event's state at a glance, and many events (duplicate, archive)."""
