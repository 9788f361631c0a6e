"""Backups: a consistent snapshot of the database and the media in one tar file, and restoring it."""
