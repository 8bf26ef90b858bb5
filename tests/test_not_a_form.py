"""Text that is not a form is not read as one; a real form, whole, cut off or embedded, still is.

Why: forms are found by their labels, and scripts, READMEs, the lexicon, dumps, logs and notes
quote labels.  A user who points ``parse`` or ``ingest`` at a folder that also holds them must
get "no form in this file" (the ``no-form`` problem, naming the file), never forms whose goals are
paragraphs of code and whose every value is empty.  The line is drawn by evidence
(:mod:`jixiao.recognize.evidence`): amounts, scored indicator rows, header values — and these
tests hold both sides of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.api import parse, parse_text
from jixiao.model import Form
from jixiao.readers import read_document
from jixiao.readers.text.backend import text_to_document
from jixiao.recognize import labels
from jixiao.recognize.assemble import build_form
from jixiao.recognize.evidence import Evidence, evidence, is_form, shows_a_form
from jixiao.recognize.segment import split_forms
from jixiao.render.text import Style, render, render_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "src" / "jixiao" / "samples").glob("*.txt"))
EXPECTED = ROOT / "tests" / "data" / "expected"
CONTRACT = ("year", "project_name", "project_code", "department", "implementer", "funds",
            "goal_expected", "goal_actual", "indicators", "total_weight", "total_score")  # fmt: skip


def _seed_forms() -> list[Form]:
    return [
        Form.model_validate(f)
        for path in sorted(EXPECTED.glob("*.json"))
        for f in json.loads(path.read_text("utf-8"))
    ]


FORMS = _seed_forms()


def _contract(form: Form) -> dict[str, object]:
    data = form.to_json(sources=False)
    return {k: data[k] for k in CONTRACT}


def _no_form(path: Path) -> None:
    [result] = parse([path])
    assert result.forms == [], (
        f"{path.name} read as {len(result.forms)} form(s): "
        f"{[(f.project_name, (f.goal_expected or '')[:40]) for f in result.forms]}"
    )
    assert [p.code for p in result.problems] == ["no-form"]
    assert result.problems[0].file == str(path)
    assert "未找到项目支出绩效自评表" in result.problems[0].message


# ---- files of this repository: none of them is a form -----------------------------------------


def _repo_files() -> Iterator[Path]:
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs").glob("*.md"))
    yield ROOT / "docs" / "form.schema.json"
    yield ROOT / "tests" / "data" / "expected" / "README.md"  # level labels and numbers in prose
    yield ROOT / "src" / "jixiao" / "lexicon" / "labels.toml"
    yield ROOT / "tests" / "data" / "fixtures" / "make_fixtures.py"
    yield ROOT / "tests" / "data" / "fixtures" / "make_pdf_fixtures.py"
    yield ROOT / "tests" / "data" / "fixtures" / "manifest.json"
    yield ROOT / "bench" / "generate.py"
    yield Path(__file__)


REPO_FILES = [p for p in _repo_files() if p.exists()]


@pytest.mark.parametrize("path", REPO_FILES, ids=[str(p.relative_to(ROOT)) for p in REPO_FILES])
def test_repository_files_are_no_forms(path: Path) -> None:
    _no_form(path)


def test_the_json_output_of_parse_is_no_form(tmp_path: Path) -> None:
    """``jixiao parse --format json`` lists forms as data: read again, it is no printed form."""
    forms = [f for r in parse(SAMPLES[:2]) for f in r.forms]
    assert len(forms) > 5
    for indent in (2, None):
        path = tmp_path / f"forms-{indent}.json"
        data = [f.to_json() for f in forms]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=indent), "utf-8")
        _no_form(path)


@pytest.fixture(scope="module")
def dump_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``jixiao dump --format csv`` of a store holding two sample files."""
    from jixiao.analysis.dump import dump
    from jixiao.store.db import open_store
    from jixiao.store.ingest import ingest

    folder = tmp_path_factory.mktemp("dump")
    engine = open_store(f"sqlite:///{folder / 'store.db'}")
    try:
        summary = ingest(engine, SAMPLES[:2], workers=1)
        assert summary.forms > 5
        dump(engine, folder / "csv", "csv")
    finally:
        engine.dispose()
    return folder / "csv"


@pytest.mark.parametrize("table", ["forms", "indicators", "findings"])
def test_the_csv_dump_is_no_form(dump_csv: Path, table: str) -> None:
    path = dump_csv / f"{table}.csv"
    assert path.stat().st_size > 1000
    _no_form(path)


LOG = """\
============================= test session starts ==============================
collected 3 items

tests/test_forms.py F..                                                  [100%]

=================================== FAILURES ===================================
______________________________ test_goal_columns _______________________________

    def test_goal_columns() -> None:
        form = only_form(SICHUAN)
>       assert form.goal_expected == "年初设定目标：完成道路硬化12公里"
E       AssertionError: assert '年度总体目标' == '年初设定目标：完成道路硬化12公里'
E         - 年初设定目标：完成道路硬化12公里
E         + 年度总体目标

tests/test_forms.py:41: AssertionError
----------------------------- Captured stderr call -----------------------------
cut.txt (line 12): 第1个表格不完整，在第12行附近中断
=========================== short test summary info ============================
FAILED tests/test_forms.py::test_goal_columns - AssertionError: assert '年度总体目标' == ...
========================= 1 failed, 2 passed in 0.42s ==========================
"""

NOTES = """\
关于填写2024年度项目支出绩效自评表的说明

一、项目名称应与预算批复一致，主管部门和实施单位填写全称。
二、年度总体目标
预期目标和实际完成情况应一一对应，不得照抄。
三、绩效指标分为产出指标、效益指标、满意度指标，总分100分。
请各单位于3月31日前报送。
"""

LONE_GOALS = (
    "年度总体目标\n" + "本年度我们持续推进各项工作，取得了明显成效，群众满意度进一步提高。\n" * 6
)

SCRIPT = '''\
"""Fill in the 项目支出绩效自评表 template."""
LABELS = ["项目名称", "主管部门", "实施单位", "年度总体目标", "绩效指标"]


def fill(ws, form):
    ws["A2"] = "项目名称"
    ws["C2"] = form.project_name
    ws["A10"] = "年度总体目标"
    ws["B10"] = form.goal_expected  # 预期目标
    return ws
'''


CODE_LINE = """\
def test_simplified_text_is_left_alone() -> None:
    assert not looks_traditional(
        "项目支出绩效自评表 项目名称 基层医疗卫生服务能力提升项目补助资金 主管部门 卫生健康委员会"
    )
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.log", LOG),
        ("说明.txt", NOTES),
        ("goals.txt", LONE_GOALS),
        ("fill.py", SCRIPT),
        ("test_code.py", CODE_LINE),
    ],
)
def test_texts_quoting_labels_are_no_forms(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    _no_form(path)


def test_the_no_form_message_says_where_labels_were_seen() -> None:
    result = parse_text(LONE_GOALS, "goals.txt")
    [problem] = result.problems
    assert problem.code == "no-form" and problem.location is not None
    assert problem.location.line == 1
    assert "年度总体目标" in problem.message and "没有表格内容" in problem.message
    assert "no form content" in problem.message_en


@pytest.mark.parametrize("total", ["", "合计\t\t\t1,000.00\t1,000.00\t900.00\t90%\t"])
def test_a_list_of_projects_with_amounts_is_no_form(total: str) -> None:
    """A summary sheet (one project per row, 项目名称 and the funds columns as column heads) holds
    amounts, but no form: its rows are projects, not a form's funds rows — and its 合计 row,
    which a form would print as 年度资金总额, does not make it one."""
    rows = ["2024年度项目支出执行情况汇总表",
            "序号\t项目名称\t主管部门\t年初预算数\t全年预算数\t全年执行数\t执行率\t自评得分"]  # fmt: skip
    for i in range(1, 21):
        budget = 10.0 * i + 0.55
        rows.append(f"{i}\t第{i}号项目\t北京市某区卫生健康委员会\t{budget}\t{budget}"
                    f"\t{budget * 0.9:.2f}\t90%\t{80 + i % 20}")  # fmt: skip
    rows.append(total)
    result = parse_text("\n".join(rows) + "\n", "汇总表.txt")
    assert result.forms == []
    [problem] = result.problems
    assert problem.code == "no-form" and "“项目名称”" in problem.message
    where = problem.location
    assert where is not None and (where.line, where.column) == (2, 2)  # the 项目名称 cell


def test_a_blank_template_is_no_form() -> None:
    """Every label printed, nothing filled in: there is no form to read (yet)."""
    text = render(Form(), Style.tsv)
    assert "项目名称" in text and "年度资金总额" in text and "绩效指标" in text
    result = parse_text(text, "模板.txt")
    assert result.forms == []
    assert [p.code for p in result.problems] == ["no-form"]


def test_field_names_are_no_labels() -> None:
    """The lexicon's canonical names (project_name, total, funds ...) are field names, printed by
    code and English prose, never by a form; its Chinese canonical names stay labels."""
    for word in ("project_name", "department", "total", "funds", "goals", "score", "target"):
        found = labels.of(word)
        assert (found.header, found.total, found.funds_block, found.goals) == (
            None,
            False,
            False,
            None,
        ), word
    assert labels.of("项目名称").header == "project_name"
    assert labels.of("数量指标").level2 is not None


# ---- the other side: real forms, whole, embedded or cut off -------------------------------------

REPORT_BEFORE = """\
# 2024年度绩效自评工作报告

## 一、总体情况

本报告说明本单位项目支出绩效自评表的填报情况。每张表的项目名称与预算批复一致，年度总体目标
分为预期目标和实际完成情况两栏，绩效指标按产出指标、效益指标和满意度指标设置。

## 二、自评表

"""

REPORT_AFTER = """

## 三、问题和改进

部分指标的实际完成情况低于预期目标，偏差原因已在表中说明。总分未达到90分的项目将于下年度重点跟踪。

## 四、下一步工作

继续完善绩效指标体系，提高年度总体目标的可衡量性。
"""


@pytest.mark.parametrize("style", list(Style))
def test_a_form_embedded_in_a_long_report_is_found(style: Style) -> None:
    form = FORMS[0]
    alone = parse_text(render(form, style), "alone.txt")
    [want] = alone.forms
    report = REPORT_BEFORE + render(form, style) + REPORT_AFTER
    result = parse_text(report, "报告.md")
    assert not result.problems, [p.message for p in result.problems]
    [got] = result.forms
    assert got.complete
    assert _contract(got) == _contract(want)


def test_a_form_followed_by_a_remark_quoting_a_label_stays_one_form() -> None:
    text = render(FORMS[0], Style.tsv) + "\n年度总体目标的完成情况见附件。\n绩效指标说明另附。\n"
    result = parse_text(text, "form.txt")
    assert not result.problems
    [form] = result.forms
    assert form.complete and form.project_name == FORMS[0].project_name


@pytest.mark.parametrize("style", list(Style))
def test_the_start_of_one_more_form_cut_off_is_reported(style: Style) -> None:
    """Three forms, the third cut right after its 项目名称 label: too little to be read, but in a
    file of forms the start of one more must not pass unnoticed (it did when it was read as a
    form; now that it is no form, it is reported by itself)."""
    text = render_document(FORMS[:3], style)
    start = text.rindex("项目支出绩效自评表")
    cut = text.rindex("项目名称") + len("项目名称")
    result = parse_text(text[:cut], "three.txt")
    assert [f.project_name for f in result.forms] == [f.project_name for f in FORMS[:2]]
    assert all(f.complete for f in result.forms)
    [problem] = result.problems
    assert problem.code == "form-truncated" and problem.location is not None
    assert problem.location.line == text[:start].count("\n") + 1
    assert f"第{problem.location.line}行起的表格" in problem.message


CUT_FORMS = [FORMS[0], FORMS[-1]]  # one without codes, one with codes printed before the names


def _cuts(text: str, style: Style) -> list[int]:
    """Every line end (every word end on a one-line form) between the title and the total."""
    start = text.index("项目支出绩效自评表")
    end = text.rindex("总分")
    sep = " " if style == Style.flat else "\n"
    return [i for i, ch in enumerate(text) if ch == sep and start < i < end]


@pytest.mark.parametrize("style", list(Style))
@pytest.mark.parametrize("form", CUT_FORMS, ids=["plain", "with-codes"])
def test_a_form_cut_off_anywhere_is_a_partial_form_once_it_shows_content(
    form: Form, style: Style
) -> None:
    """Cut at every line: before the form shows content, the file has no form (and says so);
    from the first header values on, it is a partial form marked incomplete with a
    form-truncated problem — and stays one as the cut moves on (no flip-flopping)."""
    text = render(form, style)
    first_amounts = text.index("年度资金总额")
    header_done = text.index("项目资金")  # the header ends where the funds block begins
    kept_since: int | None = None
    for cut in _cuts(text, style):
        result = parse_text(text[:cut], "cut.txt")
        if not result.forms:
            assert kept_since is None, f"a longer cut lost the form:\n{text[:cut][-300:]}"
            assert [p.code for p in result.problems] == ["no-form"]
            assert cut < first_amounts, f"a cut past the amounts is no form:\n{text[:cut][-300:]}"
            continue
        kept_since = cut if kept_since is None else kept_since
        [got] = result.forms
        assert not got.complete
        assert "form-truncated" in [p.code for p in result.problems]
        assert got.project_name == form.project_name or cut < header_done
    assert kept_since is not None and kept_since < header_done, (
        "a form cut right after its header is still a (partial) form"
    )


def test_the_seed_files_keep_every_form() -> None:
    for result in parse(SAMPLES):
        assert result.forms and not result.problems


@pytest.mark.parametrize(
    ("found", "verdict"),
    [
        (Evidence(amounts=2, indicator_rows=0, header_values=0, totals=0, title=False), True),
        (Evidence(amounts=0, indicator_rows=1, header_values=0, totals=0, title=False), True),
        (Evidence(amounts=0, indicator_rows=0, header_values=3, totals=0, title=False), True),
        (Evidence(amounts=0, indicator_rows=0, header_values=2, totals=0, title=True), True),
        (Evidence(amounts=1, indicator_rows=0, header_values=2, totals=0, title=False), True),
        (Evidence(amounts=0, indicator_rows=0, header_values=2, totals=0, title=False), False),
        (Evidence(amounts=1, indicator_rows=0, header_values=1, totals=2, title=True), False),
        (Evidence(amounts=0, indicator_rows=0, header_values=0, totals=0, title=True), False),
    ],
)
def test_the_line_between_form_and_no_form(found: Evidence, verdict: bool) -> None:
    assert is_form(found) is verdict


def test_the_quick_check_agrees_with_the_full_evidence() -> None:
    """``shows_a_form`` (early exits, run on every form read) decides as ``is_form(evidence())``
    on every candidate of the repository files and of a seed form cut at every line."""
    documents = [read_document(p) for p in REPO_FILES]
    for form in CUT_FORMS:
        text = render(form, Style.pdf)
        documents += [text_to_document(text[:cut], "cut.txt") for cut in _cuts(text, Style.pdf)]
    seen = {True: 0, False: 0}
    for document in documents:
        for rows in split_forms(document):
            candidate = build_form(rows, document.name, 0)
            verdict = is_form(evidence(candidate, rows))
            assert shows_a_form(candidate, rows) is verdict, (
                document.name,
                evidence(candidate, rows),
            )
            seen[verdict] += 1
    assert seen[True] > 50 and seen[False] > 5, seen


def test_a_cut_off_workbook_form_names_its_sheet_and_cell(tmp_path: Path) -> None:
    """A place is a line only in text: a spreadsheet's cut-off form names its sheet and cell
    (the message used to say 第None行)."""
    openpyxl = pytest.importorskip("openpyxl")
    from jixiao.export import export_form

    whole = tmp_path / "whole.xlsx"
    export_form(FORMS[0], "xlsx", whole)
    book = openpyxl.load_workbook(whole)
    sheet = book.worksheets[0]
    sheet.delete_rows(14, sheet.max_row)  # keep the header, the funds and the goals
    cut = tmp_path / "cut.xlsx"
    book.save(cut)
    [result] = parse([cut])
    [form] = result.forms
    assert not form.complete
    [problem] = result.problems
    assert problem.code == "form-truncated"
    assert f"工作表 {sheet.title} 单元格 " in problem.message and "附近中断" in problem.message
    assert f"sheet {sheet.title}" in problem.message_en
    assert "None" not in problem.message + problem.message_en
    assert all("None" not in n.message + n.message_en for n in form.notes)
