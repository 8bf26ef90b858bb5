"""Characters to text: lines inside a cell, chunks outside the tables, page furniture.

Why our own: pdfplumber's ``extract_text`` re-sorts and re-clusters the page's characters for every
call; the reader already knows which characters fall in which cell, so one sort per group is enough
(this is a large part of the speed budget).  CJK text has no spaces, so a space is only inserted
between characters far apart when at least one of them is not CJK ("Page 1", "100 元").
"""

from __future__ import annotations

import re
from typing import Any

Char = dict[str, Any]  # a pdfplumber char: text, x0, x1, top, bottom, size, ...

_FURNITURE = [
    re.compile(r"^[-—–－\s]*\d+[-—–－\s]*$"),  # -1-  — 2 —  3
    re.compile(r"^第\s*\d+\s*页(?:[\s,，、]*共\s*\d+\s*页)?$"),  # 第 1 页，共 3 页
    re.compile(r"^共\s*\d+\s*页[\s,，、]*第\s*\d+\s*页$"),
    re.compile(r"^\d+\s*/\s*\d+$"),  # 1/3
    re.compile(r"^(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE),
]
EDGE_BAND = 28.0  # pt (1 cm): text this close to the top or bottom page edge is header/footer


def is_wide(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: scripts written without spaces."""
    return bool(ch) and ord(ch[0]) >= 0x2E80


def is_furniture(text: str) -> bool:
    """A page number in one of the usual shapes ("-1-", "第 1 页", "第1页，共3页", "1/3")."""
    return any(p.match(text.strip()) for p in _FURNITURE)


def _join(chars: list[Char]) -> str:
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        text = ch["text"]
        if prev is not None and text == prev["text"] and ch["x0"] - prev["x0"] < 0.3 * ch["size"]:
            continue  # fake bold: the same glyph printed twice a hair apart (WPS, Word exports)
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if (
                gap > 0.25 * max(ch["size"], 1.0)
                and text != " "
                and prev["text"] != " "
                and not (is_wide(text) and is_wide(prev["text"]))
            ):
                out.append(" ")
        out.append(text)
        prev = ch
    return "".join(out)


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines (top to bottom), each line left to right."""
    lines: list[list[Char]] = []
    top = bottom = 0.0
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        if lines and top <= mid <= bottom:
            lines[-1].append(ch)
            bottom = max(bottom, ch["bottom"])
        else:
            lines.append([ch])
            top, bottom = ch["top"], ch["bottom"]
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def cell_text(chars: list[Char]) -> str:
    """The text of one cell: its printed lines joined with "\\n" (wrapped lines stay apart)."""
    lines = (_join(line).strip() for line in group_lines(chars))
    return "\n".join(line for line in lines if line)


def chunks(
    chars: list[Char], page_height: float
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Free text outside the tables as (text, bbox) pieces in reading order, furniture dropped.

    A printed line is cut where a gap wider than three characters opens ("填报单位：X    单位：万元"
    gives two pieces).
    """
    out: list[tuple[str, tuple[float, float, float, float]]] = []
    for line in group_lines(chars):
        piece: list[Char] = []
        for ch in line:
            if piece and ch["x0"] - piece[-1]["x1"] > 3 * max(ch["size"], 1.0):
                out.append(_piece(piece))
                piece = []
            piece.append(ch)
        if piece:
            out.append(_piece(piece))
    return [
        (text, box)
        for text, box in out
        if text
        and not is_furniture(text)
        and box[1] > EDGE_BAND
        and box[3] < page_height - EDGE_BAND
    ]


def _piece(chars: list[Char]) -> tuple[str, tuple[float, float, float, float]]:
    box = (
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )
    return _join(chars).strip(), box
