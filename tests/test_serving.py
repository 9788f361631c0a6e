"""The production server as deployed: gunicorn reads gunicorn.conf.py, and each worker settles its heap."""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from pathlib import Path

import pytest

from showcase.serving import settle_heap
from tests.test_security import GOOD_KEY, REPO


def test_settling_freezes_what_is_alive_and_collects_what_is_not():
    class Cycle:
        pass

    garbage = Cycle()
    garbage.self = garbage  # only the cycle collector can free it
    alive = weakref.ref(garbage)
    del garbage
    try:
        frozen = settle_heap()
        assert frozen == gc.get_freeze_count() > 1000
        assert alive() is None  # the garbage went before the freeze (a frozen cycle would live for good)
    finally:
        gc.unfreeze()  # the rest of the test session keeps its ordinary collector


@pytest.mark.slow
def test_each_gunicorn_worker_settles_its_heap_once_the_app_is_loaded(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOWCASE_")}
    env.update(SHOWCASE_INSTANCE_PATH=str(tmp_path), SHOWCASE_SECRET_KEY=GOOD_KEY, SHOWCASE_BIND=f"127.0.0.1:{port}",
               SHOWCASE_BASE_URL=f"http://127.0.0.1:{port}", WEB_CONCURRENCY="2")
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as output:
        server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn"))], cwd=REPO, env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while log.read_text().count("heap settled") < 2 and time.monotonic() < deadline:
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                assert response.status == 200
        finally:
            server.terminate()
            server.wait(timeout=30)
    settled = [line for line in log.read_text().splitlines() if "heap settled" in line]
    assert len(settled) == 2, log.read_text()  # one line per worker, after it loaded the app
    assert all(int(line.split("heap settled: ")[1].split()[0]) > 50_000 for line in settled)
