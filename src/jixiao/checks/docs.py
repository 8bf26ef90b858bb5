"""Generate docs/rules.md from the registered rules, so the catalogue can never drift from the code.

    python -m jixiao.checks.docs > docs/rules.md      (or: jixiao rules --format markdown)
"""

from __future__ import annotations

from jixiao.checks.examples import description, examples
from jixiao.checks.registry import all_rules

AREAS = {
    "F": ("预算执行", "Funds and the execution-rate score"),
    "S": ("得分、总分与等级", "Scores, totals and grades"),
    "W": ("分值与表格结构", "Weights and table structure"),
    "T": ("年度指标值", "Targets"),
    "A": ("实际完成值", "Actual values"),
    "D": ("偏差原因分析", "Deviation analysis"),
    "C": ("表内一致性", "Cross-checks"),
}
_SEVERITY = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def render_markdown() -> str:
    rules = all_rules()
    out = [
        "# 审核规则 / Audit rules",
        "",
        "<!-- Generated from the rule registry by `python -m jixiao.checks.docs`; do not edit. -->",
        "",
        f"{len(rules)} rules.  Select or ignore them by code or prefix (`--select F,S002 "
        "--ignore A009`).  Thresholds come from the profile and can be overridden in a config "
        "file (see [scoring.md](scoring.md)).  `jixiao audit` exits with status 1 when an "
        "error-level finding remains.",
        "",
        "| 代码 Code | 名称 Name | 级别 Severity | 说明 | Summary |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.summary} | "
        f"{r.summary_en} |"
        for r in rules
    ]
    for prefix, (zh, en) in AREAS.items():
        area = [r for r in rules if r.code.startswith(prefix)]
        if not area:
            continue
        out += ["", f"## {prefix} — {zh} / {en}"]
        for r in area:
            out += [
                "",
                f"### {r.code}",
                "",
                f"**{r.name}** · {_SEVERITY[r.severity.value]} · {r.summary} / {r.summary_en}",
                "",
                description(r),
                "",
                f"Message: {r.message}  ",
                f"Message (en): {r.message_en}",
            ]
            for ex in examples(r):
                head = "错误示例 / failing" if ex.failing else "正确示例 / passing"
                out += ["", f"{head}:", "", "```json", ex.text, "```"]
    return "\n".join(out) + "\n"


def main() -> None:
    import sys

    sys.stdout.write(render_markdown())


if __name__ == "__main__":
    main()
