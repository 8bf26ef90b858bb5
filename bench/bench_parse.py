"""Parse throughput and memory on one core: forms/s and peak memory at 1k, 5k and 10k forms.

Why: batch users feed whole archives; the reader must stay fast (goal: >= 1,000 forms/s on one
core) and its memory must stay flat in the number of forms, which holds only if documents are
parsed one at a time and results are streamed, not collected.  This script does exactly that with
:func:`jixiao.iter_parse` and keeps nothing but counters.

    python bench/bench_parse.py --forms 10000     # generates bench/out/ first, then parses it
    JIXIAO_PURE=1 python bench/bench_parse.py --forms 10000 --reuse   # the sources, not the
                                                  # mypyc build of scripts/compile.py
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jixiao
from generate import OUT, generate

GOAL = 1000.0  # forms/s
RESULTS = Path(__file__).resolve().parent / "results-parse.md"


def rss_mib() -> float:
    """Resident memory now (Linux /proc; falls back to the peak elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_mib()


def peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def cache_entries() -> int:
    """Entries held by jixiao's functools caches: the reader's bounded memo tables, which are
    what grows with the number of distinct texts seen (each is capped by its maxsize)."""
    from jixiao.text.memo import Memo

    total = 0
    for obj in gc.get_objects():
        if isinstance(obj, Memo) or (
            isinstance(obj, functools._lru_cache_wrapper)
            and (getattr(obj, "__module__", None) or "").startswith("jixiao")
        ):
            total += obj.cache_info().currsize
    return total


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def run(
    n_forms: int, checkpoints: list[int]
) -> tuple[list[dict[str, float]], dict[str, int], Counter[str]]:
    manifest: dict[str, list[str]] = json.loads((OUT / "manifest.json").read_text("utf-8"))
    paths = [OUT / "docs" / name for name in manifest]
    rows: list[dict[str, float]] = []
    tally = {"documents": 0, "forms_written": 0, "forms_read": 0, "names_matched": 0, "failed": 0}
    misses: Counter[str] = Counter()
    todo = sorted(c for c in checkpoints if c <= n_forms)
    gc.collect()
    start, cpu_start = time.perf_counter(), time.process_time()
    for path, result in zip(paths, jixiao.iter_parse(paths), strict=True):
        names = manifest[path.name]
        tally["documents"] += 1
        tally["forms_written"] += len(names)
        tally["forms_read"] += len(result.forms)
        tally["failed"] += result.failed
        got = {f.project_name for f in result.forms}
        matched = sum(n in got for n in names)
        tally["names_matched"] += matched
        kind = ".".join(path.name.split(".")[1:3])  # style.encoding
        misses[kind] += len(names) - matched
        while todo and tally["forms_written"] >= todo[0]:
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            rows.append(
                {
                    "forms": tally["forms_written"],
                    "seconds": elapsed,
                    "cpu_seconds": cpu,
                    "forms_per_s": tally["forms_written"] / elapsed,
                    "forms_per_cpu_s": tally["forms_written"] / cpu,
                    "rss_mib": rss_mib(),
                    "peak_mib": peak_mib(),
                    "cache_entries": cache_entries(),
                }
            )
            todo.pop(0)
    return rows, tally, misses


def table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| forms | wall s | CPU s | forms/s (wall) | forms/s (CPU) | RSS now (MiB) "
        "| peak RSS (MiB) | cache entries |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['forms']:,.0f} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} "
        f"| {r['forms_per_s']:,.0f} | {r['forms_per_cpu_s']:,.0f} "
        f"| {r['rss_mib']:.1f} | {r['peak_mib']:.1f} | {r['cache_entries']:,.0f} |"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description="parse benchmark")
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--reuse", action="store_true", help="parse bench/out/ as it is")
    args = ap.parse_args()
    pinned = pin_one_core()
    if not args.reuse or not (OUT / "manifest.json").exists():
        t0 = time.perf_counter()
        generate(args.forms)
        print(
            f"generated {args.forms:,} forms in {time.perf_counter() - t0:.1f} s", file=sys.stderr
        )
    base = rss_mib()
    rows, tally, misses = run(args.forms, sorted({1000, 5000, 10_000, args.forms}))
    speed = rows[-1]["forms_per_cpu_s"] if rows else 0.0
    missed = ", ".join(f"{k} {v}" for k, v in misses.most_common() if v) or "none"
    verdict = "meets" if speed >= GOAL else "MISSES"
    report = "\n".join(
        [
            "# Parse benchmark",
            "",
            f"`python bench/bench_parse.py --forms {args.forms}` — Python {platform.python_version()}, "
            f"{platform.machine()} {platform.processor() or ''}".rstrip()
            + f", {pinned}; "
            f"RSS before parsing {base:.1f} MiB.  Reader: {jixiao._native.STATUS.describe()}.",
            "",
            table(rows),
            "",
            f"{tally['documents']:,} documents, {tally['forms_written']:,} forms written, "
            f"{tally['forms_read']:,} read, {tally['names_matched']:,} project names matched, "
            f"{tally['failed']:,} documents failed.  Forms not found by style.encoding: {missed}.",
            "",
            f"Throughput {speed:,.0f} forms per CPU second {verdict} the goal of {GOAL:,.0f} forms/s on one core.",
            "",
        ]
    )
    print(report)
    RESULTS.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
