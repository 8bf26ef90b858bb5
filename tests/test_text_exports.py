"""Text that common tools export from our PDF, xlsx and docx fixtures reads back as the forms.

Why: users mostly bring text made by tools we did not write — ``pdftotext`` (default order and
``-layout``), LibreOffice's CSV and plain-text exports.  ``make_text_exports.py`` made these files
from the committed fixtures, so each has a known answer: its source fixture's forms.  Same
comparison as ``test_formats_roundtrip`` (numbers exact, texts without whitespace).  Files the
reader does not read yet are strict xfails in ``KNOWN_GAPS``: a fix shows up as an unexpected
pass, and the entry must go.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.test_formats_roundtrip import MANIFEST, assert_reads_back, expected

from jixiao.model import Form

EXPORTS = Path(__file__).parent / "data" / "fixtures" / "text-exports"
INDEX: dict[str, dict[str, Any]] = json.loads(
    (EXPORTS / "text-exports.json").read_text(encoding="utf-8")
)

_LAYOUT = "pdftotext -layout: columns kept by padding with spaces; no layout reader yet"
_RAW = "pdftotext default order: cells of a LibreOffice PDF in content-stream order"
#: file -> why it is not read right yet (strict xfail).  One table per kind of export, so work on
#: one kind never touches another's entries.
LAYOUT_GAPS: dict[str, str] = {
    "000-9da3ca00a275ab0a.layout.txt": "pdftotext -layout, 12 forms: 4 level labels left on "
    "the wrong row (forms 4, 7, 11: a label printed a line above the middle of its rows, where "
    "the shorter run is as well centred as the right one)",
}
_F0 = (
    "; the funds row after 年度资金总额 prints its values before two row labels with nothing to "
    "say which (its 91% among the goal texts), the goal labels and texts interleave with the "
    "level labels, and level-2 labels print as a column ahead of their rows"
)
RAW_GAPS: dict[str, str] = {
    "000-9da3ca00a275ab0a.f0.yuan.raw.txt": _RAW + _F0,
    "000-9da3ca00a275ab0a.f0.page-break-after-3.raw.txt": _RAW + _F0,
    "000-9da3ca00a275ab0a.f0-1.per-sheet-False.raw.txt": _RAW + _F0 + "; form 2's goal texts "
    "print line by line into each other (two cells' lines joined on one line)",
    "000-9da3ca00a275ab0a.f0.sichuan.raw.txt": _RAW + _F0 + "; Sichuan's 分值 column before the "
    "target: most rows' weights and values print apart from their texts",
    "000-9da3ca00a275ab0a.raw.txt": _RAW + _F0 + "; in most of the 12 forms the two goal texts "
    "print line by line into each other",
    "002-ddf2ad2b933db61d.raw.txt": _RAW + "; level labels print as a column after the goal "
    "text, the actual goal text after the indicator labels, and the first rows' names before "
    "all their values",
}
OTHER_GAPS: dict[str, str] = {}
_PRODUCERS = (
    "pdftotext of a PDF made by another producer ({}) than the Calc PDFs the readers were "
    "written against: not read exactly yet"
)
#: the same forms from other producers' PDFs (jixiao's WeasyPrint export, LibreOffice Writer)
_WRITER_ROWS = (
    "; Writer's narrow columns: a wrapped 三级指标 whose row values print on its first line "
    "splits into two rows, and the last line of an 11-line cell (平。) stays a row of its own "
    "(the next row's 数字化 X 射线…, Latin spaced apart from CJK, makes the column look wider)"
)
_WRITER_HEAD = (
    "; the 项目资金(万元) label wraps in three pieces (项目资 / 金(万 / 元)) so the unit is lost, "
    "and 主管部门 printed a line below its value's first line swallows the department"
)
PRODUCER_LAYOUT_GAPS: dict[str, str] = {
    "000-9da3ca00a275ab0a.f0.sichuan.writer.layout.txt": _PRODUCERS.format("writer")
    + _WRITER_ROWS
    + "; the funds label in three pieces (项目资 / 金(万 / 元)): unit lost",
    "000-9da3ca00a275ab0a.f0.split.writer.layout.txt": _PRODUCERS.format("writer") + _WRITER_ROWS,
    "000-9da3ca00a275ab0a.f0.yuan.writer.layout.txt": _PRODUCERS.format("writer") + _WRITER_ROWS,
    "000-9da3ca00a275ab0a.writer.layout.txt": _PRODUCERS.format("writer")
    + _WRITER_ROWS
    + _WRITER_HEAD
    + "; ~38 field differences over 12 forms",
    "000_9da3ca00a275ab0a.weasyprint.layout.txt": _PRODUCERS.format("weasyprint")
    + "; 9 field differences: two goal texts whose lines' digits make a full line look short "
    "(forms 7, 8), a centred 三级指标 that goes on into the next row's text (form 9), and two "
    "level-2 labels on the wrong row where two runs are equally well centred (forms 7, 11)",
    "002-ddf2ad2b933db61d.writer.layout.txt": _PRODUCERS.format("writer")
    + _WRITER_ROWS
    + _WRITER_HEAD,
}
_WRITER_RAW = (
    "; Writer centres narrow labels on their neighbours' baselines, so pdftotext joins two "
    "cells' lines into one: the two goal texts twine line by line, 三级指标 names twine with "
    "their targets and values, and the funds values print after later row labels with nothing "
    "to say which row"
)
_WEASY_RAW = (
    "; WeasyPrint draws a page's spanning cells before its rows: level-2 labels print apart "
    "from their rows (a column of them before the first row or after the last)"
)
PRODUCER_RAW_GAPS: dict[str, str] = {
    "000-9da3ca00a275ab0a.f0.sichuan.writer.raw.txt": _PRODUCERS.format("writer")
    + _WRITER_RAW
    + "; 项目资 / 金(万 / 元) twines with 年度资金总额 and 其中：当年财政拨款, and Sichuan's 分值 "
    "column before the target prints each weight on a line of its name",
    "000-9da3ca00a275ab0a.f0.split.writer.raw.txt": _PRODUCERS.format("writer") + _WRITER_RAW,
    "000-9da3ca00a275ab0a.f0.yuan.writer.raw.txt": _PRODUCERS.format("writer") + _WRITER_RAW,
    "000-9da3ca00a275ab0a.writer.raw.txt": _PRODUCERS.format("writer")
    + _WRITER_RAW
    + "; forms 2 and 5 print the indicator table column by column (总分 before the rows)",
    "000_9da3ca00a275ab0a.weasyprint.raw.txt": _PRODUCERS.format("weasyprint")
    + _WEASY_RAW
    + "; form 1's goal texts print among the first indicator labels, and some funds values "
    "after the next row's label (form 10's 上年结转资金 rate after 其他资金)",
    "002-ddf2ad2b933db61d.writer.raw.txt": _PRODUCERS.format("writer")
    + _WRITER_RAW
    + "; form 1's 实际完成情况 text prints after 总分, and form 2 prints 总分 before its "
    "indicator rows, which then read as a form of their own (5 forms for 4)",
    "002_ddf2ad2b933db61d.weasyprint.raw.txt": _PRODUCERS.format("weasyprint")
    + _WEASY_RAW
    + "; form 1's last two rows print their names and level labels after their values, just "
    "before 总分",
}

KNOWN_GAPS = {**LAYOUT_GAPS, **RAW_GAPS, **OTHER_GAPS, **PRODUCER_LAYOUT_GAPS, **PRODUCER_RAW_GAPS}


def _params() -> list[Any]:
    out = []
    for name in sorted(INDEX):
        marks = []
        if name in KNOWN_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name]))
        out.append(pytest.param(name, id=name, marks=marks))
    return out


def wanted(name: str) -> list[Any]:
    """The file's answer: its source fixture's forms as that fixture prints them, or (source
    ``expected/<seed>``, PDFs jixiao itself wrote) the seed's hand-checked forms."""
    entry = INDEX[name]
    source: str = entry["source"]
    if source.startswith("expected/"):
        seed = EXPORTS.parent.parent / "expected" / f"{source.split('/', 1)[1]}.json"
        forms = [Form.model_validate(f) for f in json.loads(seed.read_text(encoding="utf-8"))]
    else:
        forms = expected(MANIFEST[source])
    return forms if entry["forms"] is None else [forms[i] for i in entry["forms"]]


@pytest.mark.parametrize("name", _params())
def test_export_reads_back(name: str) -> None:
    check_export(name)


def check_export(name: str) -> None:
    """The file's forms equal its source fixture's, field by field (the assertion of every test
    here; shared so that a narrower test module can run one kind of export)."""
    assert_reads_back(EXPORTS / name, wanted(name))


def test_every_kind_of_export_is_there() -> None:
    kinds = {name.rsplit(".", 2)[-2] if name.endswith(".txt") else "csv" for name in INDEX}
    assert {"raw", "layout", "csv"} <= kinds
    assert all((EXPORTS / name).exists() for name in INDEX)
