"""Where something is, in the words of a message: 第12行 / 工作表“表1”C7 / 第2页 …

Why: the recognizer's messages name the place a form stops or a label was seen, and a place is a
line only in text; a spreadsheet has a sheet and a cell, a PDF a page, a Word file a table.  A
message that printed ``第None行`` for them told the user nothing.
"""

from __future__ import annotations

from jixiao.model import Location


def place_zh(where: Location) -> str:
    """``第12行``, ``工作表“表1”C7``, ``第2页`` …; empty when nothing is known."""
    parts: list[str] = []
    if where.page is not None:
        parts.append(f"第{where.page}页")
    if where.sheet is not None:
        parts.append(f"工作表“{where.sheet}”")
    if where.table is not None:
        parts.append(f"第{where.table}个表格")
    if where.cell is not None:
        parts.append(f"{where.cell}单元格")
    elif where.line is not None:
        parts.append(f"第{where.line}行")
    elif where.row is not None:
        parts.append(f"第{where.row}行")
    return "".join(parts)


def place_en(where: Location) -> str:
    """``line 12``, ``sheet 表1, C7``, ``p.2`` …; empty when nothing is known."""
    text = where.describe()
    return "" if text == "?" else text


__all__ = ["place_en", "place_zh"]
