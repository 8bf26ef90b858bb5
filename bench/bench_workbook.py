"""Workbook backend speed: sheets per second on one core and on all cores (process pool).

Why: batches of agency workbooks run to thousands of sheets; the goal is >= 200 sheets/s per
core for the backend (read_xlsx: zip guard + calamine + the style/hidden-row scan).  The corpus is
the seed forms written in the standard layout (``jixiao.render.xlsx``), one form per sheet, so
it has the merges and number formats of real forms.  ``--parse`` also times the whole pipeline
(backend + recognizer) for comparison.  With LibreOffice installed, ``--xls`` adds legacy .xls.

    python bench/bench_workbook.py                # writes bench/results-workbook.md
    python bench/bench_workbook.py --books 20 --parse --xls
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jixiao.model.form import Form
from jixiao.render.xlsx import write_form_xlsx

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
RESULTS = Path(__file__).resolve().parent / "results-workbook.md"


def seed_forms() -> list[Form]:
    forms: list[Form] = []
    for path in sorted(EXPECTED.glob("*.json")):
        forms += [Form.model_validate(f) for f in json.loads(path.read_text(encoding="utf-8"))]
    return forms


def make_corpus(folder: Path, books: int, xls: bool) -> tuple[list[Path], int]:
    """``books`` workbooks of all seed forms (one per sheet); the sheet count."""
    forms = seed_forms()
    master = folder / "master.xlsx"
    write_form_xlsx(forms, master)
    paths = []
    for i in range(books):
        path = folder / f"book{i:04d}.xlsx"
        shutil.copy(master, path)
        paths.append(path)
    if xls:
        exe = shutil.which("soffice")
        if exe:
            with tempfile.TemporaryDirectory() as profile:
                subprocess.run(
                    [exe, f"-env:UserInstallation=file://{profile}", "--headless",
                     "--convert-to", "xls", "--outdir", str(folder), str(master)],
                    check=True, capture_output=True, timeout=300,
                )  # fmt: skip
            for i in range(books):
                shutil.copy(folder / "master.xls", folder / f"book{i:04d}.xls")
    return paths, len(forms)


def read_backend(path: str) -> int:
    from jixiao.readers.workbook import read_xls, read_xlsx

    reader = read_xls if path.endswith(".xls") else read_xlsx
    doc = reader(Path(path).read_bytes(), path)
    return len(doc.grids)


def read_parse(path: str) -> int:
    import jixiao

    return sum(len(r.forms) for r in jixiao.parse([path]))


def timed(fn: Callable[[str], int], paths: list[str], workers: int) -> tuple[float, int]:
    fn(paths[0])  # warm imports (and the pool's) outside the clock
    start = time.perf_counter()
    if workers == 1:
        count = sum(fn(p) for p in paths)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(fn, paths[:workers]))  # start the workers before the clock
            start = time.perf_counter()
            count = sum(pool.map(fn, paths, chunksize=max(1, len(paths) // (workers * 8))))
    return time.perf_counter() - start, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--books", type=int, default=40, help="workbooks of 16 sheets each")
    parser.add_argument("--parse", action="store_true", help="also time backend + recognizer")
    parser.add_argument("--xls", action="store_true", help="also time legacy .xls")
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        xlsx_paths, per_book = make_corpus(Path(tmp), args.books, args.xls)
        size = xlsx_paths[0].stat().st_size
        corpora = [("xlsx", [str(p) for p in xlsx_paths])]
        if args.xls and (Path(tmp) / "master.xls").exists():
            corpora.append(("xls", [str(p.with_suffix(".xls")) for p in xlsx_paths]))
        jobs: list[tuple[str, Callable[[str], int]]] = [("backend", read_backend)]
        if args.parse:
            jobs.append(("backend + recognizer", read_parse))
        for fmt, paths in corpora:
            for what, fn in jobs:
                for workers in (1, cores):
                    seconds, units = timed(fn, paths, workers)  # grids / forms read
                    line = (
                        f"| {fmt} | {what} | {workers} | {units} | {seconds:.2f} | "
                        f"{units / seconds:.0f} | {units / seconds / workers:.0f} |"
                    )
                    print(line, flush=True)
                    rows.append(line)
    report = [
        "# Workbook backend benchmark",
        "",
        f"`python bench/bench_workbook.py {' '.join(sys.argv[1:])}`".replace("  ", " "),
        "",
        f"Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}. "
        f"Corpus: {len(xlsx_paths)} workbooks x {per_book} sheets (the seed forms in the "
        f"standard layout, {size // 1024} KB per workbook).  Goal: >= 200 sheets/s per core "
        "for the backend.",
        "",
        f"Load average when the run started: {load:.1f} (other work on the machine slows "
        "the all-cores rows first).  The pool is warmed before the clock starts.",
        "",
        "| format | what | processes | sheets | seconds | sheets/s | sheets/s per process |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    if not args.no_write:
        RESULTS.write_text("\n".join(report), encoding="utf-8")
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
