"""Door check-in: scanning tickets, partial parties, undo, walk-ins, live counts and the door API."""
