"""Analysis at scale: ``jixiao report``, the Parquet dump and DuckDB queries over a store with more
than 1,000,000 indicator rows, on SQLite (and PostgreSQL with ``--pg``, which uses
``JIXIAO_TEST_PG_URL``).

Why: finance bureaus keep years of forms; the report must stay quick and its memory flat however
many forms there are (the database aggregates, Python never holds one object per form).

How the store is built: bench/generate.py writes realistic documents (derived from the seed forms:
varied projects, departments, amounts, indicator rows) and ``ingest`` reads, scores and audits
them into a fresh store, as the command does.  Reaching a million indicators that way would take
an hour, so the ingested forms are then *replicated in SQL* (``INSERT … SELECT``): each copy gets
new ids, its own identity (so it counts as a form of its own), a year shifted back and an execution
rate varied deterministically; indicators and findings are copied with their forms; the full form
JSON is copied too, so rows have their real size.  Value sources are not copied (no analysis reads
them).  The statistics are refreshed (``ANALYZE``) after each bulk copy, as PostgreSQL's
autovacuum would on a live store (PostgreSQL only: nothing analyses a SQLite store in use).  Each step is measured in a fresh process (wall time and peak RSS) at three sizes, to show
that the time grows with the rows and the memory does not.

    python bench/bench_report.py                  # SQLite, up to >= 1,000,000 indicator rows
    python bench/bench_report.py --pg --pg-url postgresql+psycopg://postgres@127.0.0.1:54329/jixiao_bench
    python bench/bench_report.py --target 200000  # a quicker run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import Engine, func, select, text

from generate import generate
from jixiao.store.db import display_url, drop_store, open_store
from jixiao.store.ingest import ingest
from jixiao.store.models import FindingRow, FormRow, IndicatorRow

RESULTS = Path(__file__).resolve().parent / "results-report.md"
QUERIES = {
    "inflation by department and year": """
        SELECT department, year, count(*) AS forms, avg(self_total - recomputed_total) AS gap
        FROM forms GROUP BY ALL ORDER BY gap DESC""",
    "points lost by level-2 indicator": """
        SELECT level2, count(*) AS n, avg(weight - recomputed) AS lost FROM indicators
        WHERE recomputed IS NOT NULL GROUP BY 1 ORDER BY lost DESC""",
    "findings per code below 80 % execution": """
        SELECT code, count(*) FROM findings JOIN forms USING (form_id)
        WHERE funds_rate < 0.8 GROUP BY 1 ORDER BY 2 DESC""",
}


def _count(engine: Engine, model: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def _max_id(engine: Engine, model: Any) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.max(model.id))) or 0)


def _copy_sql(table: Any, replace: dict[str, str], where: str) -> str:
    names = [c.name for c in table.c]
    picked = [replace.get(n, n) for n in names]
    return (f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"SELECT {', '.join(picked)} FROM {table.name} WHERE {where}")  # fmt: skip


def replicate(engine: Engine, copy: int, base: dict[str, int]) -> None:
    """Copy number ``copy`` (from 1) of the ingested forms, with their indicators and findings."""
    off, ioff, foff = copy * base["forms"], copy * base["indicators"], copy * base["findings"]
    forms = _copy_sql(FormRow.__table__, {
        "id": f"id + {off}",
        "identity": f"identity || '#{copy}'",
        "supersedes_id": f"supersedes_id + {off}",
        "year": f"year - {copy % 5}",
        "funds_rate": f"funds_rate * (1 - ((id * 7 + {copy} * 13) % 45) / 100.0)",
    }, f"id <= {base['forms']}")  # fmt: skip
    indicators = _copy_sql(IndicatorRow.__table__, {"id": f"id + {ioff}",
                                                    "form_id": f"form_id + {off}"},
                           f"id <= {base['indicators']}")  # fmt: skip
    findings = _copy_sql(FindingRow.__table__, {"id": f"id + {foff}",
                                                "form_id": f"form_id + {off}"},
                         f"id <= {base['findings']}")  # fmt: skip
    with engine.begin() as conn:
        for sql in (forms, indicators, findings):
            conn.execute(text(sql))  # text(): "%" is escaped for psycopg's placeholders


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _measure(step: str, url: str, work: str) -> dict[str, Any]:
    """Run one step in this (fresh) process; wall seconds and peak RSS."""
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), _cpu()
    out: dict[str, Any] = {}
    if step == "report":
        from jixiao.analysis import render_report, report_data

        engine = open_store(url)
        base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0, c0 = time.perf_counter(), _cpu()
        data = report_data(engine)
        html = render_report(data)
        Path(work, "report.html").write_text(html, encoding="utf-8")
        out["forms"], out["html_mib"] = data.overview.forms, len(html.encode()) / 2**20
        out["indicators"] = data.overview.indicators
    elif step == "dump":
        from jixiao.analysis.dump import dump

        engine = open_store(url)
        base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0, c0 = time.perf_counter(), _cpu()
        out["rows"] = dump(engine, Path(work, "dump"), "parquet")
        out["mib"] = sum(p.stat().st_size for p in Path(work, "dump").iterdir()) / 2**20
    elif step == "query":
        from jixiao.analysis.query import connect

        con = connect(Path(work, "dump"))
        for name, sql in QUERIES.items():
            q0 = time.perf_counter()
            con.sql(sql).fetchall()
            out[name] = time.perf_counter() - q0
    out["seconds"], out["cpu"] = time.perf_counter() - t0, _cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["peak_mib"], out["base_mib"] = peak / 1024, base_rss / 1024
    return out


def measure(step: str, url: str, work: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", step, "--db", url, "--work", str(work)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def build_base(url: str, forms: int, tmp: Path) -> Engine:
    generate(forms, out=tmp, seed=11)
    engine = open_store(url)
    summary = ingest(engine, [tmp / "docs"], workers=os.cpu_count())
    assert summary.fatal is None and summary.forms, summary
    return engine


def run(url: str, label: str, target: int, base_forms: int, sizes: int) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-report-") as tmp:
        t0 = time.perf_counter()
        engine = build_base(url, base_forms, Path(tmp))
        ingest_s = time.perf_counter() - t0
        base = {"forms": _max_id(engine, FormRow), "indicators": _max_id(engine, IndicatorRow),
                "findings": _max_id(engine, FindingRow)}  # fmt: skip
        per_copy = _count(engine, IndicatorRow)
        copies = -(-target // per_copy)  # ceil: the base counts as the first copy
        checkpoints = sorted({max(1, copies * (i + 1) // sizes) for i in range(sizes)})
        print(f"{label}: base {base_forms} forms ingested in {ingest_s:.0f}s, {per_copy} "
              f"indicators; {copies} copies, measured at {checkpoints}", flush=True)  # fmt: skip
        made, build_s = 1, 0.0
        for point in checkpoints:
            b0 = time.perf_counter()
            while made < point:
                replicate(engine, made, base)
                made += 1
            if engine.dialect.name == "postgresql":  # autovacuum does it on a live store
                with engine.begin() as conn:
                    conn.execute(text("ANALYZE"))
            build_s += time.perf_counter() - b0
            n_ind, n_forms = _count(engine, IndicatorRow), _count(engine, FormRow)
            work = Path(tmp, f"w{point}")
            work.mkdir()
            row: dict[str, Any] = {"store": label, "forms": n_forms, "indicators": n_ind,
                                   "findings": _count(engine, FindingRow)}  # fmt: skip
            for step in ("report", "dump", "query"):
                row[step] = measure(step, url, work)
                print(f"  {n_ind:,} indicators: {step} {row[step]['seconds']:.1f}s, peak "
                      f"{row[step]['peak_mib']:.0f} MiB", flush=True)  # fmt: skip
            rows.append(row)
        if url.startswith("sqlite"):
            row["file_mib"] = Path(url.removeprefix("sqlite:///")).stat().st_size / 2**20
        row["build_s"] = build_s
        engine.dispose()
    return rows


def write_results(rows: list[dict[str, Any]], urls: list[str]) -> None:
    lines = [
        "# Report, dump and query benchmark",
        "",
        f"`python bench/bench_report.py` — Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; stores: "
        + ", ".join(display_url(u) for u in urls) + ".",
        "",
        "The store is built from generated documents ingested as usual, then replicated in SQL to "
        "the sizes below (see the script's docstring).  Each step runs in a fresh process; *peak* "
        "is that process's peak RSS, *base* its RSS after start-up and imports (before the step). "
        "`report` = `report_data` (every aggregate, latest versions) + the HTML; `dump` = "
        "forms, indicators and findings to Parquet; `query` = DuckDB over that dump.",
        "",
        "| store | forms | indicators | findings | report s (CPU s) | report peak MiB (base) | "
        "dump s (CPU s) | dump peak MiB (base) | Parquet MiB | DuckDB queries s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        rep, dmp, qry = r["report"], r["dump"], r["query"]
        qs = " / ".join(f"{qry[k]:.2f}" for k in QUERIES)
        lines.append(
            f"| {r['store']} | {r['forms']:,} | {r['indicators']:,} | {r['findings']:,} | "
            f"{rep['seconds']:.1f} ({rep['cpu']:.1f}) | {rep['peak_mib']:.0f} ({rep['base_mib']:.0f}) | "
            f"{dmp['seconds']:.1f} ({dmp['cpu']:.1f}) | {dmp['peak_mib']:.0f} ({dmp['base_mib']:.0f}) | "
            f"{dmp['mib']:.0f} | {qs} |"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines += [
        "", "DuckDB queries, in order: " + "; ".join(QUERIES) + ".", "",
        "*CPU s* is the measured process's own CPU time (user + system): on SQLite, where the "
        "database runs inside that process, it is the step's cost; on PostgreSQL the server's "
        "share is not in it.  Wall times depend on what else runs: the machine is shared by "
        f"several concurrent test runs (load average at the end of this run: {load}).", "",
    ]  # fmt: skip
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", type=int, default=1_000_000, help="indicator rows at the end")
    ap.add_argument("--base-forms", type=int, default=400, help="forms generated and ingested")
    ap.add_argument("--sizes", type=int, default=3, help="store sizes measured on the way")
    ap.add_argument("--pg", action="store_true",
                    help="also PostgreSQL at --pg-url (its jixiao tables are dropped!)")
    ap.add_argument("--pg-url", default=os.environ.get("JIXIAO_TEST_PG_URL"),
                    help="default $JIXIAO_TEST_PG_URL; a database of its own is best, e.g. "
                    "createdb jixiao_bench, so that tests running meanwhile are not disturbed")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.db, args.work)))
        return
    rows, urls = [], []
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-store-") as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        urls.append(url)
        rows += run(url, "SQLite", args.target, args.base_forms, args.sizes)
    write_results(rows, urls)  # kept even if the PostgreSQL run fails
    pg = args.pg_url
    if args.pg and pg:
        drop_store(pg)
        urls.append(pg)
        try:
            rows += run(pg, "PostgreSQL", args.target, args.base_forms, args.sizes)
        finally:
            drop_store(pg)
    write_results(rows, urls)


if __name__ == "__main__":
    main()
