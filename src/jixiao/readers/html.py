"""HTML pages (web exports, "save as web page", LibreOffice/Excel HTML) to grids, with lxml.

Why our own span walk: ``pandas.read_html`` copies a merged value into every slot it covers,
which breaks level-1/level-2 attribution (ecosystem.md §3).  Here each ``<td>``/``<th>`` is placed
at the first free slot of an occupancy grid and appears once, with its colspan/rowspan.

Cell text follows what a browser shows: source whitespace collapses to one space (and vanishes
between two Chinese characters, where a browser joins wrapped source lines), ``<br>`` and block
elements (``<p>``, ``<div>``) become line breaks.  Text outside tables (the title, "(2024年度)")
becomes single-cell rows of a text grid placed in document order; ``Location.line`` is the
source line of the element.  Encoding: byte-order mark, then ``<meta charset>`` (GB2312/GBK read
as GB18030, their superset), then the shared text decoder's detection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jixiao.document import Cell, Document, Grid, Row
from jixiao.model.provenance import Location
from jixiao.readers.safety import error
from jixiao.readers.tables import cut_at_nested, text_grid
from jixiao.readers.text.decode import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "section", "article",
    "header", "footer", "center", "blockquote", "pre", "caption", "dl", "dt", "dd", "hr", "form",
    "body", "main", "nav", "aside", "address", "figure", "figcaption", "title",
}  # fmt: skip
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "object", "iframe"}
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_MAX_SPAN = 1000


def decode_html(data: bytes) -> tuple[str, str | None]:
    """The page as text and the encoding used."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:8192])
        if m:
            declared = m.group(1).decode("ascii").lower()
            encoding = _ALIASES.get(declared, declared)
            try:
                return data.decode(encoding), encoding
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration: fall back to detection
    decoded = decode_bytes(data)
    return decoded.text or "", decoded.encoding


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text))


class _Text:
    """Collects inline text into lines; a line break ends the current line."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, int | None]] = []
        self.parts: list[str] = []
        self.line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = line
            self.parts.append(text)

    def newline(self) -> None:
        text = _collapse("".join(self.parts)).strip()
        if text:
            self.lines.append((text, self.line))
        self.parts, self.line = [], None


def _span(el: Any, attr: str, limit: int) -> int:
    raw = (el.get(attr) or "1").strip().rstrip(";")
    try:
        value = int(float(raw))
    except ValueError:
        return 1
    return limit if value == 0 else max(1, min(value, limit, _MAX_SPAN))


def _table_rows(table: Any) -> list[Any]:
    """The table's own rows (in thead/tbody/tfoot or directly), not those of nested tables."""
    rows: list[Any] = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


class _Walker:
    def __init__(self) -> None:
        self.tables = 0

    def flow(self, el: Any, text: _Text, on_table: Callable[[Any], None], *, lines: bool) -> None:
        """Walk inline content into ``text``: block tags and <br> end a line; a nested table is
        handed to ``on_table``.  ``lines`` keeps source line numbers (page text, not cells)."""
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "table":
            on_table(el)
            return
        if tag == "br":
            text.newline()
            return
        block = tag in _BLOCK
        if block:
            text.newline()
        text.add(el.text, el.sourceline if lines else None)
        for child in el:
            self.flow(child, text, on_table, lines=lines)
            text.add(child.tail, child.sourceline if lines else None)
        if block:
            text.newline()

    def page(self, root: Any) -> list[Grid]:
        grids: list[Grid] = []
        text = _Text()

        def flush() -> None:
            text.newline()
            if text.lines:
                lines = [(t, Location(line=n)) for t, n in text.lines]
                grids.append(text_grid(lines, Location()))
                text.lines = []

        def on_table(el: Any) -> None:
            flush()
            grids.extend(self.table(el))

        body = root.find("body")
        self.flow(body if body is not None else root, text, on_table, lines=True)
        flush()
        return [g for g in grids if g.rows]

    def cell_text(self, td: Any, nested: list[Grid]) -> str:
        text = _Text()

        def on_table(el: Any) -> None:
            text.newline()
            nested.extend(self.table(el))

        text.add(td.text, None)
        for child in td:
            self.flow(child, text, on_table, lines=False)
            text.add(child.tail, None)
        text.newline()
        return "\n".join(t for t, _ in text.lines)

    def table(self, table: Any) -> list[Grid]:
        self.tables += 1
        number = self.tables
        trs = _table_rows(table)
        taken: set[tuple[int, int]] = set()
        rows: list[Row] = []
        nested: dict[int, list[Grid]] = {}
        for r, tr in enumerate(trs):
            cells: list[Cell] = []
            col = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, col) in taken:
                    col += 1
                colspan = _span(td, "colspan", _MAX_SPAN)
                rowspan = _span(td, "rowspan", len(trs) - r)
                inner: list[Grid] = []
                text = self.cell_text(td, inner)
                if inner:
                    nested.setdefault(r, []).extend(inner)
                where = Location(table=number, row=r + 1, column=col + 1, line=td.sourceline)
                cells.append(Cell(text, where, colspan=colspan, rowspan=rowspan, col=col))
                for rr in range(r, r + rowspan):
                    for cc in range(col, col + colspan):
                        taken.add((rr, cc))
                col += colspan
            rows.append(Row(cells))
        grids = cut_at_nested(rows, nested, Location(table=number))
        caption = table.find("caption")
        if caption is not None:  # a title printed as the table's caption comes before it
            text = self.cell_text(caption, [])
            where = Location(line=caption.sourceline)
            grids.insert(0, text_grid([(t, where) for t in text.split("\n")], Location()))
        return grids


def read_html(data: bytes, name: str) -> Document:
    """The tables and the text around them, in document order."""
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html  # type: ignore[import-untyped]

    text, _encoding = decode_html(data)
    text = _XML_DECL.sub("", text)
    if not text.strip():
        raise error(name, "empty-file", "网页内容为空", "the page is empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise error(
            name,
            "corrupt-file",
            "网页无法解析",
            f"the page cannot be parsed ({exc})",
        ) from exc
    grids = _Walker().page(root)
    return Document(name=name, grids=grids, format="html")
