"""backup and restore on the suite's database (SQLite, or PostgreSQL in the second pass), media included."""

from __future__ import annotations

import io
import json
import tarfile
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from showcase.events.models import Rsvp
from showcase.extensions import db
from showcase.storage import media_storage


def _save(key: str, data: bytes) -> None:
    storage = media_storage()
    with storage.temp_file() as temp:
        temp.write_bytes(data)
        storage.save_from_temp(temp, key)


def _names() -> list[str]:
    return list(db.session.scalars(select(Rsvp.contact_name).order_by(Rsvp.id)))


def _media() -> dict[str, bytes]:
    storage = media_storage()
    return {key: storage.path(key).read_bytes() for key in storage.files()}


def test_backup_then_restore_brings_back_the_database_and_the_media(runner, make_event, make_rsvp, tmp_path):
    event = make_event(slug="june")
    make_rsvp(event, contact_name="김하늘")
    make_rsvp(event, contact_name="박바다", adults=2)
    _save("submissions/1/v1/original.mp4", b"video bytes" * 1000)
    _save("submissions/1/v1/poster.jpg", b"\xff\xd8jpeg")
    with media_storage().temp_file() as upload_in_progress:  # an upload still streaming in
        upload_in_progress.write_bytes(b"half an upload")
        target = tmp_path / "backups" / "showcase.tar"
        target.parent.mkdir()
        result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "2 media file(s)" in result.output
    names, media = _names(), _media()

    make_rsvp(event, contact_name="나중가족")                      # life goes on after the backup
    media_storage().delete("submissions/1/v1/poster.jpg")
    _save("submissions/2/v1/original.mp4", b"later")
    db.session.commit()

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert _names() == names == ["김하늘", "박바다"]
    assert _media() == media
    assert not media_storage().temp_files()


def test_backup_refuses_the_instance_folder_and_an_existing_file(runner, app, tmp_path):
    inside = Path(app.instance_path) / "backup.tar"
    result = runner.invoke(args=["backup", str(inside)])
    assert result.exit_code == 1 and "instance folder" in result.output and not inside.exists()
    media = media_storage().root / "b.tar"
    assert "media folder" in runner.invoke(args=["backup", str(media)]).output
    existing = tmp_path / "keep.tar"
    existing.write_bytes(b"yesterday's backup")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code == 1 and "--force" in result.output
    assert existing.read_bytes() == b"yesterday's backup"
    assert runner.invoke(args=["backup", str(existing), "--force"]).exit_code == 0
    assert tarfile.is_tarfile(existing)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no leftovers


def _tar(path: Path, entries: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as archive:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("case", ["not_a_tar", "cut_short", "no_manifest", "other_database", "unsafe_path",
                                  "missing_media", "missing"])
def test_restore_refuses_a_wrong_or_damaged_archive_and_changes_nothing(runner, make_event, make_rsvp, tmp_path,
                                                                        case):
    event = make_event()
    make_rsvp(event, contact_name="그대로")
    _save("keep/me.jpg", b"kept")
    good = tmp_path / "good.tar"
    assert runner.invoke(args=["backup", str(good)]).exit_code == 0
    with tarfile.open(good) as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
    bad = tmp_path / "bad.tar"
    if case == "not_a_tar":
        bad.write_bytes(b"PK\x03\x04 this is a zip, or a photo, or anything")
    elif case == "cut_short":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif case == "no_manifest":
        _tar(bad, {"database.sqlite3": b"x"})
    elif case == "other_database":
        other = "postgresql" if db.engine.dialect.name == "sqlite" else "sqlite"
        _tar(bad, {"manifest.json": json.dumps({**manifest, "database": {**manifest["database"],
                                                                         "dialect": other}}).encode()})
    elif case == "unsafe_path":
        _tar(bad, {"manifest.json": json.dumps(manifest).encode(), "../../escape.txt": b"x"})
    elif case == "missing_media":
        _tar(bad, {"manifest.json": json.dumps(manifest).encode(), manifest["database"]["file"]: b"x"})
    else:
        bad = tmp_path / "nowhere.tar"
    make_rsvp(event, contact_name="새 가족")
    result = runner.invoke(args=["restore", str(bad), "--yes"])
    assert result.exit_code == 1, result.output
    assert "nothing was restored" in result.output.lower() or "not a Showcase backup" in result.output \
        or "no backup file" in result.output
    assert _names() == ["그대로", "새 가족"]
    assert _media() == {"keep/me.jpg": b"kept"}
    assert not (tmp_path.parent / "escape.txt").exists()


def test_a_backup_taken_while_families_rsvp_is_consistent(app, runner, make_event, make_rsvp, tmp_path):
    from showcase.events.households import Household
    from showcase.events.placement import place_rsvp

    event = make_event(capacity=10_000)
    for _ in range(20):
        make_rsvp(event)
    event_id, stop, written = event.id, threading.Event(), []

    def families() -> None:
        n = 0
        with app.app_context():
            while not stop.is_set():
                n += 1
                household = Household(contact_name=f"동시 {n}", phone=f"010-7{n:03d}-{n:04d}", email="",
                                      adults=2, children=1, infants=0, locale="ko")
                place_rsvp(event_id, household)
                written.append(n)
                _save(f"uploads/{n}.bin", b"x" * 2048)
            db.session.remove()

    writer = threading.Thread(target=families)
    writer.start()
    try:
        while len(written) < 5:
            stop.wait(0.01)
        target = tmp_path / "live.tar"
        result = runner.invoke(args=["backup", str(target)])
    finally:
        stop.set()
        writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    during = len(written)
    assert runner.invoke(args=["restore", str(target), "--yes"]).exit_code == 0
    restored = db.session.scalar(select(func.count(Rsvp.id)))
    assert 20 + 5 <= restored <= 20 + during
    seats = db.session.scalar(select(func.sum(Rsvp.seats)))
    assert seats == 20 + 3 * (restored - 20)  # every household whole: no half-written row
