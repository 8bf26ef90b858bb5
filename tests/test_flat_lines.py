"""Documents holding several forms, one form per line, whose goal texts carry ASCII commas.

Why: forms made from one template print the same sentences, so most lines of such a document hold
the same number of commas — which is what a spreadsheet's CSV export looks like.  The tabular
reader took these documents for CSV and found no form at all (the parse bench's "Forms not found
by style.encoding: flat.utf8 ..." at 10k forms: 20 forms in 3 documents).  A CSV record puts each
label in a field of its own; a flattened form prints them as words of one long line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.api import parse_text
from jixiao.model import Form
from jixiao.readers.text.tabular import _THOUSANDS, to_grid
from jixiao.render.text import Style, Variant, render, render_document

EXPECTED = Path(__file__).parent / "data" / "expected"
GOAL = "目标1:解决农村独生子女家庭的养老问题,提高家庭发展力,完善服务体系,保障机构正常运转。"


def _forms(n: int) -> list[Form]:
    data = json.loads((EXPECTED / "000_9da3ca00a275ab0a.json").read_text("utf-8"))
    base = Form.model_validate(data[0])  # one form's texts on every line: the same commas
    out = []
    for i in range(n):
        form = base.model_copy(deep=True)
        form.project_name = f"第{i + 1}号测试项目"
        form.goal_expected = GOAL
        out.append(form)
    return out


def _comma_counts(text: str) -> list[int]:
    """Commas per line, not counting thousands separators (4,507.55), as the CSV test counts."""
    return [_THOUSANDS.sub("", ln).count(",") for ln in text.split("\n") if ln.strip()]


@pytest.mark.parametrize("variant", [Variant(), Variant(yuan=True)], ids=["wanyuan", "yuan"])
@pytest.mark.parametrize("n", [3, 6])
def test_one_line_forms_with_the_same_commas_are_all_found(variant: Variant, n: int) -> None:
    forms = _forms(n)
    text = render_document(forms, Style.flat, variant)
    counts = _comma_counts(text)
    assert len(counts) == n and len(set(counts)) == 1 and counts[0] >= 3, (
        "the document must look like a CSV by its commas, or the test proves nothing"
    )
    assert to_grid(text) is None, "a flattened form was taken for a CSV record"
    result = parse_text(text, "flat.txt")
    assert [f.project_name for f in result.forms] == [f.project_name for f in forms]
    assert not result.problems
    assert all(f.complete for f in result.forms)
    assert [f.goal_expected for f in result.forms] == [GOAL] * n


def test_one_line_forms_among_other_lines_are_found() -> None:
    """The bench's failing documents mix lines with the common comma count and lines without."""
    forms = _forms(8)
    lines = [render(f, Style.flat).rstrip("\n") for f in forms]
    for k in (1, 4, 7):  # some goal texts without commas
        lines[k] = lines[k].replace(GOAL, "目标:保障机构正常运转。")
    text = "\n".join(lines) + "\n"
    result = parse_text(text, "flat.txt")
    assert [f.project_name for f in result.forms] == [f.project_name for f in forms]


def test_a_real_csv_export_is_still_read_as_csv() -> None:
    """A spreadsheet's CSV export: one label per field, records padded to one width."""
    rows = [
        ["项目支出绩效自评表", "", "", "", "", ""],
        ["项目名称", "基层项目", "", "", "", ""],
        ["主管部门", "北京市某区卫生健康委员会", "", "实施单位", "某中心", ""],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"],
        ["", "年度资金总额", "4,507.55", "4,507.55", "4,104.27", "91%"],
    ]
    text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n"
    grid = to_grid(text)
    assert grid is not None
    assert grid.rows[2].texts() == ["主管部门", "北京市某区卫生健康委员会", "实施单位", "某中心"]
    assert grid.rows[4].texts()[1] == "4,507.55"
