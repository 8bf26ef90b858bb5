"""PDF reader benchmark: pages/s on one core and on all cores, and a 500-page file's time and memory.

Why: issue #3 sets a floor of 20 PDF pages/s per core and asks that a 500-page file finish in
bounded time and memory.  The corpus is built from the committed fixtures (LibreOffice renderings
of the standard form) by copying pages with pypdfium2, so the bench needs no LibreOffice.  Copies
made this way carry their own copy of the fonts on every page, which makes pdfminer parse the font
again per page: a little slower than a real export, so the figures err on the safe side.

    python bench/bench_pdf.py                 # writes bench/results-pdf.md
    python bench/bench_pdf.py --files 40 --pages 10
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "fixtures" / "pdf"
SOURCES = ["one_page.pdf", "page_break.pdf", "two_forms.pdf"]  # 6 text pages of form tables
SEEDS = ROOT / "tests" / "data" / "fixtures" / "pdf-seeds"  # whole exports of the seed forms
RESULTS = Path(__file__).resolve().parent / "results-pdf.md"


def make_file(path: Path, pages: int, offset: int = 0) -> None:
    """A PDF of ``pages`` form pages, cycling through the fixture pages."""
    sources = [pdfium.PdfDocument(FIXTURES / name) for name in SOURCES]
    slots = [(doc, i) for doc in sources for i in range(len(doc))]
    out = pdfium.PdfDocument.new()
    for k in range(pages):
        doc, i = slots[(offset + k) % len(slots)]
        out.import_pages(doc, [i])
    out.save(path)
    out.close()
    for doc in sources:
        doc.close()


def read_one(path: str) -> tuple[int, float]:
    """Read one file: pages read and the CPU seconds this process spent on it."""
    from jixiao.readers.pdf import read_pdf

    start = time.process_time()
    doc = read_pdf(Path(path).read_bytes(), path)
    return len({g.origin.page for g in doc.grids}), time.process_time() - start


def _warm() -> None:
    read_one(str(FIXTURES / "one_page.pdf"))  # imports and first-call set-up, not measured


def one_core(paths: list[Path]) -> tuple[int, float, float]:
    """Pages, wall seconds and CPU seconds of reading the files one after another."""
    _warm()
    start = time.perf_counter()
    done = [read_one(str(p)) for p in paths]
    wall = time.perf_counter() - start
    return sum(n for n, _ in done), wall, sum(c for _, c in done)


def all_cores(paths: list[Path], workers: int) -> tuple[int, float, float]:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_warm_task, range(workers)))
        start = time.perf_counter()
        done = list(pool.map(read_one, [str(p) for p in paths], chunksize=1))
        wall = time.perf_counter() - start
    return sum(n for n, _ in done), wall, sum(c for _, c in done)


def _warm_task(_: int) -> None:
    _warm()


def real_exports() -> tuple[int, float, float]:
    """The seed forms as LibreOffice exported them (fonts shared by pages): best of three runs."""
    paths = sorted(SEEDS.glob("*.pdf"))
    _warm()
    best: tuple[int, float, float] | None = None
    for _ in range(3):
        start = time.perf_counter()
        done = [read_one(str(p)) for p in paths]
        run = (sum(n for n, _ in done), time.perf_counter() - start, sum(c for _, c in done))
        best = run if best is None or run[2] < best[2] else best
    assert best is not None
    return best


def big_file(path: Path) -> tuple[int, float, float, float]:
    """Pages, wall and CPU seconds, and peak RSS (MB) of reading one file in a fresh process."""
    code = (
        "import resource, sys, time\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from bench_pdf import read_one\n"
        "t = time.perf_counter(); n, cpu = read_one(sys.argv[1]); dt = time.perf_counter() - t\n"
        "print(n, dt, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--pages", type=int, default=10, help="pages per file")
    parser.add_argument("--big", type=int, default=500, help="pages of the single large file")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i in range(args.files):
            path = folder / f"{i:04d}.pdf"
            make_file(path, args.pages, offset=i)
            paths.append(path)
        one = one_core(paths)
        pool = all_cores(paths, workers)
        small = folder / "small.pdf"
        make_file(small, 50)
        big = folder / "big.pdf"
        make_file(big, args.big)
        s_pages, s_wall, s_cpu, s_rss = big_file(small)
        b_pages, b_wall, b_cpu, b_rss = big_file(big)
    load = os.getloadavg()[0]
    rows = [
        ("one core", *one),
        *(
            [("seed exports (pdf-seeds/, fonts shared), one core", *real_exports())]
            if SEEDS.is_dir()
            else []
        ),
        (f"{workers} cores (process pool over files)", *pool),
        ("one 50-page file, fresh process", s_pages, s_wall, s_cpu),
        (f"one {args.big}-page file, fresh process", b_pages, b_wall, b_cpu),
    ]
    lines = [
        "# PDF reader benchmark",
        "",
        f"`python bench/bench_pdf.py --files {args.files} --pages {args.pages} --big {args.big}` on "
        f"{platform.platform()}, Python {platform.python_version()}, {workers} cores, "
        f"load average {load:.1f} at the end.",
        "Corpus: copies of the 6 text pages of the committed LibreOffice fixtures (ruled form tables,",
        "merged cells, CJK subset fonts), each copy with its own fonts (pessimistic for pdfminer).",
        "Pages per CPU second is the per-core rate whatever else the machine is doing; wall-clock",
        "pages/s also depends on the load from other processes.",
        "",
        "| run | pages | wall s | pages/s (wall) | CPU s | pages per CPU s |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {name} | {n} | {wall:.2f} | {n / wall:.1f} | {cpu:.2f} | {n / cpu:.1f} |"
            for name, n, wall, cpu in rows
        ),
        "",
        f"Peak RSS (whole process incl. imports): 50-page file {s_rss:.0f} MB, "
        f"{args.big}-page file {b_rss:.0f} MB.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
