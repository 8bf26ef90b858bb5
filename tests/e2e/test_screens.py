"""Screenshots of the main pages at 1280×900, as a first-time user sees them.

Every run takes them (so a page that breaks its layout or fails to load shows up here too) into a
temporary folder; ``JIXIAO_SCREENSHOTS=docs/img`` writes them to the documentation instead
(``docs/img/web-*.png``, described in ``docs/web-screens.md``)::

    JIXIAO_SCREENSHOTS=docs/img .venv/bin/python -m pytest tests/e2e/test_screens.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect
from tests.e2e.conftest import (
    ADMIN_PASSWORD,
    PDF_SEED,
    ROOT,
    TEXT_SEED,
    TEXT_SEED_FENGTAI,
    VIEWPORT,
    Browse,
)

from jixiao.api import parse_file


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("JIXIAO_SCREENSHOTS")
    if wanted:
        folder = Path(wanted)
        folder = folder if folder.is_absolute() else ROOT / folder
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screens")


#: the form page's layout problems, as (what, text) pairs: an empty list when it reads well
LAYOUT_PROBLEMS = """() => {
    const problems = [];
    const lines = el => new Set([...el.getClientRects()].filter(r => r.width > 0)
                                .map(r => Math.round(r.bottom))).size;
    for (const el of document.querySelectorAll("table.std-form .v-text, table.std-form .tools")) {
        const cell = el.closest("td, th");
        if (el.classList.contains("v-text") && !(cell && cell.matches(".num"))) continue;
        if (lines(el) > 1) problems.push(["breaks over lines", cell.innerText.trim()]);
    }
    for (const cell of document.querySelectorAll("tr[data-testid^='row-funds.'] td.val.num")) {
        const text = cell.querySelector(".v-text"), tools = cell.querySelector(".tools");
        if (!text || !tools || !text.textContent.trim()) continue;
        const a = text.getBoundingClientRect(), b = tools.getBoundingClientRect();
        if (b.top >= a.bottom || b.bottom <= a.top) problems.push(["源/改 below", cell.innerText.trim()]);
    }
    const unit = document.querySelector("th.funds-head .nowrap");
    if (!unit || lines(unit) !== 1) problems.push(["funds unit", unit ? unit.innerText : "missing"]);
    return problems;
}"""


def snap(b: Browse, folder: Path, name: str) -> Path:
    """The viewport (not the whole page: what the user sees first) as ``web-<name>.png``."""
    path = folder / f"web-{name}.png"
    b.page.screenshot(path=str(path))
    with Image.open(path) as image:
        assert image.size == (VIEWPORT["width"], VIEWPORT["height"])
        # not a blank page: a rendered page has many colours
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50
    return path


def upload(b: Browse, paths: list[Path]) -> None:
    page = b.page
    page.get_by_test_id("nav-upload").click()
    page.get_by_test_id("upload-input").set_input_files([str(p) for p in paths])
    expect(page.get_by_test_id("upload-chosen")).to_contain_text(f"已选择 {len(paths)} 个文件")
    page.get_by_test_id("upload-submit").click()
    expect(page.get_by_test_id("upload-progress")).to_contain_text("完成", timeout=60_000)


def test_screenshots_of_the_main_pages(browse: Any, shots: Path) -> None:
    # login
    anonymous = browse()
    anonymous.goto("/login")
    expect(anonymous.page.get_by_test_id("login-form")).to_be_visible()
    snap(anonymous, shots, "login")

    # upload with its results (a unit: the PDF and text of its own forms)
    unit = browse()
    unit.login("unit_a")
    upload(unit, [PDF_SEED, TEXT_SEED_FENGTAI])
    results = unit.page.get_by_test_id("upload-result")
    expect(results).to_have_count(2)
    snap(unit, shots, "upload")

    # the administrator loads a second unit's forms (with the CLI's reader behind the upload)
    admin = browse()
    admin.login("admin", ADMIN_PASSWORD)
    upload(admin, [TEXT_SEED])
    n_forms = sum(len(parse_file(p).forms) for p in (PDF_SEED, TEXT_SEED_FENGTAI, TEXT_SEED))

    # form list: everything, as the administrator sees it
    admin.page.get_by_test_id("nav-forms").click()
    expect(admin.page.get_by_test_id("forms-total")).to_contain_text(re.compile(r"共 \d+ 张"))
    assert admin.page.get_by_test_id("form-row").count() >= len(parse_file(TEXT_SEED).forms)
    snap(admin, shots, "list")

    # form page: a PDF form with findings, the source of a flagged value open
    pdf_link = unit.page.get_by_test_id("upload-result").filter(has_text=PDF_SEED.name)
    pdf_link.get_by_test_id("upload-form-link").nth(2).click()
    page = unit.page
    page.wait_for_url(re.compile(r"/forms/\d+$"))
    # the first finding that names an indicator's value: open that value's source
    finding = page.locator("tr.findings-row [data-testid='finding'][data-field*='].']").first
    expect(finding).to_be_visible()
    field_path = finding.get_attribute("data-field") or ""
    row_key = field_path.rsplit(".", 1)[0]
    source = page.get_by_test_id(f"source-{field_path}")
    source.click()
    expect(page.get_by_test_id("source-detail")).to_be_visible()
    image = page.get_by_test_id("source-image")
    if image.count():
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=image.element_handle())  # fmt: skip
    page.get_by_test_id(f"row-{row_key}").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    # laid out as read: no value breaks over lines, a value's 源 / 改 stay together, and in the
    # funds table (narrow 分值 / 执行率 cells) they sit on the value's line; "（万元）" is whole
    assert page.evaluate(LAYOUT_PROBLEMS) == []
    snap(unit, shots, "form")

    # new form, half typed: the live panel at work
    page.get_by_test_id("nav-new").click()
    form = parse_file(TEXT_SEED_FENGTAI).forms[1]
    page.get_by_test_id("new-year").fill(str(form.year))
    page.get_by_test_id("new-project_name").fill(form.project_name or "")
    page.get_by_test_id("new-department").fill(form.department or "")
    page.get_by_test_id("new-funds.total.adjusted").fill("120")
    page.get_by_test_id("new-funds.total.executed").fill("96.5")
    page.get_by_test_id("new-funds.weight").fill("10")
    ind = form.indicators[0]
    for name in ("level1", "level2", "level3", "target", "actual"):
        page.get_by_test_id(f"new-indicators.0.{name}").fill(str(getattr(ind, name) or ""))
    page.get_by_test_id("new-indicators.0.weight").fill(f"{ind.weight:g}")
    page.get_by_test_id("new-indicators.0.score").fill("20")
    page.get_by_test_id("new-indicators.1.weight").fill("十五")
    expect(page.get_by_test_id("error-indicators.1.weight")).not_to_be_empty()
    expect(page.get_by_test_id("live-row-0").get_by_test_id("live-earn")).to_be_visible()
    expect(page.get_by_test_id("live-grade")).to_have_text("未填完")  # no grade for half a form
    for name in ("level1", "level2"):  # "产出指标" shown whole next to the suggestion arrow
        box = page.get_by_test_id(f"new-indicators.0.{name}")
        assert box.input_value() and box.evaluate("el => el.scrollWidth <= el.clientWidth"), name
    snap(unit, shots, "new")

    # dashboard (the administrator's: every form)
    admin.page.get_by_test_id("nav-dashboard").click()
    expect(admin.page.get_by_test_id("kpi-forms")).to_have_text(re.compile(r"\d+"))
    charts = admin.page.locator("[data-testid^='chart-']")
    assert charts.count() >= 1
    admin.page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(c => c.querySelector('canvas, svg'))")
    assert int(admin.page.get_by_test_id("kpi-forms").inner_text()) <= n_forms
    snap(admin, shots, "dashboard")

    # admin: accounts
    admin.page.get_by_test_id("nav-admin").click()
    expect(admin.page.get_by_test_id("users-table")).to_be_visible()
    top_bar = admin.page.get_by_test_id("current-user").inner_text()
    assert top_bar.count("管理员") == 1, top_bar  # the first administrator is named 管理员
    snap(admin, shots, "admin")

    taken = {p.name for p in shots.glob("web-*.png")}
    assert taken >= {f"web-{n}.png" for n in ("admin", "dashboard", "form", "list", "login", "new",
                                               "upload")}  # fmt: skip
