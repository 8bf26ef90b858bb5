"""The header of a form: year, 项目名称, 主管部门, 实施单位, 项目负责人, 联系电话.

A label's value is the next filled cell of its row (or the rest of the cell after a colon), which
reads spreadsheet rows and flowing text alike.  Codes printed with a name ("149001-北京市…",
"北京市…162001", "[155]北京市…") go to the ``*_code`` field, so names compare across forms.
"""

from __future__ import annotations

import re

from jixiao.document import Cell
from jixiao.model import Form, Source
from jixiao.recognize import labels
from jixiao.recognize.segment import Line
from jixiao.recognize.values import source as source_at
from jixiao.text.normalize import clean, fold_width

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
# a code in brackets before the name: [155]北京市… / （155）北京市… / 【155】…
_CODE_BRACKETED = re.compile(
    r"^\s*[\[【（(]\s*([0-9A-Za-z][0-9A-Za-z.\-]*)\s*[\]】）)]\s*(.+)$", re.S
)
# a code before the name: 149001-北京市… / 11010623T000002053535-2023年… / 149001 北京市…
_CODE_BEFORE = re.compile(r"^\s*([0-9A-Za-z]*\d[0-9A-Za-z]{4,})\s*[-－—_:：、\s]\s*(\S.*)$", re.S)
# a code after the name: 北京市…委员会162001 / 北京市…（162001）
_CODE_AFTER = re.compile(
    r"^(.*(?:[^\x00-\x7f\s（【〔]|\)))\s*[-－—_]?\s*[（(\[]?\s*([0-9A-Za-z]*\d{5,}[0-9A-Za-z]*)\s*[)）\]]?\s*$",
    re.S,
)
_PHONE = re.compile(r"((?:\+?86[-\s]?)?(?:\d{3,4}[-－\s]?)?\d{7,8}(?:[-－转]\d{1,5})?|1\d{10})")
# name field -> the field its printed code goes to
_CODED_FIELDS = {
    "project_name": "project_code",
    "department": "department_code",
    "implementer": "implementer_code",
}
_PLAIN_FIELDS = ("project_code", "manager", "phone")


def split_code(text: str) -> tuple[str, str | None]:
    """(name, code) of a printed name; the code is ``None`` when none is printed.

    >>> split_code("149001-北京市丰台区卫生健康委员会")
    ('北京市丰台区卫生健康委员会', '149001')
    >>> split_code("北京市密云区卫生健康委员会162001")
    ('北京市密云区卫生健康委员会', '162001')
    """
    text = fold_width(text)
    for pattern, name_group, code_group in (
        (_CODE_BRACKETED, 2, 1),
        (_CODE_BEFORE, 2, 1),
        (_CODE_AFTER, 1, 2),
    ):
        m = pattern.match(text)
        if m and sum(ch.isdigit() for ch in m.group(code_group)) >= 3:
            name = m.group(name_group).strip()
            if name and not name.isdigit() and not name.startswith("年"):
                return name, m.group(code_group)
    return text, None


def split_manager_phone(text: str) -> tuple[str | None, str | None]:
    """项目负责人及电话: "张三 0838-1234567" / "张三/13800000000" -> (张三, 0838-1234567)."""
    text = fold_width(text)
    m = _PHONE.search(text)
    if not m:
        return clean(text), None
    name = (text[: m.start()] + " " + text[m.end() :]).strip(" /／、,，;；:：-—()（）")
    return clean(name), m.group(1).strip()


def find_year(lines: list[Line]) -> tuple[int, Cell] | None:
    """The year printed near the title: "(2024年度)", "（2023 年度）", "2023年度项目支出…"."""
    for line in lines:
        for cell in line.cells:
            m = _YEAR.search(fold_width(cell.text))
            if m and ("度" in m.group(0) or labels.is_title(cell.text)):
                return int(m.group(1)), cell
    return None


def read_header(form: Form, title_lines: list[Line], header_lines: list[Line]) -> None:
    year = find_year(title_lines) or find_year(header_lines[:1])
    if year:
        form.year = year[0]
        form.sources["year"] = _source(year[1])
    for line in header_lines:
        _read_pairs(form, line.cells)


def _read_pairs(form: Form, cells: list[Cell]) -> None:
    i = 0
    while i < len(cells):
        cell = cells[i]
        kind = labels.of(cell.text).header
        value: Cell | None = None
        raw: str | None = None
        if kind is not None:
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            if nxt is not None and not _is_label(nxt.text):
                value, raw = nxt, nxt.text
                i += 1
            if kind == "manager_phone" and value is not None and i + 1 < len(cells):
                after = cells[i + 1]
                if not _is_label(after.text) and _PHONE.search(fold_width(after.text)):
                    raw = f"{raw} {after.text}"
                    i += 1
        else:
            split = labels.split_label_value(cell.text)
            if split:
                kind, raw = split
                value = cell
        i += 1
        if kind is None or value is None or raw is None:
            continue
        _assign(form, kind, raw, value)


def _is_label(text: str) -> bool:
    return labels.of(text).header is not None or labels.split_label_value(text) is not None


def _assign(form: Form, kind: str, raw: str, cell: Cell) -> None:
    source = source_at(raw, cell.location)
    if kind == "manager_phone":
        manager, phone = split_manager_phone(raw)
        _set(form, "manager", manager, source)
        _set(form, "phone", phone, source)
        return
    if kind in _CODED_FIELDS:
        name, code = split_code(raw)
        _set(form, kind, clean(name), source)
        if code:
            _set(form, _CODED_FIELDS[kind], code, source)
        return
    if kind in _PLAIN_FIELDS:
        _set(form, kind, clean(raw), source)


def _set(form: Form, field: str, value: str | None, source: Source) -> None:
    if value is None or getattr(form, field) is not None:
        return  # the first printing wins (a repeated header on a new page says the same)
    setattr(form, field, value)
    form.sources[field] = source


def _source(cell: Cell) -> Source:
    return source_at(cell.text, cell.location)
