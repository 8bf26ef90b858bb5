"""Reading the numbers printed in the funds block, the weights and the scores.

Amounts come as ``4,507.55``, ``4507.55万元``, ``１２``; rates as ``91%`` or ``0.91``; empties as
``—``, ``-``, ``/``, ``无``.  These helpers say ``None`` rather than guess.
"""

from __future__ import annotations

import re

from jixiao.text.normalize import fold_width

_EMPTY = {"", "—", "——", "-", "--", "–", "/", "／", "无", "空", "n/a", "N/A", "…", "……"}
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_DIGIT = re.compile(r"\d")
_AMOUNT_UNITS = ("万元", "元", "亿元", "千元")
_SCORE_SUFFIX = ("分",)


def _compact(text: str) -> str:
    return fold_width(text).strip().replace(" ", "").replace("\u00a0", "")


def is_blank(text: str | None) -> bool:
    """True for a cell that prints nothing meaningful (blank, dash, slash)."""
    return text is None or _compact(text) in _EMPTY


def parse_number(text: str | None, *, units: tuple[str, ...] = ()) -> float | None:
    """A plain number, optionally followed by one of ``units``; ``None`` if the cell is not one.

    >>> parse_number("4,507.55")
    4507.55
    >>> parse_number("4104.267万元", units=("万元",))
    4104.267
    >>> parse_number("77件") is None
    True
    """
    if text is None:
        return None
    s = _compact(text)
    for unit in units:
        if s.endswith(unit) and len(s) > len(unit):
            s = s[: -len(unit)]
            break
    # _NUMBER leaves only signs, separators and \d digits, so one \d search says "any digit"
    if not s or s in _EMPTY or not _NUMBER.match(s) or _DIGIT.search(s) is None:
        return None
    return float(s.replace(",", ""))


def parse_amount(text: str | None) -> float | None:
    """An amount in the form's unit (a trailing 万元/元 is accepted and dropped)."""
    return parse_number(text, units=_AMOUNT_UNITS)


def parse_score(text: str | None) -> float | None:
    """A weight or a score (``10``, ``4.5``, ``10分``)."""
    return parse_number(text, units=_SCORE_SUFFIX)


def parse_rate(text: str | None) -> float | None:
    """A printed rate as a fraction: ``91%`` -> 0.91, ``92.1 %`` -> 0.921, ``0.91`` -> 0.91.

    A bare number above 1.5 is read as a percentage (``91`` -> 0.91): execution rates printed
    without the sign are common, and no execution rate is 91-fold.
    """
    if text is None:
        return None
    s = _compact(text)
    if s.endswith(("%", "％")):
        value = parse_number(s[:-1])
        return None if value is None else round(value / 100, 10)
    value = parse_number(s)
    if value is None:
        return None
    return round(value / 100, 10) if value > 1.5 else value
