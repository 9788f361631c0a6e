"""One storage interface for uploaded media (videos, posters): a local folder by default.

Files are addressed by a *key*, a relative POSIX path chosen by the app (never by a user),
e.g. ``submissions/12/v3/original.mp4``. New files are first written to a temporary file on
the same file system (``temp_file``) and then moved into place atomically (``save_from_temp``),
so a reader never sees half a file. The folder is config ``MEDIA_DIR``, default
``<instance>/media``; on several machines it is a shared mount (or a later object-store class
with the same methods).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TypeGuard

from flask import current_app

_KEY = re.compile(r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?(?:/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)?)*$")
TEMP_DIR = ".tmp"


class MediaStorage:
    """Media files in a local folder, addressed by app-chosen keys."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).resolve()

    def path(self, key: str) -> Path:
        """The file behind ``key`` (for range serving with send_file); refuses odd keys."""
        if not _KEY.match(key) or ".." in key:
            raise ValueError(f"not a media key: {key!r}")
        return self.root / key

    @contextmanager
    def temp_file(self, suffix: str = "") -> Iterator[Path]:
        """A fresh temporary file next to the media (same file system); removed unless saved."""
        folder = self.root / TEMP_DIR
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, suffix=suffix)
        os.close(handle)
        path = Path(name)
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)

    def save_from_temp(self, temp_path: str | os.PathLike[str], key: str) -> None:
        """Move a finished temporary file into place under ``key`` (atomic rename)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp_path, target)

    def open(self, key: str) -> BinaryIO:
        """Open the file under ``key`` for reading."""
        return open(self.path(key), "rb")

    def exists(self, key: str | None) -> TypeGuard[str]:
        """Whether a file is stored under ``key``."""
        return bool(key) and self.path(key).is_file()  # type: ignore[arg-type]

    def size(self, key: str) -> int:
        """The stored file's size in bytes."""
        return self.path(key).stat().st_size

    def delete(self, key: str | None) -> None:
        """Remove the file under ``key`` if it exists, and folders left empty by it."""
        if not key:
            return
        target = self.path(key)
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != self.root and parent.is_relative_to(self.root):
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def delete_prefix(self, prefix: str) -> None:
        """Remove every file under the folder ``prefix`` (e.g. one submission's old version)."""
        folder = self.path(prefix)
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        folder.rmdir()
        parent = folder.parent
        while parent != self.root and parent.is_relative_to(self.root):
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def files(self) -> list[str]:
        """Every stored key (temporary files excluded); used by checks and tests."""
        if not self.root.is_dir():
            return []
        return sorted(str(p.relative_to(self.root).as_posix()) for p in self.root.rglob("*")
                      if p.is_file() and not p.relative_to(self.root).as_posix().startswith(TEMP_DIR + "/"))

    def sweep_temp_files(self, older_than: float) -> int:
        """Remove temporary files untouched for ``older_than`` seconds; how many.

        What a stopped server's half upload or a killed worker's partial output leaves behind: a
        live upload or job writes to its file all the time, so its modification time stays fresh.
        """
        cutoff = time.time() - older_than
        removed = 0
        for path in self.temp_files():
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # its owner finished with it meanwhile
                continue
        return removed

    def temp_files(self) -> list[Path]:
        """Temporary files still present (a finished upload or job leaves none)."""
        folder = self.root / TEMP_DIR
        return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def media_storage() -> MediaStorage:
    """The app's media storage (config MEDIA_DIR, default <instance>/media)."""
    root = current_app.config.get("MEDIA_DIR") or os.path.join(current_app.instance_path, "media")
    return MediaStorage(root)
