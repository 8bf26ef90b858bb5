"""``jixiao audit`` (findings by form, table / JSON / CSV) and ``jixiao rules`` (the catalogue)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from jixiao.checks.finding import Finding
from jixiao.commands._review import (
    ConfigOpt,
    Format,
    FormatOpt,
    LangOpt,
    PathsArg,
    ProfileOpt,
    apply_lang,
    form_title,
    report_problems,
    resolve,
    split_codes,
)
from jixiao.i18n import lang, t
from jixiao.model import Severity

_RANK = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
_STYLE = {Severity.error: "red", Severity.warning: "yellow", Severity.info: "cyan"}
_LABEL = {Severity.error: ("错误", "error"), Severity.warning: ("警告", "warning"),
          Severity.info: ("提示", "info")}

#: CSV and JSON columns, in order; the JSON objects carry these keys and a few more
CSV_COLUMNS = ["file", "form_index", "project_name", "code", "rule", "severity", "field", "row",
               "indicator", "message", "message_en", "evidence"]


class MinSeverity(StrEnum):
    info = "info"
    warning = "warning"
    error = "error"


def _where(f: Finding) -> str:
    """第9项 L25 / row 9 L25; form-level findings name their block."""
    if f.row is not None:
        where = t(f"第{f.row + 1}项", f"row {f.row + 1}")
    elif f.field and f.field.startswith("funds"):
        where = t("资金", "funds")
    elif f.field in ("total_score", "total_weight", "grade"):
        where = t("总分", "total")
    else:
        where = t("全表", "form")
    if f.location is not None and f.location.line is not None:
        where += f" L{f.location.line}"
    elif f.location is not None and f.location.page is not None:
        where += f" p{f.location.page}"
    return where


def print_table(findings: list[Finding], out: Console) -> None:
    groups: dict[tuple[str | None, int], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.file, f.form_index), []).append(f)
    for group in groups.values():
        first = group[0]
        table = Table(title=form_title(first.file, first.form_index, first.project_name),
                      title_justify="left", expand=True)
        table.add_column(t("级别", "Sev."), no_wrap=True)
        table.add_column(t("代码", "Code"), no_wrap=True)
        table.add_column(t("位置", "Where"), no_wrap=True)
        table.add_column(t("说明", "Finding"), overflow="fold", ratio=1)
        ordered = sorted(group, key=lambda x: (_RANK[x.severity],
                                               x.row if x.row is not None else -1, x.code))
        for f in ordered:
            zh, en = _LABEL[f.severity]
            style = _STYLE[f.severity]
            table.add_row(f"[{style}]{t(zh, en)}[/{style}]", f.code, _where(f), f.text(lang()))
        out.print(table)


def write_json(findings: list[Finding]) -> None:
    data = [f.model_dump(mode="json") for f in findings]
    for d in data:  # a location keeps only the parts that apply to its format
        if d["location"]:
            d["location"] = {k: v for k, v in d["location"].items() if v is not None}
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write_csv(findings: list[Finding]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        d = f.model_dump(mode="json")
        d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
        writer.writerow(["" if d[c] is None else d[c] for c in CSV_COLUMNS])


def run_audit(paths: Iterable[Path], fmt: Format, profile: str | None, config: Path | None,
              select: list[str], ignore: list[str], min_severity: MinSeverity) -> int:
    """Audit, print, and return the exit status: 1 when an error finding remains or a file failed."""
    from jixiao.checks.api import iter_audit

    out = Console(highlight=False, soft_wrap=fmt is not Format.table)
    err = Console(stderr=True, highlight=False)
    resolved = resolve(profile, config, err)
    if resolved is None:
        return 2
    fixed, cfg, overrides = resolved
    chosen_select = select or split_codes(cfg.select)
    chosen_ignore = ignore + split_codes(cfg.ignore)
    floor = _RANK[Severity(min_severity.value)]
    findings: list[Finding] = []
    failed = forms = 0
    for result, found in iter_audit(paths, fixed, chosen_select, chosen_ignore, overrides):
        report_problems(result, err)
        failed += result.failed
        forms += len(result.forms)
        findings.extend(f for f in found if _RANK[f.severity] <= floor)
    if fmt is Format.json:
        write_json(findings)
    elif fmt is Format.csv:
        write_csv(findings)
    else:
        print_table(findings, out)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    err.print(t(
        f"{forms} 张表：{counts[Severity.error]} 个错误，{counts[Severity.warning]} 个警告，"
        f"{counts[Severity.info]} 个提示；{failed} 个文件读取失败",
        f"{forms} forms: {counts[Severity.error]} errors, {counts[Severity.warning]} warnings, "
        f"{counts[Severity.info]} info; {failed} files failed",
    ))
    return 1 if counts[Severity.error] or failed else 0


class RulesFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("audit")
    def audit_cmd(
        paths: PathsArg,
        fmt: FormatOpt = Format.table,
        profile: ProfileOpt = None,
        config: ConfigOpt = None,
        select: Annotated[list[str] | None, typer.Option(
            "--select", "-s", help="只运行这些规则（代码或前缀，逗号分隔）/ rule codes or prefixes")] = None,
        ignore: Annotated[list[str] | None, typer.Option(
            "--ignore", "-i", help="忽略这些规则（代码或前缀）/ codes or prefixes to skip")] = None,
        min_severity: Annotated[MinSeverity, typer.Option(
            "--min-severity", help="只显示此级别及以上 / show this severity and above")] = MinSeverity.info,
        lang_opt: LangOpt = None,
    ) -> None:
        """审核自评表：逐表列出问题（有错误时退出码为1）/ audit forms; exit 1 on any error finding."""
        apply_lang(lang_opt)
        raise typer.Exit(run_audit(paths, fmt, profile, config, split_codes(select),
                                   split_codes(ignore), min_severity))

    @app.command("rules")
    def rules_cmd(
        fmt: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.table,
        lang_opt: LangOpt = None,
    ) -> None:
        """列出全部审核规则 / list the audit rules (markdown: the docs/rules.md page)."""
        apply_lang(lang_opt)
        from jixiao.checks.docs import render_markdown
        from jixiao.checks.registry import all_rules

        if fmt is RulesFormat.markdown:
            sys.stdout.write(render_markdown())
            return
        rules = all_rules()
        if fmt is RulesFormat.json:
            data = [dict(code=r.code, name=r.name, severity=r.severity.value, summary=r.summary,
                         summary_en=r.summary_en) for r in rules]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            return
        table = Table(t("代码", "Code"), t("名称", "Name"), t("级别", "Severity"), t("说明", "Summary"))
        for r in rules:
            table.add_row(r.code, r.name, r.severity.value, t(r.summary, r.summary_en))
        Console(highlight=False).print(table)
