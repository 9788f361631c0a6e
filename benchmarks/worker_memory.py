"""Peak memory of the video worker on the hostile-upload corpus (target: under 300 MB).

Each file goes through what an upload and its job do — probe_video, then transcode — in a fresh
process, and that process's peak resident memory (VmHWM) is printed with the outcome. For
reference the size-switching WebM is also decoded with plain PyAV (no max_pixels, automatic
threads): the unbounded decode the worker used to do.

    python benchmarks/worker_memory.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.submissions.media import (  # noqa: E402
    make_high_frame_rate_clip,
    make_size_switching_webm,
    make_video,
    truncate,
)

LIMIT_MB = 300

CHILD = r"""
import json, sys, time
from pathlib import Path
mode, source, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
started = time.monotonic()
if mode == "plain":
    import av
    with av.open(str(source)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        sizes = set()
        try:
            for frame in container.decode(stream):
                sizes.add((frame.width, frame.height))
            outcome = "decoded " + ", ".join(f"{w}x{h}" for w, h in sorted(sizes))
        except Exception as exc:
            outcome = f"error {type(exc).__name__}"
else:
    from showcase.submissions.probe import probe_video
    from showcase.submissions.processing import DamagedVideo, transcode
    from showcase.submissions.refusals import InvalidVideo
    try:
        info = probe_video(source, 60)
        transcode(source, out / "video.mp4", out / "poster.jpg", rotation=info.rotation,
                  display_size=(info.width, info.height), duration=info.duration)
        outcome = "ready"
    except InvalidVideo as exc:
        outcome = f"refused at upload: {exc.code}"
    except DamagedVideo as exc:
        outcome = f"failed in the job: {exc.code}"
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent across exec
hwm_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "peak_mb": hwm_kb / 1024,
                  "seconds": time.monotonic() - started}))
"""


def corpus(folder: Path) -> dict[str, Path]:
    """The hostile files and one honest phone video for comparison."""
    files = {
        "honest 1080x1920 20 s": make_video(folder / "honest.mp4", width=1080, height=1920, seconds=20, fps=30),
        "size switch 320x568 -> 10000x10000": make_size_switching_webm(folder / "switch.webm"),
        "1000 fps, 60 s": make_high_frame_rate_clip(folder / "thousand.mp4"),
        "header 4160x128": make_video(folder / "absurd.mp4", width=4160, height=128, seconds=1, fps=2, audio=False),
        "10 minutes": make_video(folder / "ten.mp4", width=128, height=224, seconds=600, fps=2, audio=False),
    }
    files["truncated webm"] = truncate(make_video(folder / "w4.webm", container="webm", seconds=4), folder / "cut.webm")
    return files


def measure(mode: str, source: Path, scratch: Path) -> dict:
    """Run one file in a fresh process; its outcome, peak memory and time."""
    result = subprocess.run([sys.executable, "-c", CHILD, mode, str(source), str(scratch)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="make the corpus in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        files = corpus(folder)
        print(f"corpus made in {time.monotonic() - started:.0f} s")
        peak = 0.0
        print(f"{'file':<38} {'peak MB':>8} {'s':>6}  outcome")
        for name, path in files.items():
            figures = measure("worker", path, folder)
            peak = max(peak, figures["peak_mb"])
            print(f"{name:<38} {figures['peak_mb']:>8.0f} {figures['seconds']:>6.1f}  {figures['outcome']}")
        reference = measure("plain", files["size switch 320x568 -> 10000x10000"], folder)
        print(f"{'(reference) plain PyAV decode, switch':<38} {reference['peak_mb']:>8.0f} "
              f"{reference['seconds']:>6.1f}  {reference['outcome']}")
        print(f"worker peak on the corpus: {peak:.0f} MB (limit {LIMIT_MB} MB: "
              f"{'within' if peak < LIMIT_MB else 'OVER'}); ratio to the limit {peak / LIMIT_MB:.2f}")


if __name__ == "__main__":
    main()
