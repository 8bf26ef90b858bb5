"""Numbers as a reviewer writes them: no trailing zeros, at most four decimals."""

from __future__ import annotations


def num(x: float | None) -> str:
    if x is None:
        return "—"
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(x: float | None) -> str:
    return "—" if x is None else f"{num(round(x * 100, 2))}%"
