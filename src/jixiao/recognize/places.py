"""Where something is, in the words of a message: 第12行 / 工作表 表1 单元格 C7 / 第2页 …

Why: the recognizer's messages name the place a form stops or a label was seen, and a place is a
line only in text; a spreadsheet has a sheet and a cell, a PDF a page, a Word file a table.  A
message that printed ``第None行`` for them told the user nothing.
"""

from __future__ import annotations

from jixiao.model import Location


def place_zh(where: Location) -> str:
    """``第12行``, ``工作表 表1 单元格 C7``, ``第2页`` …; empty when nothing is known."""
    return where.describe_zh(column=False)


def place_en(where: Location) -> str:
    """``line 12``, ``sheet 表1, C7``, ``p.2`` …; empty when nothing is known."""
    text = where.describe()
    return "" if text == "?" else text


__all__ = ["place_en", "place_zh"]
