"""How long the printed program takes to build: the A5 booklet imposed on A4, with six posters.

    python benchmarks/program.py              # cold and warm build times
    python benchmarks/program.py --save DIR   # also writes every layout × language as PDFs to DIR

The target is at most 2 s for a warm booklet build (fonts and templates already loaded).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_posters(folder: Path) -> list[Path]:
    """Six vertical JPEG poster frames (360×640), as the submissions domain makes them."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    colours = ["#e8613c", "#2a9d8f", "#f4b942", "#1f2a44", "#b56576", "#6d597a"]
    paths = []
    for n, colour in enumerate(colours, start=1):
        image = Image.new("RGB", (360, 640), colour)
        draw = ImageDraw.Draw(image)
        draw.ellipse((60, 180, 300, 420), fill="#fff6ea")
        draw.rectangle((40, 470, 320, 500), fill="#ffffff")
        path = folder / f"poster-{n}.jpg"
        image.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="warm builds to time")
    parser.add_argument("--save", type=Path, help="write every layout and language to this folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="program-bench-"))
    os.environ["SHOWCASE_INSTANCE_PATH"] = str(workdir)
    from flask_migrate import upgrade

    from showcase import create_app
    from showcase.events.demo import seed_demo_event
    from showcase.program import demo
    from showcase.program.finalists import Finalist
    from showcase.program.rendering import build_program_pdf

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}", "TESTING": False,
                      "SECRET_KEY": "benchmark", "JOBS_BACKEND": "immediate"})
    with app.app_context():
        upgrade()
        event, _created = seed_demo_event()
        demo.seed(event)
        titles = [("햇살 가득 우리 동네 놀이터", "Sunny Playground Days"), ("아빠랑 같이 만든 김밥", "Gimbap with Dad"),
                  ("공동육아 일곱 달의 기록", "Seven Months Together"), ("바다 소풍 가는 날", "A Picnic by the Sea"),
                  ("우리 아이 첫 합창", "Our Children’s First Song"), ("함께라서 든든해요", "Stronger Together")]
        finalists = [Finalist(n, ko, en, f"해운대구 햇살 공동육아 {n}팀", poster)
                     for n, ((ko, en), poster) in enumerate(zip(titles, make_posters(workdir / "posters"), strict=True), 1)]

        started = time.perf_counter()
        pdf = build_program_pdf(event, "booklet", "ko", finalists)
        cold = time.perf_counter() - started
        warm = []
        for _ in range(args.runs):
            started = time.perf_counter()
            build_program_pdf(event, "booklet", "ko", finalists)
            warm.append(time.perf_counter() - started)
        both = []
        for _ in range(max(1, args.runs // 2)):
            started = time.perf_counter()
            build_program_pdf(event, "booklet", "both", finalists)
            both.append(time.perf_counter() - started)

        print("program booklet (A5 imposed on A4, six 360x640 JPEG posters, Korean)")
        print(f"  size                 {len(pdf) / 1024:.0f} KB")
        print(f"  cold build           {cold:.2f} s   (first build in the process: fonts, templates)")
        print(f"  warm build  median   {statistics.median(warm):.2f} s   min {min(warm):.2f} s   "
              f"max {max(warm):.2f} s   ({args.runs} runs)")
        print(f"  warm build  both     {statistics.median(both):.2f} s   (Korean and English side by side)")
        print(f"  target               <= 2.00 s warm -> {'met' if statistics.median(warm) <= 2.0 else 'MISSED'}")

        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            for layout in ("a5", "booklet", "a4"):
                for language in ("ko", "en", "both"):
                    (args.save / f"{layout}-{language}.pdf").write_bytes(
                        build_program_pdf(event, layout, language, finalists))
            (args.save / "a5-ko-draft.pdf").write_bytes(build_program_pdf(event, "a5", "ko", None))
            print(f"  saved PDFs in        {args.save}")


if __name__ == "__main__":
    main()
