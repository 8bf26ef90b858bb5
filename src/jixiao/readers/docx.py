"""Word (.docx) documents to grids, with python-docx's element classes.

Why not ``table.rows[i].cells``: python-docx returns a merged cell once for every slot it covers,
so 产出指标 would appear 16 times (ecosystem.md §3).  Instead the XML rows are walked: ``gridSpan``
gives the colspan, ``vMerge="continue"`` cells extend the rowspan of the cell above them and are
not emitted themselves.

Forms in Word are often split into several tables, with the title and "(2024年度)" as paragraphs
between them.  The body is read in document order: each run of paragraphs becomes a grid of
single-cell rows (``Location.line`` is the paragraph's number in the body), each table a grid
(``Location.table`` counts tables from 1 in document order, nested ones included).
"""

from __future__ import annotations

import io
from typing import Any

from jixiao.document import Cell, Document, Grid, Row
from jixiao.model.provenance import Location
from jixiao.readers.safety import error, inflate_all
from jixiao.readers.tables import cut_at_nested, text_grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    f"{_W}p",
    f"{_W}tbl",
    f"{_W}tr",
    f"{_W}tc",
    f"{_W}sdt",
    f"{_W}sdtContent",
)
_BREAKS = {f"{_W}br", f"{_W}cr"}
_VAL = f"{_W}val"


def paragraph_text(p: Any) -> str:
    """A paragraph's text: runs, tabs as "\\t", line breaks as "\\n" (deleted text left out)."""
    parts: list[str] = []
    for el in p.iter(f"{_W}t", f"{_W}tab", *_BREAKS):
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _blocks(parent: Any) -> list[Any]:
    """Paragraphs and tables directly under ``parent``, looking through content controls."""
    out: list[Any] = []
    for child in parent:
        if child.tag in (_P, _TBL):
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_blocks(content))
    return out


def _int_attr(el: Any, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return int(found.get(_VAL, default))
    except ValueError:
        return default


class _Walker:
    def __init__(self) -> None:
        self.tables = 0
        self.paragraphs = 0

    def body(self, body: Any) -> list[Grid]:
        grids: list[Grid] = []
        lines: list[tuple[str, Location]] = []
        for block in _blocks(body):
            if block.tag == _P:
                self.paragraphs += 1
                lines.append((paragraph_text(block), Location(line=self.paragraphs)))
                continue
            if lines:
                grids.append(text_grid(lines, Location()))
                lines = []
            grids.extend(self.table(block))
        if lines:
            grids.append(text_grid(lines, Location()))
        return [g for g in grids if g.rows]

    def table(self, tbl: Any) -> list[Grid]:
        self.tables += 1
        number = self.tables
        rows: list[Row] = []
        nested: dict[int, list[Grid]] = {}
        open_above: dict[int, Cell] = {}  # grid column -> the vMerge anchor still open there
        for tr in tbl.iterchildren(_TR):
            r = len(rows)
            col = _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
            cells: list[Cell] = []
            for tc in tr.iterchildren(_TC):
                span = max(1, int(tc.grid_span))
                merge = tc.vMerge
                if merge == "continue" and col in open_above:
                    open_above[col].rowspan += 1
                    col += span
                    continue
                texts: list[str] = []
                for block in _blocks(tc):
                    if block.tag == _P:
                        texts.append(paragraph_text(block))
                    else:
                        nested.setdefault(r, []).extend(self.table(block))
                where = Location(table=number, row=r + 1, column=col + 1)
                cell = Cell("\n".join(texts).strip("\n"), where, colspan=span, col=col)
                cells.append(cell)
                for c in range(col, col + span):
                    open_above.pop(c, None)
                if merge == "restart":
                    open_above[col] = cell
                col += span
            rows.append(Row(cells))
        return cut_at_nested(rows, nested, Location(table=number))


def read_docx(data: bytes, name: str) -> Document:
    """The body of a .docx as grids in document order (the zip is checked for bombs first)."""
    inflate_all(data, name)
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for damaged or foreign files
        raise error(
            name,
            "corrupt-file",
            "Word 文档已损坏或格式无法识别，请在 Word/WPS 中打开后另存为 docx 再读取",
            f"the Word document is damaged or not a .docx ({type(exc).__name__}); re-save it as .docx",
        ) from exc
    grids = _Walker().body(word.element.body)
    return Document(name=name, grids=grids, format="docx")
