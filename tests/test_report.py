"""``jixiao report`` and :func:`jixiao.analysis.report_data`: the numbers against an independent
computation over the ingested seeds and fixtures (SQLite and PostgreSQL), filters, the review
priority, the self-contained HTML and its offline rendering in a real browser."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
from sqlalchemy import Engine, select
from tests.analysis_helpers import SQLITE_AND_PG, filled_store, form_rows, latest_rows
from typer.testing import CliRunner

from jixiao.analysis import Filters, charts, render_report, report_data
from jixiao.analysis.html import echarts_js
from jixiao.analysis.priority import priority_sql, reasons
from jixiao.analysis.queries import BANDS
from jixiao.analysis.scope import scope
from jixiao.cli import app
from jixiao.store.db import open_store
from jixiao.store.models import FindingRow

runner = CliRunner()
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module", params=SQLITE_AND_PG)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    yield from filled_store(request.param, tmp_path_factory.mktemp("report"))


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and abs(a - b) < 1e-9 * max(1.0, abs(b))
    )


def _band(rate: float | None) -> int:
    if rate is None:
        return len(BANDS)
    for i, (_, _, upper) in enumerate(BANDS):
        if upper is not None and rate < upper:
            return i
    return len(BANDS) - 1


def test_overview_and_groups_equal_an_independent_computation(
    store: tuple[str, Engine],
) -> None:
    _, engine = store
    rows = latest_rows(engine)
    data = report_data(engine)
    o = data.overview
    assert o.forms == len(rows) < o.stored_rows == len(form_rows(engine))
    assert o.errors == sum(r.n_errors for r in rows)
    assert o.findings == sum(r.n_errors + r.n_warnings + r.n_infos for r in rows)
    paired = [r for r in rows if r.self_total is not None and r.recomputed_total is not None]
    assert _close(o.mean_self, mean(r.self_total for r in paired))
    assert _close(o.mean_recomputed, mean(r.recomputed_total for r in paired))
    assert _close(o.mean_inflation, mean(r.self_total - r.recomputed_total for r in paired))
    assert o.years == sorted({r.year for r in rows if r.year})
    assert o.departments == len({r.department for r in rows if r.department})
    groups: dict[tuple[str, int | None], list[Any]] = defaultdict(list)
    for r in rows:
        groups[(r.department or "（未填写部门）", r.year)].append(r)
    assert {(g.department, g.year) for g in data.groups} == set(groups)
    for g in data.groups:
        mine = groups[(g.department, g.year)]
        assert g.forms == len(mine)
        both = [r for r in mine if r.self_total is not None and r.recomputed_total is not None]
        assert _close(g.mean_self, mean(r.self_total for r in both) if both else None)
        assert _close(g.mean_rate, mean(x) if (x := [r.funds_rate for r in mine
                                                     if r.funds_rate is not None]) else None)
        bands = Counter(_band(r.funds_rate) for r in mine)
        assert g.rate_bands == [bands[i] for i in range(len(BANDS) + 1)]
        assert g.grades == dict(Counter(r.grade or "" for r in mine))
        assert g.forms_with_errors == sum(1 for r in mine if r.n_errors)
    assert sum(b.forms for b in data.bands) == o.forms


def test_hand_checked_seed_numbers(store: tuple[str, Engine]) -> None:
    """Read off the seed files by hand: sample 002 holds 4 forms of 丰台区卫健委 (149001) for 2023,
    sample 000 holds 12 forms of 密云区卫健委 for 2024, one of them (健康密云信息化平台) at a 49 %
    execution rate and one (卫生系统人才资格考试) at 39 %."""
    _, engine = store
    data = report_data(engine, Filters(years=[2023]))
    assert [(g.department, g.department_code, g.forms) for g in data.groups] == [
        ("北京市丰台区卫生健康委员会", "149001", 4)
    ]
    miyun = report_data(engine, Filters(departments=["密云"]))
    assert miyun.overview.forms == 12
    assert miyun.bands[0].key == "lt60" and miyun.bands[0].forms == 2


def test_findings_by_code_and_catalogue_summaries(store: tuple[str, Engine]) -> None:
    _, engine = store
    ids = {r.id for r in latest_rows(engine)}
    with engine.connect() as conn:
        found = [(c, fid) for c, fid in conn.execute(select(FindingRow.code, FindingRow.form_id))
                 if fid in ids]  # fmt: skip
    want = Counter(c for c, _ in found)
    data = report_data(engine)
    assert {c.code: c.findings for c in data.codes} == dict(want)
    assert all(c.summary for c in data.codes)  # every code found in the rule catalogue
    forms_per_code = {c: len({fid for cc, fid in found if cc == c}) for c in want}
    assert {c.code: c.forms for c in data.codes} == forms_per_code


def test_only_the_latest_version_counts(store: tuple[str, Engine]) -> None:
    _, engine = store
    rows = form_rows(engine)
    corrected = [r for r in rows if r.version > 1]
    assert corrected, "the fixtures hold a corrected form"
    identity = corrected[0].identity
    project = identity.split("|")[0]
    data = report_data(engine, Filters(projects=[project]), top=50)
    chosen = {r.form_id for r in data.review}
    newest = max(r.version for r in rows if r.identity == identity)
    assert data.overview.forms == 1
    assert all(r.version == newest for r in rows if r.id in chosen)
    every = report_data(engine, Filters(projects=[project], all_versions=True))
    assert every.overview.forms == sum(1 for r in rows if r.identity == identity) > 1


def test_filters(store: tuple[str, Engine]) -> None:
    _, engine = store
    rows = latest_rows(engine)
    by_code = report_data(engine, Filters(departments=["149001"]))
    by_name = report_data(engine, Filters(departments=["丰台"]))
    assert by_code.overview.forms == by_name.overview.forms == 4
    errors = report_data(engine, Filters(with_errors=True))
    assert errors.overview.forms == sum(1 for r in rows if r.n_errors)
    prof = report_data(engine, Filters(profiles=["beijing-2024"]))
    assert prof.overview.forms == sum(1 for r in rows if r.profile == "beijing-2024")
    picked = [r.id for r in rows[:3]]
    assert report_data(engine, form_ids=picked).overview.forms == 3
    assert report_data(engine, form_ids=[]).overview.forms == 0
    many = list(range(1, 40_000))  # beyond SQLite's and psycopg's bound-parameter limits
    assert report_data(engine, form_ids=many).overview.forms == len(rows)
    nothing = report_data(engine, Filters(years=[1999]))
    assert nothing.overview.forms == 0 and nothing.groups == [] and nothing.review == []
    assert "没有符合条件的自评表" in render_report(nothing)


def test_review_priority_is_the_sum_of_its_reasons(store: tuple[str, Engine]) -> None:
    _, engine = store
    f = scope(Filters())
    with engine.connect() as conn:
        ranked = conn.execute(select(f, priority_sql(f).label("p"))).all()
    for r in ranked:
        points, why = reasons(r)
        assert abs(points - float(r.p)) < 1e-6, (r.id, points, r.p, why)
        assert bool(why) == (points > 0)
    data = report_data(engine, top=5)
    want = sorted((r for r in ranked if r.p > 0), key=lambda r: (-float(r.p), r.id))[:5]
    assert [i.form_id for i in data.review] == [r.id for r in want]
    top = data.review[0]
    assert top.reasons and f"{top.n_errors} 条错误" in top.reasons[0]


def test_charts_are_json_options_for_every_chart(store: tuple[str, Engine]) -> None:
    _, engine = store
    data = report_data(engine)
    options = charts(data)
    assert set(options) == {"scatter", "inflation", "codes", "rates", "grades"}
    assert sum(p.forms for p in data.scatter) == sum(
        1 for r in latest_rows(engine) if r.funds_rate is not None and r.self_total is not None
    )
    codes = options["codes"]
    assert sum(v or 0 for s in codes["series"] for v in s["data"]) == sum(
        c.findings for c in data.codes[:20]
    )
    assert options["rates"]["series"][0]["data"] == [b.forms for b in data.bands]


def test_html_is_self_contained(store: tuple[str, Engine]) -> None:
    _, engine = store
    whole = render_report(report_data(engine))
    assert echarts_js() in whole and "echarts.init" in whole  # ECharts is inlined
    html = whole.replace(echarts_js(), "")  # the page itself, without the library's source
    tags = re.findall(r"<(?:script|link|img|iframe|source|embed)\b[^>]*>", html, re.I)
    assert tags and all(not re.search(r"\b(?:src|href)\s*=", t, re.I) for t in tags), tags
    assert not re.search(r"https?://", html)
    assert "@import" not in html
    assert "北京市密云区卫生健康委员会" in html and "最需要复核的表" in html


def test_cli_report(store: tuple[str, Engine], tmp_path: Path) -> None:
    url, _ = store
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--lang", "zh", "report", "--db", url, "-o", str(out),
                                 "--year", "2024", "--top", "3"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output and out.is_file()
    assert "年度：2024" in out.read_text("utf-8")
    en = runner.invoke(app, ["--lang", "en", "report", "--db", url, "-o", str(out)])
    assert en.exit_code == 0 and "wrote" in en.output


def test_cli_report_bad_store(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["--lang", "zh", "report", "--db", str(tmp_path / "no.db"),
                                  "-o", str(tmp_path / "r.html")])  # fmt: skip
    assert missing.exit_code == 2 and "数据库文件不存在" in missing.output
    assert not (tmp_path / "no.db").exists()  # not created by asking for a report
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    bad = runner.invoke(app, ["--lang", "zh", "report", "--db", str(junk), "-o",
                              str(tmp_path / "r.html")])  # fmt: skip
    assert bad.exit_code == 2 and "不是 jixiao 数据库" in bad.output
    assert "Traceback" not in bad.output + missing.output


def test_empty_store_still_gives_a_report(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_store(f"sqlite:///{db}").dispose()
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--lang", "zh", "report", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0
    assert "没有符合条件" in result.output and "没有符合条件的自评表" in out.read_text("utf-8")


def render_offline(html: Path, png: Path | None = None) -> dict[str, Any]:
    """Open ``html`` in headless Chromium with every non-file request aborted; the charts drawn,
    requests attempted and console errors.

    Runs in a thread of its own: Playwright's sync API refuses a thread where an event loop runs,
    as it does in the main thread while another test module's session-wide browser is open."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render_offline, html, png).result()


def _render_offline(html: Path, png: Path | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1320, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))

            def route(r: Any) -> None:
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(html.as_uri())
            page.wait_for_function("window.jixiaoChartsReady !== undefined", timeout=20_000)
            drawn = page.evaluate("""() => Array.from(document.querySelectorAll('.chart')).map(
                el => ({id: el.id, svg: el.querySelectorAll('svg').length,
                        shapes: el.querySelectorAll('svg path, svg rect, svg circle').length,
                        texts: Array.from(el.querySelectorAll('svg text')).map(t => t.textContent)}))""")
            if png is not None:
                page.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()
    return {"charts": drawn, "blocked": blocked, "errors": errors}


@pytest.mark.skipif(not CHROMIUM.is_file() or shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed (/usr/bin/chromium)")  # fmt: skip
def test_report_renders_offline_in_a_browser(store: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = store
    if not url.startswith("sqlite"):
        pytest.skip("the page is the same on both back-ends; rendered once")
    html = tmp_path / "report.html"
    html.write_text(render_report(report_data(engine)), encoding="utf-8")
    seen = render_offline(html, tmp_path / "report.png")
    assert seen["errors"] == [] and seen["blocked"] == []
    by_id = {c["id"]: c for c in seen["charts"]}
    assert set(by_id) == {f"chart-{n}" for n in ("scatter", "inflation", "codes", "rates", "grades")}
    for chart in seen["charts"]:
        assert chart["svg"] >= 1 and chart["shapes"] > 5, chart["id"]
    assert "自评总分与资金执行率" in by_id["chart-scatter"]["texts"]
    assert any(t.startswith("T003") for t in by_id["chart-codes"]["texts"])
    assert (tmp_path / "report.png").stat().st_size > 50_000
