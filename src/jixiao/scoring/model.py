"""What the rules say each score should be, next to what the form printed, with the reasoning."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from jixiao.expr import Expression, Op, Tier


class Method(StrEnum):
    """How a row's score is recomputed."""

    ratio = "ratio"                  # ≥ / >: W × B/A when not met
    reverse_ratio = "reverse_ratio"  # ≤ / <: W × A/B when exceeded
    exact = "exact"                  # = : W × B/A below the target, W at or above it
    deadline = "deadline"            # a date: met or not met
    qualitative = "qualitative"      # a tier of the weight
    not_applicable = "not_applicable"
    unscorable = "unscorable"


class Status(StrEnum):
    """The printed score against the admissible range (tolerance from the profile)."""

    ok = "ok"
    above = "above"              # printed above what the rules allow
    below = "below"              # printed below (the unit deducted more than the formula)
    unscorable = "unscorable"    # no formula applies; the reason says why
    no_score = "no_score"        # nothing printed to compare with
    not_applicable = "not_applicable"


class RowScore(BaseModel):
    """One 三级指标 row, recomputed."""

    model_config = ConfigDict(extra="forbid")

    index: int = Field(description="0-based position in form.indicators")
    indicator: str | None
    level1: str | None = Field(description="canonical level-1 under the profile")
    level2: str | None = Field(description="canonical level-2 under the profile")
    target: Expression
    actual: Expression
    op: Op | None = Field(description="the operator used (a bare cost figure is a ceiling)")
    weight: float | None
    printed: float | None
    method: Method
    a: float | None = Field(default=None, description="A in the compared unit")
    b: float | None = Field(default=None, description="B in the compared unit")
    unit: str | None = None
    met: bool | None = None
    tier: Tier | None = None
    fallback: bool = Field(
        default=False, description="scored by the actual's wording because B has no number"
    )
    expected: float | None = Field(default=None, description="the formula's score, if one value")
    low: float | None = Field(default=None, description="lowest admissible score")
    high: float | None = Field(default=None, description="highest admissible score")
    recomputed: float | None = Field(
        default=None, description="the score the rules give: expected, or printed clamped to range"
    )
    status: Status
    explanation: str
    explanation_en: str
    reason: str | None = None
    reason_en: str | None = None


class FundsScore(BaseModel):
    """The execution-rate (预算执行率) score."""

    model_config = ConfigDict(extra="forbid")

    initial: float | None
    budget: float | None = Field(description="A_f = 年度资金总额.全年预算数")
    executed: float | None = Field(description="B_f = 年度资金总额.全年执行数")
    rate: float | None = Field(description="B_f / A_f")
    printed_rate: float | None
    weight: float | None = Field(description="W_f as printed, else the profile's")
    printed: float | None
    expected: float | None = Field(description="min(rate, 1) × W_f")
    status: Status
    explanation: str
    explanation_en: str


class FormScore(BaseModel):
    """A whole form recomputed under one profile."""

    model_config = ConfigDict(extra="forbid")

    document: str | None
    form_index: int
    project_name: str | None
    profile: str
    funds: FundsScore
    rows: list[RowScore]
    weight_sum: float = Field(description="W_f + Σ W")
    printed_sum: float | None = Field(description="S_f + Σ S, None when a score is missing")
    printed_total: float | None = Field(description="总分 as printed")
    recomputed_total: float = Field(description="the total the rules give")
    recomputed_low: float
    recomputed_high: float
    printed_grade: str | None = Field(description="自评等级 if printed")
    grade_of_printed_total: str | None
    recomputed_grade: str | None
