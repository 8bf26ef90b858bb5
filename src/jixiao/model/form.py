"""The form model: one :class:`Form` per 项目支出绩效自评表.

The JSON produced by ``jixiao parse --format json`` is ``Form.model_dump(mode="json")``; the keys
named in issue #2 are a stable public contract (see ``docs/form.schema.json``, generated from this
module by ``jixiao schema``).  Conventions:

* numbers are JSON numbers; rates are fractions (91% -> 0.91);
* amounts stay in the form's own unit (``funds.unit``: 万元 or 元);
* texts are as printed, with line breaks and stray spaces inside Chinese removed;
* names carry no code prefix (the code goes to the ``*_code`` field);
* ``None`` where the form prints nothing.

Each value's origin is kept in ``sources`` (a map from field path to :class:`Source`), so the
values themselves stay plain and the contract stays simple.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jixiao.model.provenance import Note, Severity, Source


class FundsRow(BaseModel):
    """One row of the funds block: 年初预算数 / 全年预算数 / 全年执行数 (and the printed row rate)."""

    model_config = ConfigDict(extra="forbid")

    initial: float | None = Field(default=None, description="年初预算数")
    adjusted: float | None = Field(default=None, description="全年预算数 (调整后预算数)")
    executed: float | None = Field(default=None, description="全年执行数")
    rate: float | None = Field(
        default=None, description="执行率 printed on this row, as a fraction"
    )

    def is_empty(self) -> bool:
        return self.initial is None and self.adjusted is None and self.executed is None


class Funds(BaseModel):
    """The funds block (项目资金)."""

    model_config = ConfigDict(extra="forbid")

    unit: str | None = Field(default=None, description="amount unit as printed: 万元 or 元")
    total: FundsRow = Field(default_factory=FundsRow, description="年度资金总额")
    current: FundsRow = Field(
        default_factory=FundsRow, description="其中：当年财政拨款 (本年财政拨款, 财政资金)"
    )
    carryover: FundsRow = Field(default_factory=FundsRow, description="上年结转资金")
    other: FundsRow = Field(default_factory=FundsRow, description="其他资金 (单位资金)")
    extra: dict[str, FundsRow] = Field(
        default_factory=dict,
        description="rows outside the four standard ones, by printed label (e.g. 财政专户管理资金)",
    )
    weight: float | None = Field(default=None, description="分值 of the execution-rate score")
    rate: float | None = Field(default=None, description="执行率 of 年度资金总额, as a fraction")
    score: float | None = Field(default=None, description="得分 of the execution rate")


class Indicator(BaseModel):
    """One 三级指标 row of the 绩效指标 table."""

    model_config = ConfigDict(extra="forbid")

    level1: str | None = Field(default=None, description="一级指标, e.g. 产出指标")
    level2: str | None = Field(default=None, description="二级指标, e.g. 数量指标")
    level3: str | None = Field(default=None, description="三级指标 (the indicator's name)")
    target: str | None = Field(default=None, description="年度指标值 as printed, e.g. ≥735人次")
    actual: str | None = Field(default=None, description="实际完成值 as printed")
    weight: float | None = Field(default=None, description="分值 / 权重")
    score: float | None = Field(default=None, description="得分")
    deviation: str | None = Field(default=None, description="偏差原因分析及改进措施")
    sources: dict[str, Source] = Field(
        default_factory=dict, description="field name -> where it was read"
    )


class Form(BaseModel):
    """One 项目支出绩效自评表."""

    model_config = ConfigDict(extra="forbid")

    year: int | None = None
    project_name: str | None = None
    project_code: str | None = None
    department: str | None = Field(default=None, description="主管部门")
    department_code: str | None = None
    implementer: str | None = Field(default=None, description="实施单位")
    implementer_code: str | None = None
    manager: str | None = Field(default=None, description="项目负责人")
    phone: str | None = Field(default=None, description="联系电话")
    funds: Funds = Field(default_factory=Funds)
    goal_expected: str | None = Field(default=None, description="预期目标 (年初设定目标)")
    goal_actual: str | None = Field(default=None, description="实际完成情况")
    indicators: list[Indicator] = Field(default_factory=list)
    level1_weights: dict[str, float] = Field(
        default_factory=dict,
        description="weights printed inside level-1 labels, e.g. 产出指标(50分) -> {产出指标: 50}",
    )
    total_weight: float | None = Field(default=None, description="总分 row: 分值")
    total_score: float | None = Field(default=None, description="总分 row: 得分")
    grade: str | None = Field(default=None, description="自评等级 if printed")

    document: str | None = Field(default=None, description="the file the form was read from")
    form_index: int = Field(default=0, description="0-based position of the form in its document")
    complete: bool = Field(default=True, description="False when the form stops part way")
    sources: dict[str, Source] = Field(
        default_factory=dict, description="field path -> where it was read"
    )
    notes: list[Note] = Field(default_factory=list)

    def to_json(self, *, sources: bool = True) -> dict[str, object]:
        """The public JSON object: contract keys always present (null when not printed);
        source locations without their empty fields, to keep the output readable."""
        data = self.model_dump(mode="json")
        if sources:
            data["sources"] = _prune(data["sources"])
            for ind in data["indicators"]:
                ind["sources"] = _prune(ind["sources"])
        else:
            data.pop("sources")
            for ind in data["indicators"]:
                ind.pop("sources")
        for note in data["notes"]:
            if note.get("location"):
                note["location"] = {k: v for k, v in note["location"].items() if v is not None}
        return data

    def note(
        self,
        code: str,
        message: str,
        message_en: str = "",
        *,
        field: str | None = None,
        severity: Severity = Severity.info,
        source: Source | None = None,
    ) -> None:
        """Record something the reader inferred or doubted."""
        self.notes.append(
            Note(
                code=code,
                severity=severity,
                message=message,
                message_en=message_en,
                field=field,
                location=source.location if source else None,
            )
        )


def _prune(sources: dict[str, dict[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, src in sources.items():
        loc = src.get("location") or {}
        assert isinstance(loc, dict)
        out[key] = {"raw": src["raw"], "location": {k: v for k, v in loc.items() if v is not None}}
    return out
