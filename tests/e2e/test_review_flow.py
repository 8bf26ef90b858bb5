"""A unit uploads its forms, opens one, reads the findings on their rows and a value's source,
corrects a value; the reviewer of the department dismisses a finding; the workbook is exported.

Expected numbers come from the library itself (``parse_file``, ``score_form``, ``audit_form`` on
the same files), never typed into the test."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tests.e2e.conftest import PDF_SEED, TEXT_SEED, Browse, Server, number

from jixiao.api import parse_file
from jixiao.checks.engine import audit_form
from jixiao.model import Form
from jixiao.scoring import score_form


@dataclass
class Uploaded:
    """What the upload page showed for each file: status, message, and its forms' links."""

    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def form_ids(self, name: str) -> list[int]:
        return [int(href.rsplit("/", 1)[1]) for _text, href in self.results[name]["links"]]


@pytest.fixture(scope="module")
def uploaded(browser: Any, server: Server) -> Uploaded:
    """unit_a chooses a PDF seed and a text seed on the upload page and sends them."""
    seen = Uploaded()
    with Browse.open(browser, server) as b:
        b.login("unit_a")
        page = b.page
        page.get_by_test_id("nav-upload").click()
        page.wait_for_url(re.compile(r"/upload$"))
        page.get_by_test_id("upload-input").set_input_files([str(PDF_SEED), str(TEXT_SEED)])
        page.get_by_test_id("upload-chosen").filter(has_text="已选择 2 个文件").wait_for()
        page.get_by_test_id("upload-submit").click()
        page.get_by_test_id("upload-progress").filter(has_text="完成：2 个文件已处理").wait_for(
            timeout=60_000)
        for item in page.get_by_test_id("upload-result").all():
            name = item.get_by_test_id("upload-name").inner_text().strip()
            links = [(a.inner_text().strip(), a.get_attribute("href") or "")
                     for a in item.get_by_test_id("upload-form-link").all()]  # fmt: skip
            seen.results[name] = {
                "status": item.get_attribute("data-status"),
                "shown": item.get_by_test_id("upload-status").inner_text(),
                "message": item.get_by_test_id("upload-message").inner_text(),
                "links": links,
                "text": item.inner_text(),
            }
        seen.problems = b.unexpected()
    return seen


def pdf_forms() -> list[Form]:
    return list(parse_file(PDF_SEED).forms)


def test_upload_shows_each_files_result(uploaded: Uploaded) -> None:
    assert not uploaded.problems, uploaded.problems
    assert set(uploaded.results) == {PDF_SEED.name, TEXT_SEED.name}
    for path in (PDF_SEED, TEXT_SEED):
        shown = uploaded.results[path.name]
        expected = parse_file(path).forms
        assert shown["status"] == "stored", shown
        assert "已入库" in shown["shown"]
        # one link per form read from the file, named by its project
        assert [text for text, _ in shown["links"]] == [f.project_name for f in expected]
        for (_text, href), form in zip(shown["links"], expected, strict=True):
            assert re.fullmatch(r"/forms/\d+", href)
            assert form.project_name in shown["text"]


def open_form(b: Browse, form_id: int) -> Any:
    b.goto(f"/forms/{form_id}")
    b.page.get_by_test_id("std-form").wait_for()
    return b.page


def test_form_page_shows_findings_on_their_rows(browse: Any, uploaded: Uploaded) -> None:
    b = browse()
    b.login("unit_a")
    forms = pdf_forms()
    # from the list, as a person finds it: search by the project's name, then click it
    name = forms[0].project_name
    assert name
    b.page.get_by_test_id("filter-q").fill(name)
    b.page.get_by_test_id("filter-submit").click()
    b.page.get_by_test_id("form-link").filter(has_text=name).first.click()
    b.page.wait_for_url(re.compile(r"/forms/\d+$"))
    page = b.page
    form_id = int(page.url.rsplit("/", 1)[1])
    assert form_id in uploaded.form_ids(PDF_SEED.name) or form_id in uploaded.form_ids(TEXT_SEED.name)
    assert page.get_by_test_id("form-title").inner_text() == name

    expected = audit_form(forms[0])
    shown = page.get_by_test_id("finding")
    codes = sorted(shown.evaluate_all("els => els.map(e => e.dataset.code)"))
    assert codes == sorted(f.code for f in expected)
    counts = {s: sum(f.severity.value == s for f in expected) for s in ("error", "warning", "info")}
    for severity, n in counts.items():
        assert number(page.get_by_test_id(f"count-{severity}").inner_text()) == n
    # each finding sits in the findings row right under the row it is about, which is coloured
    for item in shown.all():
        row_key = item.evaluate("e => e.closest('tr').dataset.testid.replace(/^findings-/, '')")
        row = page.get_by_test_id(f"row-{row_key}")
        assert row.count() == 1, row_key
        field_name = item.get_attribute("data-field") or ""
        if row_key.startswith("indicators[") and field_name:
            assert field_name.startswith(row_key), (row_key, field_name)
    if expected:
        assert page.locator("tr[class*='row-sev-']").count() >= 1
    # the score card shows the engine's recomputed total
    total = score_form(forms[0]).recomputed_total
    assert number(page.get_by_test_id("score-recomputed").inner_text()) == pytest.approx(total, abs=0.01)


def test_source_panel_shows_the_pdf_cell(browse: Any, uploaded: Uploaded) -> None:
    b = browse()
    b.login("unit_a")
    page = open_form(b, uploaded.form_ids(PDF_SEED.name)[0])
    form = pdf_forms()[0]
    page.get_by_test_id("source-indicators[0].target").click()
    panel = page.get_by_test_id("source-panel")
    panel.get_by_test_id("source-detail").wait_for()
    raw = panel.get_by_test_id("source-raw").inner_text()
    target = form.indicators[0].target
    assert target and re.sub(r"\s", "", target) in re.sub(r"\s", "", raw)
    place = panel.get_by_test_id("source-place").inner_text()
    location = form.indicators[0].sources["target"].location
    assert location.page is not None
    assert f"第 {location.page} 页" in place or f"第{location.page}页" in place, place
    image = panel.get_by_test_id("source-image")
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 50
    # the cell is outlined in red on the page image
    picture = Image.open(io.BytesIO(image.screenshot())).convert("RGB")
    data = picture.tobytes()
    red = sum(1 for i in range(0, len(data), 3)
              if data[i] > 180 and data[i + 1] < 80 and data[i + 2] < 80)  # fmt: skip
    assert red > 20, "no red outline on the page image"


def test_correcting_a_value_rescores_the_form(browse: Any, uploaded: Uploaded) -> None:
    b = browse()
    b.login("unit_a")
    form_id = uploaded.form_ids(PDF_SEED.name)[0]
    page = open_form(b, form_id)
    form = pdf_forms()[0]
    before = number(page.get_by_test_id("score-recomputed").inner_text())
    assert before == pytest.approx(score_form(form).recomputed_total, abs=0.01)

    # half the money spent: the execution rate, hence its score, hence the total drop
    adjusted = form.funds.total.adjusted
    assert adjusted
    new_executed = round(adjusted / 2, 2)
    path = "funds.total.executed"
    page.get_by_test_id(f"edit-{path}").click()
    box = page.get_by_test_id(f"correct-input-{path}")
    box.fill(f"{new_executed:g}")
    page.get_by_test_id(f"correct-save-{path}").click()
    page.get_by_test_id("form-version").filter(has_text="第 2 版").wait_for()

    after = number(page.get_by_test_id("score-recomputed").inner_text())
    changed = form.model_copy(deep=True)
    changed.funds.total.executed = new_executed
    changed.funds.total.rate = None
    changed.funds.rate = None
    assert after < before
    assert after == pytest.approx(score_form(changed).recomputed_total, abs=0.05)
    assert page.get_by_test_id(f"corrected-{path}").count() == 1
    history = page.get_by_test_id("version-history").inner_text()
    assert "第 2 版" in history and f"{new_executed:g}" in history
    # the list shows the new version's score too
    b.page.get_by_test_id("nav-forms").click()
    row = b.page.get_by_test_id("form-row").filter(has_text=form.project_name or "").filter(
        has_text="第2版")
    assert number(row.get_by_test_id("recomputed-total").inner_text()) == pytest.approx(after)


def test_reviewer_dismisses_a_finding_with_a_reason(browse: Any, uploaded: Uploaded) -> None:
    b = browse()
    b.login("reviewer")
    page = b.page
    listed = page.get_by_test_id("form-link").all_inner_texts()
    fengtai = {f.project_name for f in pdf_forms()}
    assert set(listed) == fengtai  # the department's forms only, not 密云's
    form_id = uploaded.form_ids(PDF_SEED.name)[1]
    page = open_form(b, form_id)
    finding = page.get_by_test_id("finding").first
    code = finding.get_attribute("data-code")
    field_name = finding.get_attribute("data-field")
    open_before = number(page.get_by_test_id("count-open").inner_text())

    # 驳回 without a reason is refused, with a message
    finding.get_by_test_id("finding-dismiss").click()
    b.allow("status of 4\\d\\d")
    alert = page.get_by_test_id("form-alert")
    alert.filter(has_text="理由").wait_for()

    reason = "经核对原始凭证，此处无误"
    mine = page.locator(f'[data-testid="finding"][data-code="{code}"][data-field="{field_name}"]').first
    mine.get_by_test_id("finding-reason").fill(reason)
    mine.get_by_test_id("finding-dismiss").click()
    decided = page.locator(f'[data-testid="finding"][data-code="{code}"][data-field="{field_name}"]').first
    decision = decided.get_by_test_id("finding-decision")
    decision.wait_for()
    assert "驳回" in decision.inner_text() and reason in decision.inner_text()
    assert "丰台审核人" in decision.inner_text()
    assert number(page.get_by_test_id("count-open").inner_text()) == open_before - 1

    # the unit sees the decision after a reload, and cannot decide itself
    u = browse()
    u.login("unit_a")
    upage = open_form(u, form_id)
    shown = upage.locator(f'[data-testid="finding"][data-code="{code}"][data-field="{field_name}"]').first
    assert reason in shown.get_by_test_id("finding-decision").inner_text()
    assert upage.get_by_test_id("finding-dismiss").count() == 0


def test_export_workbook_parses_back(browse: Any, uploaded: Uploaded, tmp_path: Path) -> None:
    b = browse()
    b.login("unit_a")
    form_id = uploaded.form_ids(PDF_SEED.name)[2]
    page = open_form(b, form_id)
    title = page.get_by_test_id("form-title").inner_text()
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    result = parse_file(target)
    assert not getattr(result, "problems", []), result
    assert len(result.forms) == 1
    back = result.forms[0]
    original = pdf_forms()[2]
    assert back.project_name == title == original.project_name
    assert back.total_score == original.total_score
    assert len(back.indicators) == len(original.indicators)
    assert [i.target for i in back.indicators] == [i.target for i in original.indicators]
