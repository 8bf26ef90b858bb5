"""Text -> :class:`~jixiao.document.Document`.

Text whose rows survived the export (tab-separated, pipe tables) goes to the tabular splitter;
everything else (PDF text flow, one cell per line, a form on one line) to the flow splitter.  The
recognizer above never asks which one it was.
"""

from __future__ import annotations

from jixiao.document import Document, Grid
from jixiao.model.provenance import Note, Severity
from jixiao.readers.text import flow, layout, tabular
from jixiao.text.normalize import looks_traditional, to_simplified


def text_to_document(text: str, name: str, *, encoding: str | None = None) -> Document:
    notes: list[Note] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_traditional(text):
        text = to_simplified(text)
        notes.append(
            Note(
                code="traditional-converted",
                severity=Severity.info,
                message="原文为繁体字，已转换为简体后读取",
                message_en="the text is in Traditional characters; read after conversion to Simplified",
            )
        )
    if encoding and encoding.replace("-", "").lower() not in ("utf8", "utf8sig", "ascii"):
        notes.append(
            Note(
                code="encoding",
                message=f"文件编码为 {encoding}",
                message_en=f"the file is encoded as {encoding}",
            )
        )
    grid: Grid | None = tabular.to_grid(text)
    style = "tabular"
    if grid is None and layout.looks_like_layout(text):
        grid = layout.to_grid(text)
        style = "layout"
    if grid is None:
        grid = flow.to_grid(text)
        style = "flow"
    return Document(name=name, grids=[grid], format=f"text/{style}", notes=notes)
