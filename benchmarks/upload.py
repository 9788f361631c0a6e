"""Video upload and transcoding figures.

1. Upload: a 300 MB video streamed over loopback to the app under gunicorn (one sync worker, as in
   production). Prints the worker's peak memory growth (target: under 64 MB — the body streams to a
   temporary file) and the throughput.
2. Transcoding: a 60-second 1080×1920 clip (with sound) through the real processing code. Prints
   the time and its ratio to the clip's length (target: at most 0.5 on this 2-core machine).

    python benchmarks/upload.py [--size-mb 300] [--seconds 60] [--skip-upload] [--skip-transcode]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent

from tests.submissions.media import make_video, pad_mp4  # noqa: E402

SETUP = """
from datetime import UTC, datetime, timedelta
from showcase import create_app
from showcase.events.models import Community, Event
from showcase.extensions import db
from showcase.submissions.links import issue_link
app = create_app()
with app.app_context():
    now = datetime.now(UTC)
    event = Event(slug="bench", title_ko="벤치", starts_at=now + timedelta(days=30), capacity=150)
    db.session.add(event); db.session.flush()
    team = Community(event_id=event.id, name="벤치 팀", households=5)
    db.session.add(team); db.session.commit()
    print(issue_link(team))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found for {pid}")


def _worker_pid(master: int) -> int:
    deadline = time.time() + 20
    while time.time() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn worker did not start")


def _wait_http(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not answer")


def bench_upload(size_mb: int, workdir: Path) -> None:
    """Stream a size_mb file to the upload endpoint; print memory growth and throughput."""
    instance = workdir / "instance"
    port = _free_port()
    env = dict(os.environ, SHOWCASE_INSTANCE_PATH=str(instance), SHOWCASE_BASE_URL=f"http://127.0.0.1:{port}",
               SHOWCASE_RATELIMIT_ENABLED="false", SHOWCASE_JOBS_BACKEND='"sqlite"',
               SHOWCASE_SECRET_KEY="benchmark-secret-key-0123456789abcdef-0123456789")  # gunicorn.conf.py: production
    env.pop("SHOWCASE_DATABASE_URL", None)
    subprocess.run([str(VENV_BIN / "flask"), "--app", "showcase", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    url = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    video = pad_mp4(make_video(workdir / "clip.mp4", width=360, height=640, seconds=5, fps=15),
                    workdir / "big.mp4", size_mb * 1024 * 1024)
    size = video.stat().st_size
    server = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-w", "1", "-k", "sync", "--timeout", "600",
                               "-b", f"127.0.0.1:{port}", "showcase:create_app()"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_http(port)
        worker = _worker_pid(server.pid)
        path = urlsplit(url).path
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", path)
        conn.getresponse().read()               # warm up: templates, models, PyAV loaded
        baseline = _rss_kb(worker)
        Path(f"/proc/{worker}/clear_refs").write_text("5")   # reset the kernel's peak-RSS mark
        peak = [baseline]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _rss_kb(worker))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        headers = {"Content-Type": "video/mp4", "Content-Length": str(size), "Accept": "application/json",
                   "X-Upload-Details": quote(json.dumps({"title_ko": "벤치마크", "consent": True})),
                   "X-Upload-Filename": quote("big.mp4")}
        started = time.perf_counter()
        conn.putrequest("POST", path + "/video")
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        with open(video, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                conn.send(chunk)
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        peak_kb = max(peak[0], _rss_kb(worker, "VmHWM"))
        if response.status != 201:
            raise SystemExit(f"upload refused: {response.status} {body[:300]!r}")
        print(f"upload: {size / 1024 / 1024:.0f} MB in {elapsed:.2f} s = {size / 1024 / 1024 / elapsed:.0f} MB/s "
              f"on loopback (gunicorn, 1 sync worker, SQLite, media on local disk)")
        print(f"upload: worker RSS {baseline / 1024:.1f} MB before, peak {peak_kb / 1024:.1f} MB "
              f"-> growth {(peak_kb - baseline) / 1024:.1f} MB (target < 64 MB)")
    finally:
        server.terminate()
        server.wait(timeout=20)


def bench_transcode(seconds: int, workdir: Path) -> None:
    """Make a 1080×1920 clip of ``seconds`` and time the real processing (decode, poster, H.264 copy)."""
    import av

    from showcase.submissions.probe import probe_video
    from showcase.submissions.processing import X264_OPTIONS, transcode

    source = workdir / "phone-1080x1920.mp4"
    started = time.perf_counter()
    # A phone-like clip: moving test pattern with light sensor noise, H.264 High profile capped at
    # 16 Mbit/s (what phones record 1080p30 at), and AAC sound.
    spec = f"testsrc2=size=1080x1920:rate=30:duration={seconds},noise=alls=3:allf=t"
    with av.open(str(source), "w") as out:
        video = out.add_stream("libx264", rate=30, options={"preset": "superfast", "crf": "21", "maxrate": "16M",
                                                            "bufsize": "32M"})
        video.width, video.height, video.pix_fmt = 1080, 1920, "yuv420p"
        audio = out.add_stream("aac", rate=48000, layout="stereo")
        with av.open(spec, format="lavfi") as src:
            for frame in src.decode(video=0):
                for packet in video.encode(frame.reformat(format="yuv420p")):
                    out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        with av.open(f"sine=frequency=440:sample_rate=48000:duration={seconds}", format="lavfi") as src:
            for frame in src.decode(audio=0):
                frame.pts = None
                for packet in audio.encode(frame):
                    out.mux(packet)
        for packet in audio.encode(None):
            out.mux(packet)
    made = time.perf_counter() - started
    info = probe_video(source, seconds + 1)
    print(f"transcode: source {info.width}x{info.height}, {info.duration:.1f} s, "
          f"{source.stat().st_size / 1024 / 1024:.0f} MB, {source.stat().st_size * 8 / info.duration / 1e6:.1f} Mbit/s "
          f"(made in {made:.1f} s); load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    result = transcode(source, workdir / "copy.mp4", workdir / "poster.jpg", rotation=info.rotation,
                       display_size=(info.width, info.height), duration=info.duration)
    elapsed = time.perf_counter() - started
    print(f"transcode: {result.frames} frames to {result.width}x{result.height} H.264/AAC "
          f"(x264 {X264_OPTIONS['preset']}, crf {X264_OPTIONS['crf']}) in {elapsed:.1f} s on {os.cpu_count()} cores; "
          f"ratio {elapsed / info.duration:.2f} of the clip's length (target <= 0.50); "
          f"copy {(workdir / 'copy.mp4').stat().st_size / 1024 / 1024:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--skip-transcode", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="showcase-bench-upload."))
    try:
        if not args.skip_upload:
            bench_upload(args.size_mb, workdir)
        if not args.skip_transcode:
            bench_transcode(args.seconds, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
