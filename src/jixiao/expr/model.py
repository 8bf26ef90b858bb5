"""The value of one 年度指标值 or 实际完成值 cell, read into parts a scorer can compare."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Kind(StrEnum):
    """What a cell holds.  Anything that is not a number, a date or recognised wording says why."""

    number = "number"
    date = "date"
    qualitative = "qualitative"
    not_applicable = "not_applicable"
    empty = "empty"
    artifact = "artifact"
    unreadable = "unreadable"


class Op(StrEnum):
    """The comparison a target asks for; ``=`` also stands for a bare number."""

    ge = ">="
    gt = ">"
    le = "<="
    lt = "<"
    eq = "="


class Tier(StrEnum):
    """Qualitative outcome, mapped by a profile to a range of admissible scores.

    ``partial`` (部分完成) spans tiers 2 and 3: it says the goal was missed, not by how much.
    """

    achieved = "achieved"
    basic = "basic"
    partial = "partial"
    failed = "failed"


class Expression(BaseModel):
    """A parsed target or actual value.  ``kind`` decides which other fields mean something."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    raw: str | None = Field(description="the cell as printed")
    kind: Kind
    op: Op | None = None
    op_explicit: bool = Field(default=False, description="an operator was written, not implied")
    value: float | None = None
    unit: str | None = Field(default=None, description="unit as written, e.g. 万元 or 元/月/个")
    base_unit: str | None = Field(default=None, description="base unit of the numerator, e.g. 元")
    per: str | None = Field(default=None, description="denominator of a rate unit, e.g. 月/个")
    scale: float = Field(default=1.0, description="value × scale = value in base_unit")
    dimension: str | None = Field(default=None, description="money, percent, count, duration …")
    year: int | None = None
    month: int | None = None
    day: int | None = None
    month_end: bool = Field(default=False, description="月底 / 年底: the end of the period")
    tier: Tier | None = None
    vague: bool = Field(default=False, description="wording with nothing measurable (逐步提高)")
    remark: str | None = Field(default=None, description="text around the value, e.g. 按年支付")
    reason: str | None = Field(default=None, description="why the cell could not be read (zh)")
    reason_en: str | None = None

    @property
    def base_value(self) -> float | None:
        """The value in base units (万元 → 元), or None."""
        return None if self.value is None else self.value * self.scale

    @property
    def is_quantity(self) -> bool:
        return self.kind is Kind.number

    def date_key(self, default_year: int | None = None) -> tuple[int, int, int] | None:
        """A sortable (year, month, day); a missing day is the period's end when 月底 or no day."""
        if self.kind is not Kind.date or (self.month is None and self.year is None):
            return None
        year = self.year if self.year is not None else (default_year or 0)
        month = self.month if self.month is not None else 12
        day = self.day if self.day is not None else 31
        return (year, month, day)
