"""A: the actual values (实际完成值) — artefacts, unverifiable claims, zero output (rules.md A10–A13, A24, A25)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.registry import Context, Hit, rule
from jixiao.checks.rules._util import CEILING_OPS, is_quantity, is_satisfaction
from jixiao.expr import Kind, Op
from jixiao.model import Severity
from jixiao.scoring import Method, RowScore


def _same_text(ctx: Context, r: RowScore) -> bool:
    ind = ctx.form.indicators[r.index]
    a, b = "".join((ind.target or "").split()), "".join((ind.actual or "").split())
    return bool(a) and a == b


def _full(r: RowScore) -> bool:
    return r.weight is not None and r.weight > 0 and r.printed is not None and r.printed >= r.weight - 1e-9


def _zero(r: RowScore) -> bool:
    return r.actual.kind is Kind.number and r.actual.value == 0


@rule("A001", "unreadable-cell", Severity.error,
      "单元格显示为表格残留", "a cell shows a spreadsheet artefact",
      "“{indicator}”的{column}显示为“{text}”（列宽不足或模板残留），实际数值缺失",
      "{indicator!r}: the {column_en} shows {text!r} (column too narrow or a template artefact); "
      "the value is missing")
def unreadable_cell(ctx: Context) -> Iterator[Hit]:
    """“#####”是电子表格列宽不足时的显示，“……”“指标1”是模板残留：都不是数值，该项无法核实。

    ##### (a column too narrow), …… and 指标1 are artefacts, not values; the row cannot be checked.

    错误示例 / failing::

        {"rows": [["产出指标", "时效指标", "按时出具审计报告", "2024年6月底之前", "#####", 20, 20]]}

    正确示例 / passing::

        {"rows": [["产出指标", "时效指标", "按时出具审计报告", "2024年6月底之前", "2024年6月", 20, 20]]}
    """
    for r in ctx.rows():
        for column, zh, en, e in (("target", "年度指标值", "target", r.target),
                                  ("actual", "实际完成值", "actual value", r.actual)):
            if e.kind is Kind.artifact and r.weight is not None:
                yield Hit(f"indicators[{r.index}].{column}", evidence=dict(
                    column=zh, column_en=en, text=e.raw))


@rule("A002", "unverifiable-actual", Severity.error,
      "定量目标的实际值没有数字", "a numeric target with a non-numeric actual",
      "“{indicator}”目标为“{target}”，实际完成值却是“{actual}”，无法核实是否达标",
      "{indicator!r}: the target is {target!r} but the actual is {actual!r}; it cannot be verified")
def unverifiable_actual(ctx: Context) -> Iterator[Hit]:
    """定量目标（≥、≤、=及数值）必须填报实际数值；“基本满意”“实现”之类的文字无法按公式计分。

    A numeric target needs a numeric actual; words such as 基本满意 or 实现 cannot be scored.

    错误示例 / failing::

        {"rows": [["满意度指标", "服务对象满意度指标", "受益对象满意度", "≥90%", "基本满意", 10, 8]]}

    正确示例 / passing::

        {"rows": [["满意度指标", "服务对象满意度指标", "受益对象满意度", "≥90%", "92%", 10, 10]]}
    """
    for r in ctx.rows():
        if r.target.kind is Kind.number and r.op is not None and r.actual.kind is Kind.qualitative:
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                target=r.target.raw, actual=r.actual.raw))


@rule("A003", "unverifiable-deadline", Severity.warning,
      "时限目标的实际值没有日期", "a deadline with no actual date",
      "“{indicator}”目标期限“{target}”，实际完成值为“{actual}”，未写明实际完成时间",
      "{indicator!r}: the deadline is {target!r} but the actual is {actual!r}, with no date")
def unverifiable_deadline(ctx: Context) -> Iterator[Hit]:
    """期限类目标应填报实际完成日期；“按计划完成”无法核实是否按期。

    A deadline needs the actual completion date; 按计划完成 cannot be checked.

    错误示例 / failing::

        {"rows": [["产出指标", "时效指标", "支出进度", "小于等于6月", "按计划完成", 10, 10]]}

    正确示例 / passing::

        {"rows": [["产出指标", "时效指标", "支出进度", "小于等于6月", "6月", 10, 10]]}
    """
    for r in ctx.rows():
        if r.target.kind is Kind.date and r.actual.kind is Kind.qualitative:
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                target=r.target.raw, actual=r.actual.raw))


@rule("A004", "unit-mismatch", Severity.warning,
      "目标与实际不可比", "target and actual are not comparable",
      "“{indicator}”目标“{target}”与实际“{actual}”不可比（{reason}），未按公式计分",
      "{indicator!r}: target {target!r} and actual {actual!r} cannot be compared ({reason_en})")
def unit_mismatch(ctx: Context) -> Iterator[Hit]:
    """目标与实际的单位不同且不能换算（元与万元可换算；人与%不可），或一个是数量、一个是日期。

    Units that do not convert (元 ↔ 万元 do; 人 and % do not), or a number against a date.

    错误示例 / failing::

        {"rows": [["产出指标", "质量指标", "乡村医生参保率", "374名", "100%", 10, 10]]}

    正确示例 / passing::

        {"rows": [["产出指标", "成本指标", "管理人才能力提升", "≤70万元", "31.571968", 5, 5]]}
    """
    for r in ctx.rows():
        kinds = {r.target.kind, r.actual.kind}
        if r.method is Method.unscorable and kinds <= {Kind.number, Kind.date} and r.reason:
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                target=r.target.raw, actual=r.actual.raw, reason=r.reason, reason_en=r.reason_en))


@rule("A005", "zero-output-full-score", Severity.error,
      "产出为0却得满分", "zero output scored in full",
      "数量指标“{indicator}”目标“{target}”，实际完成0，却得满分{printed}",
      "quantity {indicator!r}: target {target!r}, nothing delivered, yet full marks {printed}")
def zero_output_full_score(ctx: Context) -> Iterator[Hit]:
    """“≤”式数量目标下实际为0也算达成，这是目标设置错误造成的满分，应按未完成处理。

    Under a ≤ quantity target nothing delivered still "meets" it; the full score is wrong.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "暖心服务包户数", "≤290户", "0", 3, 3]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "家政服务户数", "≤170户", "159户", 3, 3]]}
    """
    for r in ctx.rows():
        if is_quantity(ctx, r) and r.op in CEILING_OPS and _zero(r) and _full(r):
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                target=r.target.raw, actual=r.actual.raw, printed=r.printed))


@rule("A006", "zero-actual-full-score", Severity.error,
      "实际为0却得满分", "a zero actual scored in full",
      "“{indicator}”目标“{target}”，实际为0，却得满分{printed}：该项工作未开展",
      "{indicator!r}: target {target!r}, actual 0, yet full marks {printed}: the work was not done")
def zero_actual_full_score(ctx: Context) -> Iterator[Hit]:
    """实际完成值为0（如成本0元）却得满分：支出上限“达成”只因为该项工作没有做。

    A zero actual with full marks (e.g. a cost of 0 under its ceiling): met only because nothing
    was done.

    错误示例 / failing::

        {"rows": [["产出指标", "成本指标", "暖心服务包费用", "≤17.4万元", "0", 4, 4]]}

    正确示例 / passing::

        {"rows": [["产出指标", "成本指标", "家政服务费用", "≤17万元", "2.21万元", 4, 4]]}
    """
    for r in ctx.rows():
        if _zero(r) and _full(r) and not (is_quantity(ctx, r) and r.op in CEILING_OPS):
            yield Hit(f"indicators[{r.index}].score", evidence=dict(
                target=r.target.raw, actual=r.actual.raw, printed=r.printed))


@rule("A007", "actual-missing", Severity.error,
      "缺少实际完成值", "no actual value",
      "“{indicator}”没有实际完成值，得分{printed}无据",
      "{indicator!r} has no actual value; the score {printed} has no basis")
def actual_missing(ctx: Context) -> Iterator[Hit]:
    """有目标、有分值的指标必须填报实际完成值。

    A weighted row with a target must report its actual value.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", null, 15, 15]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "参与党员人数", "21", "21", 15, 15]]}
    """
    for r in ctx.rows():
        if r.weight is not None and r.actual.kind is Kind.empty and r.target.kind is not Kind.empty:
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                printed="—" if r.printed is None else r.printed))


@rule("A008", "actual-unreadable", Severity.warning,
      "实际完成值无法识别", "the actual value cannot be read",
      "“{indicator}”的实际完成值“{actual}”无法识别：{reason}",
      "{indicator!r}: the actual {actual!r} cannot be read: {reason_en}")
def actual_unreadable(ctx: Context) -> Iterator[Hit]:
    """对定量目标，实际值写了几个数（如“460户/460户/434户”）时不猜测取哪一个，报告出来由人判断。

    Several values in one actual cell on a numeric target: reported, never guessed.

    错误示例 / failing::

        {"rows": [["产出指标", "数量指标", "三节慰问户数", "≥460户", "460户/460户/434户", 3, 3]]}

    正确示例 / passing::

        {"rows": [["产出指标", "数量指标", "三节慰问户数", "≥460户", "460户", 3, 3]]}
    """
    for r in ctx.rows():
        if r.actual.kind is Kind.unreadable and r.method is Method.unscorable:
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                actual=r.actual.raw, reason=r.actual.reason, reason_en=r.actual.reason_en))


@rule("A009", "actual-equals-target", Severity.info,
      "实际值照抄目标", "the actual copies the target",
      "“{indicator}”的实际完成值与目标文字完全相同（“{target}”），没有反映实际情况",
      "{indicator!r}: the actual repeats the target word for word ({target!r})")
def actual_equals_target(ctx: Context) -> Iterator[Hit]:
    """定性指标的实际完成值照抄年度指标值，说明没有填写实际情况或证据。

    A qualitative actual that repeats the target says nothing about what happened.

    错误示例 / failing::

        {"rows": [["效益指标", "社会效益指标", "就医获得感", "有所提升", "有所提升", 5, 5]]}

    正确示例 / passing::

        {"rows": [["效益指标", "社会效益指标", "就医获得感", "有所提升", "门诊量同比增长12%", 5, 5]]}
    """
    for r in ctx.rows():
        if r.target.kind is Kind.qualitative and _same_text(ctx, r):
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(target=r.target.raw))


@rule("A010", "evidence-free-form", Severity.warning,
      "整表实际值多为照抄目标", "most actuals copy their targets",
      "{copied}/{rows}项指标的实际完成值与目标文字相同，总分却为{total}：自评缺少实际依据",
      "{copied} of {rows} actuals repeat their targets, yet the total is {total}: no evidence behind it")
def evidence_free_form(ctx: Context) -> Iterator[Hit]:
    """照抄目标的定性指标占比达到 ``evidence_free_share``（80%）且总分不低于 ``evidence_free_total``（95）。

    At least 80 % of rows copy their target while the total is 95 or more.

    错误示例 / failing::

        {"total_score": 100,
         "rows": [["效益指标", "社会效益指标", "就医获得感", "有所提升", "有所提升", 45, 45],
                  ["效益指标", "可持续影响指标", "服务能力", "逐步提高", "逐步提高", 45, 45]]}

    正确示例 / passing::

        {"total_score": 100,
         "rows": [["效益指标", "社会效益指标", "就医获得感", "有所提升", "有所提升", 45, 45],
                  ["产出指标", "数量指标", "培训人数", "≥40人", "45人", 45, 45]]}
    """
    rows = [r for r in ctx.rows() if r.weight is not None]
    copied = sum(1 for r in rows if r.target.kind is Kind.qualitative and _same_text(ctx, r))
    t = ctx.profile.thresholds
    total = ctx.form.total_score
    if rows and total is not None and copied / len(rows) >= t.evidence_free_share and total >= t.evidence_free_total:
        yield Hit("indicators", evidence=dict(copied=copied, rows=len(rows), total=total))


@rule("A011", "at-threshold", Severity.info,
      "满意度恰好等于目标下限", "satisfaction exactly at its floor",
      "满意度指标“{indicator}”实际{actual}恰好等于目标下限“{target}”，请核对调查依据",
      "satisfaction {indicator!r} is exactly at its floor ({actual} vs {target!r}); check the survey")
def at_threshold(ctx: Context) -> Iterator[Hit]:
    """满意度调查结果恰好等于“≥”目标的下限，单张表无碍；同一部门大量出现时值得抽查调查底稿。

    A survey result exactly at the ≥ floor; harmless once, a cue when a department does it often.

    错误示例 / failing::

        {"rows": [["满意度指标", "服务对象满意度指标", "医生满意度调查", "≥90%", "90%", 5, 5]]}

    正确示例 / passing::

        {"rows": [["满意度指标", "服务对象满意度指标", "医生满意度调查", "≥90%", "96%", 5, 5]]}
    """
    for r in ctx.rows():
        if (is_satisfaction(ctx, r) and r.op is Op.ge and r.a is not None and r.b is not None
                and abs(r.a - r.b) < 1e-9):
            yield Hit(f"indicators[{r.index}].actual", evidence=dict(
                target=r.target.raw, actual=r.actual.raw))
