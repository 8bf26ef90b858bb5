"""Ingest throughput: forms/s into a fresh SQLite store at 1k, 10k and 100k forms (and PostgreSQL
when ``JIXIAO_TEST_PG_URL`` is set), with the main process's peak memory.

Why: ``jixiao ingest`` is how archives enter the store; the question is how much the store costs
on top of reading, scoring and auditing.  Each size is generated with bench/generate.py (its own
temporary folder), then ingested with the worker pool exactly as the command does, timing the
whole run (wall) and, separately, the time spent writing to the database (the main process's
share: one transaction per document).  A second run over the same files is timed too: it must add
nothing, and it shows what a resumed run costs.  Results go to bench/results-ingest.md.

    python bench/bench_ingest.py                       # 1k, 10k and 100k forms, SQLite
    JIXIAO_TEST_PG_URL=postgresql+psycopg://... python bench/bench_ingest.py --forms 1000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


from generate import generate
from jixiao.store.db import display_url, drop_store, open_store
from jixiao.store.ingest import _results, ingest
from jixiao.store.write import counts, write_document

RESULTS = Path(__file__).resolve().parent / "results-ingest.md"


def rss_mib() -> float:
    """The main process's resident memory now (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(url: str, docs: Path, workers: int) -> dict[str, float]:
    engine = open_store(url)
    files = sorted(str(p) for p in docs.iterdir())
    write_s, forms, t0, peak = 0.0, 0, time.perf_counter(), rss_mib()
    for i, rec in enumerate(_results(files, workers)):
        w0 = time.perf_counter()
        forms += write_document(engine, rec).forms
        write_s += time.perf_counter() - w0
        if i % 50 == 0:
            peak = max(peak, rss_mib())
    wall = time.perf_counter() - t0
    r0 = time.perf_counter()
    again = ingest(engine, [docs], workers)
    rerun = time.perf_counter() - r0
    assert again.stored == 0, "a second run must add nothing"
    n = counts(engine)
    engine.dispose()
    return {"forms": forms, "wall": wall, "write": write_s, "rerun": rerun, "peak": peak,
            "sources": n["sources"], "findings": n["findings"]}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--forms", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    pg = os.environ.get("JIXIAO_TEST_PG_URL", "")
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        for n in args.forms:
            out = Path(tmp) / f"corpus-{n}"
            generate(n, out=out)
            docs = out / "docs"
            targets = [("SQLite", f"sqlite:///{Path(tmp) / f'bench-{n}.db'}")]
            if pg:
                targets.append(("PostgreSQL", pg))
            for label, url in targets:
                if label == "PostgreSQL":
                    drop_store(url)
                r = run(url, docs, args.workers)
                size = ""
                if label == "SQLite":
                    db = Path(url.removeprefix("sqlite:///"))
                    size = f"{db.stat().st_size / 2**20:.0f}"
                row = (
                    f"| {label} | {int(r['forms']):,} | {len(list(docs.iterdir())):,} | "
                    f"{r['wall']:.1f} | {r['forms'] / r['wall']:.0f} | {r['write']:.1f} | "
                    f"{r['forms'] / r['write']:.0f} | {r['rerun']:.2f} | "
                    f"{int(r['sources']):,} | {size} | {r['peak']:.0f} |"
                )
                print(row, flush=True)
                rows.append(row)
                if label == "PostgreSQL":
                    drop_store(url)
    head = (
        "# Ingest benchmark\n\n"
        f"`python bench/bench_ingest.py` — Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {args.workers} workers"
        + (f"; PostgreSQL at {display_url(pg)}" if pg else "")
        + ".\n\n"
        "forms/s (ingest) is the whole run: read, score, audit in the workers and write in the "
        "main process; forms/s (write) is the main process's database time alone (one transaction "
        "per document).  Re-run: the same files again (nothing added).\n\n"
        "| store | forms | documents | wall s | forms/s (ingest) | write s | forms/s (write) | "
        "re-run s | source rows | file MiB | main RSS peak MiB |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    RESULTS.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"-> {RESULTS}")


if __name__ == "__main__":
    main()
