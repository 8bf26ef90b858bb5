"""The bulk export's tables and columns: names, types and meanings, in one place.

The dump writers, the machine schema written beside the data (``datapackage.json``, a Frictionless
Data Package) and the documentation in ``docs/analysis.md`` all come from these lists, so they
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa  # type: ignore[import-untyped]

Kind = Literal["int", "float", "str", "bool", "timestamp", "json"]

ARROW: dict[Kind, pa.DataType] = {
    "int": pa.int64(),
    "float": pa.float64(),
    "str": pa.string(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "json": pa.string(),
}
FRICTIONLESS: dict[Kind, str] = {
    "int": "integer", "float": "number", "str": "string", "bool": "boolean",
    "timestamp": "datetime", "json": "string",
}  # fmt: skip


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    zh: str
    en: str


def _c(name: str, kind: Kind, zh: str, en: str) -> Column:
    return Column(name, kind, zh, en)


FORM_KEYS = [
    _c("form_id", "int", "表在库中的编号（三张表的连接键）", "the form's id in the store (join key)"),
    _c("year", "int", "年度", "year"),
    _c("department", "str", "主管部门（不含编码）", "department (name without its code)"),
]

FORMS = [
    *FORM_KEYS,
    _c("department_code", "str", "部门编码", "department code"),
    _c("project_name", "str", "项目名称", "project name"),
    _c("project_code", "str", "项目编码", "project code"),
    _c("implementer", "str", "实施单位", "implementing unit"),
    _c("document_id", "int", "来源文档在库中的编号", "the source document's id in the store"),
    _c("document", "str", "来源文件名", "the source file's name"),
    _c("ingested_at", "timestamp", "入库时间（UTC）", "when the document was ingested (UTC)"),
    _c("form_index", "int", "在来源文件中是第几张表（从 0 起）", "position in the source file, from 0"),
    _c("identity", "str", "表的身份：项目编码或名称|部门|年度", "identity: project|department|year"),
    _c("version", "int", "版本号（更正后的表为新版本）", "version (a corrected form is a new one)"),
    _c("supersedes_id", "int", "本版本取代的旧版本的 form_id", "form_id of the version this replaces"),
    _c("latest", "bool", "是否为该表的计数版本（最新版本的首个副本）",
       "whether this row is the one that counts (latest version, first copy)"),
    _c("profile", "str", "复核所用的评分模板", "scoring profile used to recompute"),
    _c("complete", "bool", "表格是否完整", "whether the form is complete"),
    _c("unit", "str", "金额单位（万元或元），金额列保持表上的单位", "amount unit (万元 or 元), as printed"),
    _c("funds_initial", "float", "资金总额：年初预算数", "total funds: initial budget"),
    _c("funds_adjusted", "float", "资金总额：全年预算数", "total funds: adjusted budget"),
    _c("funds_executed", "float", "资金总额：全年执行数", "total funds: executed"),
    _c("funds_rate", "float", "资金执行率（小数，91% 为 0.91）", "execution rate as a fraction"),
    _c("total_weight", "float", "分值合计", "total weight"),
    _c("self_total", "float", "自评总分（表上填写）", "printed total score"),
    _c("recomputed_total", "float", "复核总分", "recomputed total score"),
    _c("inflation", "float", "自评总分 − 复核总分", "printed minus recomputed total"),
    _c("grade", "str", "自评等级（表上填写）", "printed grade"),
    _c("recomputed_grade", "str", "复核等级", "recomputed grade"),
    _c("n_indicators", "int", "绩效指标行数", "number of indicator rows"),
    _c("n_errors", "int", "错误级审核意见条数", "error findings"),
    _c("n_warnings", "int", "警告级审核意见条数", "warning findings"),
    _c("n_infos", "int", "提示级审核意见条数", "info findings"),
]

INDICATORS = [
    *FORM_KEYS,
    _c("project_name", "str", "项目名称（便于阅读，重复自 forms）", "project name (repeated)"),
    _c("position", "int", "指标在表中的行序（从 0 起）", "row position in the form, from 0"),
    _c("level1", "str", "一级指标", "level-1 indicator"),
    _c("level2", "str", "二级指标", "level-2 indicator"),
    _c("level3", "str", "三级指标", "level-3 indicator"),
    _c("target", "str", "年度指标值（表上原文）", "target as printed"),
    _c("actual", "str", "实际完成值（表上原文）", "actual value as printed"),
    _c("weight", "float", "分值", "weight"),
    _c("score", "float", "得分（表上填写）", "printed score"),
    _c("recomputed", "float", "复核得分", "recomputed score"),
    _c("status", "str", "复核结论（达成、部分达成、未达成、不涉及等）", "recomputed status"),
    _c("deviation", "str", "偏差原因分析及改进措施", "deviation explanation"),
]

FINDINGS = [
    *FORM_KEYS,
    _c("project_name", "str", "项目名称（重复自 forms）", "project name (repeated)"),
    _c("code", "str", "规则编号（见 jixiao rules）", "rule code (see jixiao rules)"),
    _c("rule", "str", "规则名称", "rule name"),
    _c("severity", "str", "级别：error、warning、info", "severity: error, warning, info"),
    _c("field", "str", "涉及的字段", "field concerned"),
    _c("row", "int", "涉及的指标行（从 0 起）", "indicator row concerned, from 0"),
    _c("indicator", "str", "涉及的指标名称", "indicator name"),
    _c("message", "str", "审核意见（中文）", "message (Chinese)"),
    _c("message_en", "str", "审核意见（英文）", "message (English)"),
    _c("evidence", "json", "证据（JSON 文本）", "evidence (JSON text)"),
    _c("location", "json", "在来源文件中的位置（JSON 文本）", "place in the source file (JSON text)"),
]

TABLES: dict[str, list[Column]] = {"forms": FORMS, "indicators": INDICATORS, "findings": FINDINGS}
TABLE_DOC = {
    "forms": ("每张表一行", "one row per form"),
    "indicators": ("每个绩效指标一行（长格式）", "one row per indicator (long format)"),
    "findings": ("每条审核意见一行", "one row per audit finding"),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(c.name, ARROW[c.kind]) for c in TABLES[table]])


def markdown(table: str) -> str:
    """The column table of ``table`` for docs/analysis.md."""
    lines = ["| 列 column | 类型 type | 含义 | meaning |", "|---|---|---|---|"]
    for c in TABLES[table]:
        kind = str(ARROW[c.kind]) + (" (JSON)" if c.kind == "json" else "")
        lines.append(f"| `{c.name}` | {kind} | {c.zh} | {c.en} |")
    return "\n".join(lines)
