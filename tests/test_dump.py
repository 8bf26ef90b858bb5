"""``jixiao dump`` and ``jixiao query``: the long-format files read back equal the store, their
schema is the documented one, and DuckDB SQL over them gives the store's own numbers (SQLite and
PostgreSQL)."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, select
from tests.analysis_helpers import SQLITE_AND_PG, filled_store, form_rows, latest_rows
from typer.testing import CliRunner

from jixiao.analysis import Filters, report_data
from jixiao.analysis.dump import dump
from jixiao.analysis.query import run
from jixiao.analysis.schema import TABLES, arrow_schema
from jixiao.cli import app
from jixiao.store.models import FindingRow, IndicatorRow

runner = CliRunner()
DOCS = Path(__file__).resolve().parents[1] / "docs" / "analysis.md"


@pytest.fixture(scope="module", params=SQLITE_AND_PG)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    yield from filled_store(request.param, tmp_path_factory.mktemp("dump"))


@pytest.fixture(scope="module")
def dumped(store: tuple[str, Engine], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _, engine = store
    out = {fmt: tmp_path_factory.mktemp(fmt) for fmt in ("parquet", "csv")}
    for fmt, folder in out.items():
        dump(engine, folder, fmt)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12)
    return bool(a == b)


def _children(engine: Engine, model: Any, ids: set[int]) -> list[Any]:
    """The stored child rows of the forms ``ids``, in the dump's order."""
    order = model.position if model is IndicatorRow else model.id
    with engine.connect() as conn:
        rows = conn.execute(select(*model.__table__.c).order_by(model.form_id, order)).all()
        return [r for r in rows if r.form_id in ids]


def test_parquet_reads_back_equal_to_the_store(
    store: tuple[str, Engine], dumped: dict[str, Path]
) -> None:
    _, engine = store
    latest = latest_rows(engine)
    forms = pq.read_table(dumped["parquet"] / "forms.parquet")
    assert forms.schema.equals(arrow_schema("forms"))
    got = forms.to_pylist()
    assert [r["form_id"] for r in got] == [r.id for r in latest]
    for mine, want in zip(got, latest, strict=True):
        for col in ("year", "department", "department_code", "project_name", "version",
                    "funds_rate", "self_total", "recomputed_total", "grade", "n_errors",
                    "complete", "profile"):  # fmt: skip
            assert _same(mine[col], getattr(want, col)), (col, mine[col], getattr(want, col))
        assert mine["latest"] is True and mine["ingested_at"].tzinfo is not None
    ids = {r.id for r in latest}
    indicators = pq.read_table(dumped["parquet"] / "indicators.parquet")
    assert indicators.schema.equals(arrow_schema("indicators"))
    stored = _children(engine, IndicatorRow, ids)
    rows = indicators.to_pylist()
    assert len(rows) == len(stored) > 180  # the seed forms' 189 (the fixture scripts hold none)
    for mine, want in zip(rows, stored, strict=True):
        assert (mine["form_id"], mine["position"]) == (want.form_id, want.position)
        for col in ("level1", "level3", "target", "actual", "weight", "score", "recomputed",
                    "deviation"):  # fmt: skip
            assert _same(mine[col], getattr(want, col)), col
    findings = pq.read_table(dumped["parquet"] / "findings.parquet").to_pylist()
    stored_f = _children(engine, FindingRow, ids)
    assert [(f["form_id"], f["code"], f["message"]) for f in findings] == [
        (f.form_id, f.code, f.message) for f in stored_f
    ]
    assert [json.loads(f["evidence"]) for f in findings] == [f.evidence for f in stored_f]


def test_csv_is_excel_friendly_and_keeps_codes_as_text(dumped: dict[str, Path]) -> None:
    raw = (dumped["csv"] / "forms.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Chinese correctly
    with (dumped["csv"] / "forms.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [c.name for c in TABLES["forms"]]
    assert any(r["department_code"] == "149001" for r in rows)
    assert {r["latest"] for r in rows} == {"true"}
    parquet = pq.read_table(dumped["parquet"] / "forms.parquet").to_pylist()
    assert len(rows) == len(parquet)


def test_datapackage_describes_every_column(dumped: dict[str, Path]) -> None:
    for fmt, folder in dumped.items():
        package = json.loads((folder / "datapackage.json").read_text("utf-8"))
        resources = {r["name"]: r for r in package["resources"]}
        assert set(resources) == set(TABLES)
        for name, columns in TABLES.items():
            res = resources[name]
            assert res["path"] == f"{name}.{fmt}" and (folder / res["path"]).is_file()
            assert [f["name"] for f in res["schema"]["fields"]] == [c.name for c in columns]
            assert all(f["title"] and f["description"] for f in res["schema"]["fields"])
        counts = {n: pq.read_metadata(dumped["parquet"] / f"{n}.parquet").num_rows for n in TABLES}
        assert {n: r["rows"] for n, r in resources.items()} == counts


def test_docs_list_every_column() -> None:
    text = DOCS.read_text("utf-8")
    for name, columns in TABLES.items():
        assert f"`{name}`" in text or name in text
        for c in columns:
            assert f"| `{c.name}` |" in text, (name, c.name)


def test_all_versions_and_filters(store: tuple[str, Engine], tmp_path: Path) -> None:
    _, engine = store
    counts = dump(engine, tmp_path / "all", "parquet", Filters(all_versions=True))
    assert counts["forms"] == len(form_rows(engine))
    flags = pq.read_table(tmp_path / "all" / "forms.parquet").column("latest").to_pylist()
    assert sum(flags) == len(latest_rows(engine))
    some = dump(engine, tmp_path / "y", "csv", Filters(years=[2023]), bom=False)
    assert some["forms"] == 4
    assert not (tmp_path / "y" / "forms.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not list((tmp_path / "y").glob(".*partial"))


def test_duckdb_answers_equal_the_store(store: tuple[str, Engine], dumped: dict[str, Path]) -> None:
    _, engine = store
    data = report_data(engine)
    for folder in dumped.values():  # Parquet and CSV alike
        _, rows = run(folder, """
            SELECT coalesce(department, '（未填写部门）') AS d, year, count(*) AS n,
                   avg(self_total) FILTER (WHERE self_total IS NOT NULL
                                           AND recomputed_total IS NOT NULL) AS s,
                   count(*) FILTER (WHERE n_errors > 0) AS e
            FROM forms GROUP BY ALL ORDER BY d, year NULLS LAST""")
        by_key = {(g.department, g.year): g for g in data.groups}
        assert len(rows) == len(by_key)
        for d, year, n, s, e in rows:
            g = by_key[(d, year)]
            assert (n, e) == (g.forms, g.forms_with_errors)
            assert (s is None and g.mean_self is None) or math.isclose(s, g.mean_self or 0)
        _, codes = run(folder, "SELECT code, count(*), count(DISTINCT form_id) FROM findings "
                               "GROUP BY code")  # fmt: skip
        assert {c: (n, f) for c, n, f in codes} == {c.code: (c.findings, c.forms)
                                                    for c in data.codes}  # fmt: skip
        _, joined = run(folder, "SELECT count(*) FROM indicators i JOIN forms f USING (form_id)")
        assert joined[0][0] == data.overview.indicators
        _, types = run(folder, "SELECT typeof(department_code), typeof(ingested_at) FROM forms "
                               "LIMIT 1")  # fmt: skip
        assert types[0] == ("VARCHAR", "TIMESTAMP WITH TIME ZONE")


def test_cli_dump_and_query(store: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = store
    out = tmp_path / "d"
    result = runner.invoke(app, ["--lang", "zh", "dump", "--db", url, "-o", str(out),
                                 "--department", "密云"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "12 张表" in result.output
    q = runner.invoke(app, ["query", str(out), "SELECT level1, count(*) AS n FROM indicators "
                            "GROUP BY 1 ORDER BY 1", "--format", "csv"])  # fmt: skip
    assert q.exit_code == 0, q.output
    lines = list(csv.reader(q.stdout.splitlines()))
    assert lines[0] == ["level1", "n"]
    miyun = {r.id for r in latest_rows(engine) if r.department and "密云" in r.department}
    want = Counter(i.level1 or "" for i in _children(engine, IndicatorRow, miyun))
    assert {r[0]: int(r[1]) for r in lines[1:]} == dict(want)
    js = runner.invoke(app, ["query", str(out), "SELECT count(*) AS n FROM forms", "-f", "json"])
    assert json.loads(js.stdout) == [{"n": 12}]
    empty = runner.invoke(app, ["query", str(out), "SELECT * FROM forms WHERE false", "-f", "json"])
    assert json.loads(empty.stdout) == []
    few = runner.invoke(app, ["query", str(out), "SELECT code FROM findings", "-f", "csv",
                              "--limit", "3"])  # fmt: skip
    assert few.stdout.splitlines()[0] == "code" and len(few.stdout.splitlines()) == 4
    table = runner.invoke(app, ["query", str(out), "SELECT project_name FROM forms"])
    assert table.exit_code == 0 and "健康密云信息化平台" in table.stdout


def test_cli_errors_are_messages(tmp_path: Path) -> None:
    none = runner.invoke(app, ["--lang", "zh", "query", str(tmp_path), "SELECT 1"])
    assert none.exit_code == 2 and "没有 jixiao dump" in none.output
    missing = runner.invoke(app, ["--lang", "zh", "query", str(tmp_path / "x"), "SELECT 1"])
    assert missing.exit_code == 2 and "文件夹不存在" in missing.output
    (tmp_path / "forms.csv").write_text("form_id\n1\n", encoding="utf-8")
    bad = runner.invoke(app, ["--lang", "zh", "query", str(tmp_path), "SELECT nope FROM forms"])
    assert bad.exit_code == 2 and "SQL 错误" in bad.output
    dump_missing = runner.invoke(app, ["--lang", "zh", "dump", "--db", str(tmp_path / "n.db"),
                                       "-o", str(tmp_path / "o")])  # fmt: skip
    assert dump_missing.exit_code == 2 and "数据库文件不存在" in dump_missing.output
    for r in (none, missing, bad, dump_missing):
        assert "Traceback" not in r.output
