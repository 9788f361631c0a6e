"""Snapshotting and replacing the database: SQLite's online backup API, pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what to do. Nothing was changed."""


def sqlite_path(url: URL) -> Path:
    """The database file of a SQLite URL."""
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database).resolve()


def sqlite_snapshot(url: URL, target: Path) -> None:
    """Copy the live database to ``target`` with SQLite's online backup (consistent while writers run)."""
    source = sqlite3.connect(f"file:{sqlite_path(url)}?mode=ro", uri=True, timeout=30)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination, pages=1024)
    finally:
        destination.close()
        source.close()


def sqlite_check(path: Path) -> str:
    """The Alembic revision of a SQLite file, after an integrity check; BackupError if it is not sound."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The database in this backup is damaged (integrity check failed).")
            return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The database in this backup cannot be read: {exc}.") from exc


def sqlite_replace(url: URL, snapshot: Path) -> None:
    """Replace the live database's content with ``snapshot`` in one step (backup API in reverse)."""
    source = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    live = sqlite3.connect(sqlite_path(url), timeout=30)
    try:
        source.backup(live)  # the destination is rewritten inside one transaction: all or nothing
    finally:
        live.close()
        source.close()


def postgres_binary(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else the newest under /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()])
    if not candidates:
        raise BackupError(f"{name} was not found: install the PostgreSQL client (apt-get install postgresql-client).")
    return candidates[-1]


def libpq_url(url: URL, database: str | None = None) -> str:
    """The URL in the form libpq tools understand (no SQLAlchemy driver name)."""
    url = url.set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{what} failed: {' '.join(detail)}")


def postgres_snapshot(url: URL, target: Path) -> None:
    """pg_dump in custom format: one consistent snapshot (a single repeatable-read transaction)."""
    _run([postgres_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
          "--dbname", libpq_url(url)], "pg_dump")


def postgres_replace(url: URL, dump: Path) -> str:
    """Restore ``dump`` into a new database, check it, then swap it in for the live one; the revision restored.

    Until the swap the live database is untouched; if anything fails before it, the new one is dropped.
    """
    live = url.database
    assert live is not None  # the configured URL names its database
    fresh, old = f"{live}_restore_{uuid.uuid4().hex[:8]}", f"{live}_old_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(libpq_url(url, "postgres"), autocommit=True)
    try:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(fresh)))
        try:
            _run([postgres_binary("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", "--dbname", libpq_url(url, fresh), str(dump)], "pg_restore")
            with psycopg.connect(libpq_url(url, fresh)) as check:
                row = check.execute("SELECT version_num FROM alembic_version").fetchone()
                assert row is not None  # NB: an empty alembic_version escapes the clean-up below, as before
                revision = row[0]
        except BackupError:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(fresh)))
            raise
        except psycopg.Error as exc:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(fresh)))
            raise BackupError(f"The restored database is unusable: {exc}") from exc
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND pid <> pg_backend_pid()", (live,))
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(live), sql.Identifier(old)))
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(fresh), sql.Identifier(live)))
        admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(old)))
        return revision
    finally:
        admin.close()


def database_url(uri: str) -> URL:
    """The configured SQLAlchemy URL, parsed."""
    return make_url(uri)


def same_file_system_temp(folder: Path, stem: str) -> Path:
    """A not-yet-existing path in ``folder`` for a temporary file (renamed into place later)."""
    return folder / f".{stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
