"""Read a 年度指标值 / 实际完成值 cell: operator, number, unit, date or qualitative wording.

The parser never guesses.  A cell it cannot read comes back as ``Kind.unreadable`` with a reason
(several values in one cell, a number buried in a sentence, …), and the audit reports it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao.expr.lexicon import UnitInfo, unit_pattern, units, wording
from jixiao.expr.model import Expression, Kind, Op, Tier

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％＞＜＝／（）", "0123456789.%><=/()")

#: operator wordings written before the value; the longest match wins (不超过 before 超过)
_PREFIX_OPS: tuple[tuple[str, Op], ...] = tuple(
    sorted(
        {
            "≥": Op.ge, ">=": Op.ge, "≧": Op.ge, "=>": Op.ge, "大于等于": Op.ge, "大于或等于": Op.ge,
            "不低于": Op.ge, "不少于": Op.ge, "不小于": Op.ge, "至少": Op.ge, "达到": Op.ge,
            ">": Op.gt, "大于": Op.gt, "高于": Op.gt, "多于": Op.gt, "超过": Op.gt,
            "≤": Op.le, "<=": Op.le, "≦": Op.le, "=<": Op.le, "小于等于": Op.le, "小于或等于": Op.le,
            "不超过": Op.le, "不高于": Op.le, "不多于": Op.le, "不大于": Op.le, "最多": Op.le,
            "控制在": Op.le,
            "<": Op.lt, "小于": Op.lt, "低于": Op.lt, "少于": Op.lt,
            "=": Op.eq, "等于": Op.eq,
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)
_PREFIX_BY_WORD = dict(_PREFIX_OPS)
_LONGEST = max(len(w) for w in _PREFIX_BY_WORD)
#: operator wordings written after the value and its unit
_SUFFIX_OPS: tuple[tuple[str, Op], ...] = (
    ("及以上", Op.ge), ("以上", Op.ge), ("及以下", Op.le), ("以下", Op.le), ("以内", Op.le),
    ("之内", Op.le), ("之前", Op.le), ("以前", Op.le), ("前", Op.le), ("内", Op.le),
)

_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?")
_DATE = re.compile(
    r"(?P<ymd>(?P<y1>\d{4})[-./](?P<m1>\d{1,2})(?:[-./](?P<d1>\d{1,2}))?)"
    r"|(?:(?P<y>\d{4})年(?:度)?)?(?:(?P<m>\d{1,2})月(?:份)?(?:(?P<d>\d{1,2})[日号])?)?"
    r"(?P<end>底|末)?"
)
_YMD_HINT = re.compile(r"\d{4}[-./]\d")
_PER = re.compile(r"(?:[/每](?:平方米|[^\d/每,，。;；()（）、]{1,3}?)(?=[/每]|$|[^\u4e00-\u9fff]))+")
_UNKNOWN_UNIT = re.compile(r"[\u4e00-\u9fff]{1,2}(?=$|[,，。;；()（）/])")
_TRIM = " ，,。;；:：()（）[]【】"

#: a number buried in more text than this, with no operator, is a sentence, not a value
MAX_REMARK_CHARS = 12


def _unreadable(raw: str, zh: str, en: str, tier: Tier | None = None) -> Expression:
    return Expression(raw=raw, kind=Kind.unreadable, reason=zh, reason_en=en, tier=tier)


def classify_tier(text: str) -> Tier | None:
    """Sort qualitative wording into a tier; None when nothing in it is recognised."""
    words = wording()
    bare = text.strip(_TRIM).removesuffix("级").removesuffix("等")
    if bare in words.grades:
        return words.grades[bare]
    for tier, phrases in words.tiers:
        if any(p in text for p in phrases):
            return tier
    return None


def is_vague(text: str) -> bool:
    """Wording with nothing to measure: no digit, and a vague phrase or a bare 完成 / 提升."""
    if any(c.isdigit() for c in text):
        return False
    words = wording()
    return text.strip(_TRIM) in words.vague_exact or any(w in text for w in words.vague_substrings)


def _find_dates(text: str) -> list[re.Match[str]]:
    if "年" not in text and "月" not in text and not _YMD_HINT.search(text):
        return []  # the date pattern can match empty strings; skip the scan when it cannot hit
    found = []
    for m in _DATE.finditer(text):
        if m.group("ymd"):
            if 1900 <= int(m.group("y1")) <= 2100 and 1 <= int(m.group("m1")) <= 12:
                found.append(m)
        elif m.group("m") or (m.group("y") and (m.group("end") or "年" in m.group())):
            found.append(m)
    return found


def _date_expression(raw: str, text: str, m: re.Match[str]) -> Expression | None:
    if m.group("ymd"):
        year, month, day = m.group("y1"), m.group("m1"), m.group("d1")
    else:
        year, month, day = m.group("y"), m.group("m"), m.group("d")
    y = int(year) if year else None
    mo = int(month) if month else None
    d = int(day) if day else None
    if (mo is not None and not 1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    before, after = text[: m.start()], text[m.end() :]
    op, explicit, before, after = _operator(before, after)
    remark = (before + after).strip(_TRIM) or None
    if remark and not explicit and len(remark) > MAX_REMARK_CHARS:
        return None
    return Expression(
        raw=raw, kind=Kind.date, op=op, op_explicit=explicit, year=y, month=mo, day=d,
        month_end=bool(m.group("end")) or (mo is not None and d is None), remark=remark,
    )


def _operator(before: str, after: str) -> tuple[Op, bool, str, str]:
    """The operator around a value, and the text left once it is removed."""
    stripped = before.rstrip(_TRIM)
    for size in range(min(_LONGEST, len(stripped)), 0, -1):  # longest wording first
        op = _PREFIX_BY_WORD.get(stripped[-size:])
        if op is not None:
            return op, True, stripped[:-size], after
    for word, op in _SUFFIX_OPS:
        if after.startswith(word):
            return op, True, before, after[len(word) :]
    return Op.eq, False, before, after


def _unit_at(text: str) -> tuple[str | None, UnitInfo | None, str | None, str]:
    """Unit, its conversion, its denominator, and the rest of the text after it."""
    m = unit_pattern().match(text)
    if m is None:
        u = _UNKNOWN_UNIT.match(text)
        if u is None:
            return None, None, None, text
        return u.group(), None, None, text[u.end() :]
    unit = m.group()
    rest = text[m.end() :]
    per = None
    p = _PER.match(rest)
    if p is not None:
        per = p.group().lstrip("/每").replace("每", "/")
        rest = rest[p.end() :]
    return unit, units()[unit], per, rest


def _number_expression(raw: str, text: str, m: re.Match[str]) -> Expression | None:
    value = float(m.group().replace(",", ""))
    before = text[: m.start()]
    unit, info, per, after = _unit_at(text[m.end() :])
    op, explicit, before, after = _operator(before, after)
    remark = (before + after).strip(_TRIM) or None
    if remark and not explicit and len(remark) > MAX_REMARK_CHARS:
        return None
    written = None if unit is None else unit + (f"/{per}" if per else "")
    return Expression(
        raw=raw, kind=Kind.number, op=op, op_explicit=explicit, value=value, unit=written,
        base_unit=info.base if info else unit, per=per, scale=info.scale if info else 1.0,
        dimension=info.dimension if info else None, remark=remark,
    )


def normalize(text: str) -> str:
    """Full-width digits and signs to ASCII, all whitespace removed."""
    return "".join(text.translate(_FULLWIDTH).split())


@lru_cache(maxsize=4096)
def parse_expression(raw: str | None) -> Expression:
    """Parse one cell.  Never raises: an unreadable cell is an :class:`Expression` with a reason.

    >>> parse_expression("≥1642 人次").op, parse_expression("≥1642 人次").value
    (<Op.ge: '>='>, 1642.0)
    """
    if raw is None or not raw.strip():
        return Expression(raw=raw, kind=Kind.empty)
    text = normalize(raw)
    words = wording()
    if text in words.not_applicable:
        return Expression(raw=raw, kind=Kind.not_applicable)
    if any(p.match(text) for p in words.artifacts):
        return Expression(
            raw=raw, kind=Kind.artifact,
            reason="单元格显示为表格残留（如“#####”列宽不足或“指标1”模板占位），不是数值",
            reason_en="the cell holds a spreadsheet or template artefact (##### or 指标1), not a value",
        )
    dates = _find_dates(text)
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start()] + " " + rest[d.end() :]
    numbers = _NUMBER.findall(rest)
    if len(dates) + len(numbers) > 1:
        return _unreadable(
            raw, f"一个单元格中有{len(dates) + len(numbers)}个数值，无法确定以哪个为准",
            f"the cell holds {len(dates) + len(numbers)} values; which one counts is unclear",
            classify_tier(text),
        )
    parsed: Expression | None = None
    if dates:
        parsed = _date_expression(raw, text, dates[0])
    elif numbers:
        m = _NUMBER.search(text)
        assert m is not None
        parsed = _number_expression(raw, text, m)
    if parsed is not None:
        return parsed
    return Expression(raw=raw, kind=Kind.qualitative, tier=classify_tier(text), vague=is_vague(text))
