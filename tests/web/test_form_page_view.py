"""The form page's view model (jixiao.web.formview) and the page images of values' sources."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

import jixiao
from jixiao.checks import audit_form
from jixiao.model import Form, Location
from jixiao.scoring import score_form
from jixiao.web.formview import ReviewView, build_view, finding_key
from jixiao.web.pageimage import (
    MAX_WIDTH,
    PageImageError,
    describe_location,
    render_page,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "src/jixiao/samples").glob("*.txt"))
PDF = ROOT / "tests/data/fixtures/pdf-seeds/000-9da3ca00a275ab0a.pdf"


def _forms(paths: list[Path]) -> list[Form]:
    return [f for r in jixiao.parse(paths) for f in r.forms]


@pytest.fixture(scope="module")
def pdf_forms() -> list[Form]:
    return _forms([PDF])


def test_every_finding_is_placed_once_and_on_its_row(pdf_forms: list[Form]) -> None:
    for form in [*_forms(SAMPLES), *pdf_forms]:
        score = score_form(form)
        findings = audit_form(form, score=score)
        view = build_view(form, score, findings)
        placed = [f for r in view.rows() for f in r.findings]
        assert len(placed) == len(findings) == len(view.findings)
        for r in view.indicators:
            for f in r.findings:
                if f.field and f.field.startswith("indicators["):
                    assert f.field.startswith(r.key + ".")
                    if f.field in r.values:
                        assert f in r.values[f.field].findings


def test_the_view_prints_the_forms_values_and_recomputed_scores() -> None:
    form = _forms(SAMPLES)[0]
    score = score_form(form)
    view = build_view(form, score, audit_form(form, score=score))
    assert view.header[0].values["project_name"].text == form.project_name
    assert view.funds[1].values["funds.total.adjusted"].text == "4507.55"
    assert view.funds[1].values["funds.rate"].text == "91%"
    assert view.recomputed_total == f"{round(score.recomputed_total, 2):g}"
    assert view.typed_total == "98.6"
    assert len(view.indicators) == len(form.indicators)
    first = view.indicators[0]
    assert first.values["indicators[0].target"].text == form.indicators[0].target
    assert first.earn == "5" and first.status_zh == "相符"
    # level-1 / level-2 cells merged down: the spans cover every table row of the indicators
    assert sum(r.level1_span for r in view.indicators) == sum(r.height for r in view.indicators)
    assert sum(r.level2_span for r in view.indicators) == sum(r.height for r in view.indicators)
    src = first.values["indicators[0].target"].source
    assert src is not None and src.raw == "77件" and "行" in src.place and not src.has_image


def test_pdf_values_have_a_page_to_show(pdf_forms: list[Form]) -> None:
    form = pdf_forms[1]
    view = build_view(form, score_form(form), [])
    src = view.indicators[0].values["indicators[0].target"].source
    assert src is not None and src.has_image and src.page == 3
    assert src.place.startswith("第3页")


def test_reviews_are_attached_by_code_and_field() -> None:
    form = _forms(SAMPLES)[0]
    score = score_form(form)
    findings = audit_form(form, score=score)
    first = findings[0]
    review = ReviewView("dismiss", "已核实原件", "审核员甲")
    view = build_view(form, score, findings, {finding_key(first.code, first.field): review})
    reviewed = [f for f in view.findings if f.review is not None]
    assert len(reviewed) == sum(1 for f in findings if (f.code, f.field) == (first.code, first.field))
    assert reviewed[0].review is not None and reviewed[0].review.decision_zh == "已驳回"
    assert view.open_findings == len(findings) - len(reviewed)


def test_page_image_outlines_the_cell(pdf_forms: list[Form]) -> None:
    src = pdf_forms[1].indicators[0].sources["target"]
    loc = src.location
    assert loc.page is not None and loc.bbox is not None
    data = PDF.read_bytes()
    png = render_page(data, loc.page, loc.bbox)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width <= MAX_WIDTH
    # the outline is red on the cell's left edge, half way down
    x0, top, _x1, bottom = loc.bbox
    scale = image.width / 841.9  # A4 landscape in points
    px = image.getpixel((round(x0 * scale) - 1, round((top + bottom) / 2 * scale)))
    assert isinstance(px, tuple) and px[0] > 180 and px[1] < 90 and px[2] < 90
    close = Image.open(io.BytesIO(render_page(data, loc.page, loc.bbox, crop=True)))
    assert close.height < image.height


def test_page_images_are_cached_by_digest() -> None:
    data = PDF.read_bytes()
    first = render_page(data, 1, None, digest="abc", max_width=300)
    assert render_page(b"not read again", 1, None, digest="abc", max_width=300) is first


@pytest.mark.parametrize(("data", "page"), [(b"%PDF-1.4 broken", 1), (None, 99)])
def test_bad_pages_are_refused_with_a_message(data: bytes | None, page: int) -> None:
    with pytest.raises(PageImageError) as err:
        render_page(data if data is not None else PDF.read_bytes(), page)
    assert err.value.message and err.value.message_en


def test_describe_location() -> None:
    assert describe_location(Location(sheet="Sheet1", cell="C5")) == "工作表 Sheet1 单元格 C5"
    assert describe_location(Location(line=12, column=3)) == "第12行 第3格"
    assert describe_location(Location(page=2, bbox=(1, 2, 3, 4))).startswith("第2页")
    assert describe_location(None) == "位置未知"


def test_a_form_without_indicators_and_with_extra_funds_rows() -> None:
    from jixiao.model import FundsRow

    form = Form(project_name="空表", funds={"extra": {"财政专户管理资金": FundsRow(adjusted=5.0)}})
    score = score_form(form)
    findings = audit_form(form, score=score)
    view = build_view(form, score, findings)
    assert view.indicators == [] and view.indicators_span == 1
    extra = next(r for r in view.funds if r.key == "funds.extra.财政专户管理资金")
    assert extra.values["adjusted"].text == "5"
    assert len([f for r in view.rows() for f in r.findings]) == len(findings)
