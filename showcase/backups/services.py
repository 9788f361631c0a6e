"""Taking a backup (database snapshot first, then the media) and restoring one without ever half-restoring."""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from flask import current_app

from ..database import end_reads, utcnow
from ..extensions import db
from ..storage import TEMP_DIR, media_storage
from .databases import (
    BackupError,
    database_url,
    postgres_replace,
    postgres_snapshot,
    sqlite_check,
    sqlite_replace,
    sqlite_snapshot,
)

FORMAT = "showcase-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class BackupReport:
    """What went into (or came out of) a backup."""

    path: Path
    dialect: str
    revision: str
    media_files: int
    media_bytes: int
    created_at: datetime


def _dialect() -> str:
    name = db.engine.dialect.name
    if name not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _check_target(path: Path, force: bool) -> Path:
    path = path.expanduser().resolve()
    instance = Path(current_app.instance_path).resolve()
    media = media_storage().root
    for folder, name in ((media, "the media folder"), (instance, "the instance folder")):
        if path == folder or path.is_relative_to(folder):
            raise BackupError(f"Refusing to write the backup into {name} ({folder}): a backup must live elsewhere, "
                              "or it would be restored into itself and lost with the disk it protects.")
    if path.is_dir():
        raise BackupError(f"{path} is a folder: give a file name, e.g. {path / 'showcase-backup.tar'}.")
    if path.exists() and not force:
        raise BackupError(f"{path} already exists: choose another name, or pass --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    return path


def _media_files() -> list[tuple[str, Path]]:
    storage = media_storage()
    if not storage.root.is_dir():
        return []
    return [(key, storage.path(key)) for key in storage.files() if not key.startswith(TEMP_DIR + "/")]


def backup(path: Path, *, force: bool = False) -> BackupReport:
    """Write a tar of a database snapshot and the media to ``path`` (written aside, then renamed into place)."""
    path = _check_target(path, force)
    dialect = _dialect()
    url = database_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    created = utcnow()
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".showcase-backup-") as work:
        snapshot = Path(work) / DATABASE_FILES[dialect]
        # the database first: media files are written before the rows that name them, so every
        # file the snapshot refers to is already on disk when the media are read just after
        if dialect == "sqlite":
            sqlite_snapshot(url, snapshot)
            revision = sqlite_check(snapshot)
        else:
            postgres_snapshot(url, snapshot)
            revision = db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar_one()
            end_reads()  # only read: not left idle in a transaction while the media are copied
        partial = Path(work) / "backup.tar"
        count = size = 0
        with tarfile.open(partial, "w") as archive:
            archive.add(snapshot, arcname=snapshot.name)
            for key, file in _media_files():
                try:
                    archive.add(file, arcname=f"media/{key}", recursive=False)
                except FileNotFoundError:
                    continue  # deleted while we read (a replaced upload): the snapshot no longer names it
                count += 1
                size += archive.getmember(f"media/{key}").size
            manifest = {"format": FORMAT, "version": VERSION, "created_at": created.isoformat(),
                        "database": {"dialect": dialect, "file": snapshot.name, "revision": revision},
                        "media": {"files": count, "bytes": size}}
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        os.replace(partial, path)
    return BackupReport(path, dialect, revision, count, size, created)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(utcnow().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _read_manifest(archive: tarfile.TarFile, path: Path) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())  # type: ignore[union-attr]
    except (KeyError, ValueError, AttributeError) as exc:
        raise BackupError(f"{path} is not a Showcase backup (no readable {MANIFEST}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Showcase backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{path} is a backup of format version {manifest.get('version')}; "
                          f"this version of Showcase reads version {VERSION}.")
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The backup holds an unsafe entry ({member.name!r}); nothing was restored.")
    return members


def restore(path: Path) -> BackupReport:
    """Bring back a backup: everything is unpacked and checked aside first, then swapped in."""
    path = path.expanduser().resolve()
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    dialect = _dialect()
    url = database_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    media_root = media_storage().root
    media_root.parent.mkdir(parents=True, exist_ok=True)
    try:
        archive = tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path} is not a Showcase backup (not a readable tar file).") from exc
    with archive, tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".showcase-restore-") as work:
        try:
            manifest = _read_manifest(archive, path)
            members = _safe_members(archive)
            if manifest["database"]["dialect"] != dialect:
                raise BackupError(f"This backup is of a {manifest['database']['dialect']} database; the app now runs "
                                  f"on {dialect}. Nothing was restored.")
            archive.extractall(work, members=members, filter="data")
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise BackupError(f"{path} is damaged or cut short ({exc}); nothing was restored.") from exc
        snapshot = Path(work) / manifest["database"]["file"]
        media = Path(work) / "media"
        files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
        if not snapshot.is_file() or len(files) != manifest["media"]["files"]:
            raise BackupError(f"{path} is incomplete (database or media files missing); nothing was restored.")
        if dialect == "sqlite":
            revision = sqlite_check(snapshot)
        db.session.remove()
        db.engine.dispose()
        if dialect == "sqlite":
            sqlite_replace(url, snapshot)
        else:
            revision = postgres_replace(url, snapshot)
        db.engine.dispose()
        _swap_media(media if media.is_dir() else None, media_root, Path(work))
    return BackupReport(path, dialect, revision, len(files), manifest["media"]["bytes"],
                        datetime.fromisoformat(manifest["created_at"]))


def _swap_media(restored: Path | None, root: Path, work: Path) -> None:
    """Put the restored media folder in place of the live one (renames on one file system)."""
    if restored is None:
        restored = work / "media"
        restored.mkdir()
    if root.exists():
        os.replace(root, work / "media-replaced")  # removed with the work folder
    os.replace(restored, root)
    shutil.rmtree(work / "media-replaced", ignore_errors=True)
