"""The media storage interface: atomic save from a temporary file, keys that cannot escape the folder."""

from __future__ import annotations

import pytest

from showcase.storage import MediaStorage


def test_save_open_delete_and_no_leftovers(tmp_path):
    storage = MediaStorage(tmp_path / "media")
    with storage.temp_file(".jpg") as temp:
        temp.write_bytes(b"poster")
        storage.save_from_temp(temp, "posters/1/poster.jpg")
    assert storage.temp_files() == [] and storage.files() == ["posters/1/poster.jpg"]
    with storage.open("posters/1/poster.jpg") as handle:
        assert handle.read() == b"poster"
    with storage.temp_file() as temp:
        temp.write_bytes(b"half")                 # never saved: gone when the block ends
    assert storage.temp_files() == []
    storage.delete("posters/1/poster.jpg")
    assert storage.files() == [] and not (tmp_path / "media" / "posters").exists()


@pytest.mark.parametrize("key", ["../escape.mp4", "/etc/passwd", "a/../../b", "a//b", "", "a/.hidden", "a\\b"])
def test_keys_that_could_escape_are_refused(tmp_path, key):
    with pytest.raises(ValueError):
        MediaStorage(tmp_path).path(key)
