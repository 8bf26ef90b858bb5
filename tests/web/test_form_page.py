"""The form page through HTTP: what each role sees, sources and page images, exports, escaping."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.web.conftest import ROOT

from jixiao.api import parse_file
from jixiao.store.ingest import build_record, file_sha256
from jixiao.store.models import FormRow
from jixiao.store.write import write_document

PDF = ROOT / "tests/data/fixtures/pdf-seeds/002-ddf2ad2b933db61d.pdf"


def _row(app: FastAPI, form_id: int) -> FormRow:
    with Session(app.state.engine) as db:
        row = db.get(FormRow, form_id)
        assert row is not None
        return row


def _count_forms(app: FastAPI) -> int:
    with Session(app.state.engine) as db:
        return int(db.scalar(select(func.count()).select_from(FormRow)) or 0)


def test_a_unit_sees_its_form_in_the_standard_layout(app, client_as, seeded) -> None:
    form_id = seeded["unit_a"][0]
    row = _row(app, form_id)
    page = client_as("unit_a").get(f"/forms/{form_id}")
    assert page.status_code == 200
    html = page.text
    assert row.project_name and row.project_name in html
    for label in ("项目名称", "主管部门", "年初预算数", "年度总体目标", "一级指标", "偏差原因分析及改进措施", "总分"):
        assert label in html
    recomputed = re.search(r'data-testid="score-recomputed">([^<]+)<', html)
    assert recomputed and float(recomputed.group(1)) == pytest.approx(row.recomputed_total, abs=0.01)
    # every finding of the stored audit is on the page, each on a row
    assert html.count('data-testid="finding"') == row.n_errors + row.n_warnings + row.n_infos
    assert 'data-testid="export-xlsx"' in html and 'data-testid="export-pdf"' in html
    assert 'data-testid="correct-input-indicators[0].actual"' in html  # the owner may correct
    assert 'data-testid="finding-accept"' not in html  # but only reviewers decide on findings


WRITES = {"path": "project_name", "value": "偷改", "key": "x|", "code": "S001",
          "decision": "dismiss", "reason": "r", "text": "t"}  # fmt: skip


def test_another_units_form_does_not_exist_for_a_unit(app, client_as, seeded) -> None:
    other = seeded["unit_b"][0]
    client = client_as("unit_a")
    before = _count_forms(app)
    for url in ("/forms/{id}", "/forms/{id}/source?path=project_name",
                "/forms/{id}/page.png?path=project_name", "/forms/{id}/export.xlsx",
                "/forms/{id}/latest"):  # fmt: skip
        assert client.get(url.format(id=other), follow_redirects=False).status_code == 404, url
    for url in ("/forms/{id}/correct", "/forms/{id}/review", "/forms/{id}/comments"):
        assert client.form_post(url.format(id=other), WRITES).status_code == 404, url
        assert client.api("POST", url.format(id=other), data=WRITES).status_code == 404, url
    assert _count_forms(app) == before
    assert _row(app, other).project_name != "偷改"


def test_reviewer_sees_assigned_departments_only(client_as, seeded) -> None:
    reviewer = client_as("reviewer")
    page = reviewer.get(f"/forms/{seeded['unit_a'][0]}")
    assert page.status_code == 200
    assert 'data-testid="finding-accept"' in page.text and 'data-testid="comment-input"' in page.text
    assert reviewer.get(f"/forms/{seeded['unit_b'][0]}").status_code == 404
    assert client_as("reviewer_none").get(f"/forms/{seeded['unit_a'][0]}").status_code == 404


def test_anonymous_is_sent_to_login_and_writes_need_the_csrf_token(client, client_as, seeded) -> None:
    form_id = seeded["unit_a"][0]
    response = client.get(f"/forms/{form_id}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    unit = client_as("unit_a")
    response = unit.post(f"/forms/{form_id}/correct", data={"path": "year", "value": "2020"})
    assert response.status_code == 403


def test_text_source_names_the_line(app, client_as, seeded) -> None:
    form_id = seeded["unit_a"][0]
    html = client_as("unit_a").get(f"/forms/{form_id}/source?path=funds.total.adjusted").text
    assert 'data-testid="source-raw">0.2160<' in html
    assert "第28行" in html
    missing = client_as("unit_a").get(f"/forms/{form_id}/page.png?path=funds.total.adjusted")
    assert missing.status_code == 404  # a text file has no page to show
    assert client_as("unit_a").get(f"/forms/{form_id}/source?path=nonsense").status_code == 404


def _store_pdf(app: FastAPI, owner: str, user_id: int) -> int:
    data = PDF.read_bytes()
    rec = build_record(PDF.name, file_sha256(PDF), "pdf", len(data), parse_file(PDF, PDF.name))
    rec.owner, rec.uploaded_by, rec.blob, rec.blob_sha256 = owner, user_id, data, file_sha256(PDF)
    assert write_document(app.state.engine, rec).outcome == "stored"
    with Session(app.state.engine) as db:
        found = db.scalar(select(func.max(FormRow.id)).where(FormRow.unit_code == owner))
        assert found is not None
        return int(found)


def test_pdf_value_shows_its_page_with_the_cell_outlined(app, client_as) -> None:
    from PIL import Image

    form_id = _store_pdf(app, "149020", app.state.user_ids["unit_a"])
    unit = client_as("unit_a")
    html = unit.get(f"/forms/{form_id}/source?path=indicators[0].target").text
    assert 'data-testid="source-image"' in html and "第" in html and "页" in html
    image = unit.get(f"/forms/{form_id}/page.png?path=indicators[0].target&crop=1")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    picture = Image.open(io.BytesIO(image.content)).convert("RGB")
    raw = picture.tobytes()
    reds = sum(1 for r, g, b in zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
               if r > 180 and g < 90 and b < 90)  # fmt: skip
    assert reds > 50  # the outline
    assert client_as("unit_b").get(f"/forms/{form_id}/page.png?path=indicators[0].target").status_code == 404


def test_export_workbook_and_pdf(app, client_as, seeded) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    form_id = seeded["unit_a"][0]
    row = _row(app, form_id)
    unit = client_as("unit_a")
    book = unit.get(f"/forms/{form_id}/export.xlsx")
    assert book.status_code == 200
    assert "attachment" in book.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(book.content)).active
    texts = [str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None]
    assert any(row.project_name in t for t in texts if row.project_name)
    assert any(c.comment is not None for r in sheet.iter_rows() for c in r)  # findings marked
    pdf = unit.get(f"/forms/{form_id}/export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert unit.get(f"/forms/{form_id}/export.docx").status_code == 404


HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_form_texts_are_escaped_on_the_page(app, client_as, seeded, tmp_path: Path) -> None:
    form_id = seeded["unit_a"][0]
    unit = client_as("unit_a")
    for path in ("project_name", "indicators[0].target", "goal_actual"):
        response = unit.form_post(f"/forms/{form_id}/correct", {"path": path, "value": HOSTILE},
                                  follow_redirects=False)  # fmt: skip
        assert response.status_code == 303, response.text
        form_id = int(response.headers["location"].rsplit("/", 1)[1])
    html = unit.get(f"/forms/{form_id}").text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
    source = unit.get(f"/forms/{form_id}/source?path=indicators[0].target").text
    assert "<script>alert" not in source


def test_workbook_value_names_its_sheet_and_cell(app, client_as) -> None:
    book = ROOT / "tests/data/fixtures/xlsx/002-ddf2ad2b933db61d.xlsx"
    data = book.read_bytes()
    rec = build_record(book.name, file_sha256(book), "xlsx", len(data), parse_file(book, book.name))
    rec.owner = "149020"
    assert write_document(app.state.engine, rec).outcome == "stored"
    with Session(app.state.engine) as db:
        form_id = db.scalar(select(func.min(FormRow.id)).where(FormRow.unit_code == "149020"))
    html = client_as("unit_a").get(f"/forms/{form_id}/source?path=indicators[0].target").text
    assert 'data-testid="source-cell">工作表 <b>1-2023年基层党组织党建活动经费</b> 单元格 <b>E14</b>' in html
    assert "单元格 E14" in html


def test_reader_notes_are_listed(app, client_as, seeded) -> None:
    with Session(app.state.engine) as db:
        rows = db.scalars(select(FormRow).where(FormRow.unit_code == "MY001")).all()
        noted = next(r for r in rows if r.data.get("notes"))
        first = noted.data["notes"][0]["message"]
    page = client_as("unit_b").get(f"/forms/{noted.id}").text
    assert 'data-testid="reader-notes"' in page
    assert page.count('data-testid="reader-note"') == len(noted.data["notes"])
    assert first in page


def _grid_widths(html: str) -> list[int]:
    """The number of columns each row of the standard-form table covers, spans included."""
    from lxml import html as lxml_html

    table = lxml_html.fromstring(html).xpath('//table[@data-testid="std-form"]')[0]
    carried: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    widths = []
    for tr in table.xpath("./tr|./tbody/tr"):
        col, width = 0, 0
        cells = tr.xpath("./td|./th")
        taken = {c for c, left in carried.items() if left > 0}
        for cell in cells:
            while col in taken:
                col += 1
            span = int(cell.get("colspan", "1"))
            rows = int(cell.get("rowspan", "1"))
            for c in range(col, col + span):
                if rows > 1:
                    carried[c] = rows
            col += span
            width = col
        width = max(width, max(taken, default=-1) + 1)
        widths.append(width)
        carried = {c: left - 1 for c, left in carried.items() if left > 1}
    return widths


def test_every_row_of_the_layout_spans_the_full_width(app, client_as, seeded) -> None:
    """Merged cells (项目资金, 绩效指标, 一级/二级指标) and the rows listing findings must add up to
    the same ten columns on every row, or the browser shifts cells into the wrong column."""
    reviewer, unit_b = client_as("reviewer"), client_as("unit_b")
    for client, ids in ((reviewer, seeded["unit_a"]), (unit_b, seeded["unit_b"])):
        for form_id in ids:
            widths = _grid_widths(client.get(f"/forms/{form_id}").text)
            assert set(widths) == {10}, (form_id, widths)
