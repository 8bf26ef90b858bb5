"""Web app response times: the form list, its CSV, search and the dashboard at 10k and 30k forms.

Why: the list and the dashboard compute, for every request, which forms a user may see and which
of them are the latest versions; the question is whether that stays interactive as a store grows.
The store is made once per size: the 16 sample forms are ingested, then their rows are copied
under new identities (spread over 300 owning units, 10 % of the copies given a second version) —
the queries only read the query columns, so copies measure them as real forms would.  Each URL is
requested through the app in-process (no network), the median of 3 runs is reported, for an
administrator (every form), a reviewer of one department and one unit.  Results go to
bench/results-web.md.

    python bench/bench_web.py                 # 10k and 30k forms
    python bench/bench_web.py --forms 1000
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results-web.md"
SAMPLES = sorted((ROOT / "src" / "jixiao" / "samples").glob("*.txt"))
URLS = [
    ("list, first page", "/api/forms"),
    ("list, sorted, page 20", "/api/forms?sort=recomputed&dir=asc&page=20"),
    ("search", "/api/forms?q=运维"),
    ("filter year + grade", "/api/forms?year=2024&grade=优"),
    ("list page (HTML)", "/forms"),
    ("CSV of the whole list", "/forms.csv"),
    ("dashboard (HTML)", "/dashboard"),
]
COLUMNS = ("document_id, form_index, identity, version, supersedes_id, content_hash, year, "
           "department, department_code, project_name, project_code, implementer, unit, "
           "funds_initial, funds_adjusted, funds_executed, funds_rate, total_weight, self_total, "
           "recomputed_total, grade, recomputed_grade, profile, complete, n_errors, n_warnings, "
           "n_infos, data, unit_code")  # fmt: skip


def build(path: Path, forms: int) -> object:
    from jixiao.store.ingest import ingest
    from jixiao.store.models_web import DepartmentRow, ReviewerDepartmentRow, UserRow
    from jixiao.web.app import create_app
    from jixiao.web.security import hash_password, now

    app = create_app(f"sqlite:///{path}")
    engine = app.state.engine
    ingest(engine, SAMPLES, workers=1)
    with engine.begin() as conn:
        base = conn.execute(text("SELECT count(*) FROM forms")).scalar_one()
        copies = max(0, (forms - base) // base)
        for i in range(1, copies + 1):
            version = 2 if i % 10 == 0 else 1
            conn.execute(text(
                f"INSERT INTO forms ({COLUMNS}) SELECT document_id, form_index, "
                f"identity || '#{i}', {version}, NULL, content_hash, year, department, "
                f"department_code, project_name || ' {i}', project_code, implementer, unit, "
                "funds_initial, funds_adjusted, funds_executed, funds_rate, total_weight, "
                "self_total, recomputed_total, grade, recomputed_grade, profile, complete, "
                f"n_errors, n_warnings, n_infos, data, 'U{i % 300}' FROM forms WHERE id <= {base}"
            ))  # fmt: skip
            if version == 2:  # the first version of the same forms, superseded
                conn.execute(text(
                    f"INSERT INTO forms ({COLUMNS}) SELECT document_id, form_index, identity, 1, "
                    "NULL, content_hash || 'v1', year, department, department_code, project_name, "
                    "project_code, implementer, unit, funds_initial, funds_adjusted, "
                    "funds_executed, funds_rate, total_weight, self_total, recomputed_total, grade, "
                    "recomputed_grade, profile, complete, n_errors, n_warnings, n_infos, data, "
                    f"unit_code FROM forms WHERE identity LIKE '%#{i}' AND version = 2"
                ))  # fmt: skip
    with Session(engine) as db:
        digest = hash_password("bench-password-1")
        for name, role, code in (("admin", "admin", None), ("reviewer", "reviewer", None),
                                 ("unit", "unit", "U7")):  # fmt: skip
            db.add(UserRow(username=name, display_name=name, role=role, password_hash=digest,
                           unit_code=code, active=True, must_change_password=False,
                           created_at=now()))  # fmt: skip
        db.flush()
        dept = DepartmentRow(name="北京市丰台区卫生健康委员会", code="149001")
        db.add(dept)
        db.flush()
        reviewer = db.query(UserRow).filter_by(username="reviewer").one()
        db.add(ReviewerDepartmentRow(user_id=reviewer.id, department_id=dept.id))
        db.commit()
    return app


def measure(app: object, user: str) -> list[tuple[str, float, int | None]]:
    from fastapi.testclient import TestClient

    out = []
    with TestClient(app) as client:  # type: ignore[arg-type]
        page = client.get("/login")
        token = page.text.split('name="csrf-token" content="')[1].split('"')[0]
        client.post("/login", data={"username": user, "password": "bench-password-1",
                                    "csrf_token": token})  # fmt: skip
        for label, url in URLS:
            times: list[float] = []
            total: int | None = None
            for _ in range(3):
                start = time.perf_counter()
                response = client.get(url, headers={"Accept": "text/html"})
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, (url, response.status_code)
                if url.startswith("/api/"):
                    total = response.json()["total"]
            out.append((label, statistics.median(times), total))
    return out


def main() -> None:
    warnings.simplefilter("ignore")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--forms", type=int, nargs="+", default=[10_000, 30_000])
    args = ap.parse_args()
    lines = [
        "# Web app benchmark", "",
        f"`python bench/bench_web.py` — Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, SQLite; {datetime.now(UTC):%Y-%m-%d}.", "",
        "Median of 3 requests, in milliseconds, through the app in-process (sign-in, visibility, "
        "latest versions, rendering; no network).  `forms`: how many forms the API request matched "
        "(of those the user may see).", "",
        "| store forms | user | request | forms | ms |", "|---:|---|---|---:|---:|",
    ]  # fmt: skip
    for n in args.forms:
        with tempfile.TemporaryDirectory() as tmp:
            app = build(Path(tmp) / "web.db", n)
            with app.state.engine.connect() as conn:  # type: ignore[attr-defined]
                stored = conn.execute(text("SELECT count(*) FROM forms")).scalar_one()
            for user in ("admin", "reviewer", "unit"):
                for label, seconds, total in measure(app, user):
                    shown = f"{total:,}" if total is not None else ""
                    row = f"| {stored:,} | {user} | {label} | {shown} | {seconds * 1000:.0f} |"
                    lines.append(row)
                    print(row, flush=True)
            app.state.engine.dispose()  # type: ignore[attr-defined]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {RESULTS}")


if __name__ == "__main__":
    sys.exit(main())
