"""Put a target and an actual on the same scale, or say why they cannot be compared."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from jixiao.expr.model import Expression, Kind, Op


class Comparison(BaseModel):
    """A and B in the target's unit (dates as yyyymmdd numbers), and whether B meets A."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    comparable: bool
    a: float | None = None
    b: float | None = None
    unit: str | None = None
    met: bool | None = None
    reason: str | None = None
    reason_en: str | None = None


def _per_compatible(a: str | None, b: str | None) -> bool:
    """元/人 and 元/人/年 say the same thing on a form; 元/人 and 元/天 do not."""
    if a is None or b is None or a == b:
        return True
    pa, pb = set(a.split("/")), set(b.split("/"))
    return pa <= pb or pb <= pa


def units_compatible(a: Expression, b: Expression) -> bool:
    """Same dimension and base (any count matches the generic 个); unknown units must match."""
    if a.unit is None or b.unit is None:
        return True
    if not _per_compatible(a.per, b.per):
        return False
    if a.dimension is None or b.dimension is None:
        return a.base_unit == b.base_unit
    if a.dimension != b.dimension:
        return False
    if a.dimension == "count":
        return a.base_unit == b.base_unit or "个" in (a.base_unit, b.base_unit)
    return True


def is_met(op: Op, a: float, b: float, exact_tolerance: float) -> bool:
    if op is Op.ge:
        return b >= a
    if op is Op.gt:
        return b > a
    if op is Op.le:
        return b <= a
    if op is Op.lt:
        return b < a
    return abs(b - a) <= exact_tolerance * max(abs(a), 1e-9)


def _date_number(e: Expression, year: int | None) -> float | None:
    key = e.date_key(year)
    return None if key is None else float(key[0] * 10000 + key[1] * 100 + key[2])


def compare(
    target: Expression,
    actual: Expression,
    *,
    year: int | None = None,
    op: Op | None = None,
    exact_tolerance: float = 0.005,
) -> Comparison:
    """Compare B with A under A's operator (or ``op`` when the profile fixes the direction)."""
    use = op or target.op or Op.eq
    if target.kind is Kind.date and actual.kind is Kind.date:
        a, b = _date_number(target, year), _date_number(actual, year)
        if a is None or b is None:
            return Comparison(comparable=False, reason="日期不完整", reason_en="incomplete date")
        if target.year is None or actual.year is None:  # 8月 vs 2024年8月: compare months only
            a, b = a % 10000, b % 10000
        if use in (Op.eq,):  # a deadline: on or before it is met
            use = Op.le
        return Comparison(comparable=True, a=a, b=b, met=is_met(use, a, b, 0.0))
    if target.kind is Kind.number and actual.kind is Kind.number:
        assert target.value is not None and actual.value is not None
        if not units_compatible(target, actual):
            return Comparison(
                comparable=False,
                reason=f"单位不可比：目标为“{target.unit}”，实际为“{actual.unit}”",
                reason_en=f"units differ: target in {target.unit!r}, actual in {actual.unit!r}",
            )
        a = target.value
        if actual.unit is None or target.unit is None:
            b = actual.value  # a bare number takes the other side's unit
        else:
            b = actual.value * actual.scale / target.scale
        unit = target.unit or actual.unit
        return Comparison(
            comparable=True, a=a, b=b, unit=unit, met=is_met(use, a, b, exact_tolerance)
        )
    return Comparison(
        comparable=False,
        reason=f"目标为{_kind_zh(target)}，实际为{_kind_zh(actual)}，无法按公式比较",
        reason_en=f"target is {target.kind.value}, actual is {actual.kind.value}: no formula applies",
    )


_KIND_ZH = {
    Kind.number: "数值", Kind.date: "日期", Kind.qualitative: "文字描述", Kind.not_applicable: "不涉及",
    Kind.empty: "空白", Kind.artifact: "表格残留", Kind.unreadable: "无法识别的内容",
}


def _kind_zh(e: Expression) -> str:
    return _KIND_ZH[e.kind]
