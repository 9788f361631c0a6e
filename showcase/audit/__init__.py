"""Audit log: who did which sensitive thing (capacity changes, promotions, result locks, exports, purges) and when."""
