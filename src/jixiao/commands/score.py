"""``jixiao score``: printed and recomputed scores side by side, row by row, with the reasoning."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

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
)
from jixiao.i18n import t
from jixiao.scoring import FormScore, RowScore, Status
from jixiao.scoring.fmt import num

_STATUS = {
    Status.ok: ("[green]一致[/green]", "[green]ok[/green]"),
    Status.above: ("[red]偏高[/red]", "[red]above[/red]"),
    Status.below: ("[cyan]偏低[/cyan]", "[cyan]below[/cyan]"),
    Status.unscorable: ("[yellow]无法复核[/yellow]", "[yellow]unscorable[/yellow]"),
    Status.no_score: ("[red]未填得分[/red]", "[red]no score[/red]"),
    Status.not_applicable: ("不涉及", "n/a"),
}

CSV_COLUMNS = ["file", "form_index", "project_name", "row", "indicator", "target", "actual",
               "weight", "printed", "expected", "low", "high", "method", "status", "explanation",
               "explanation_en"]


def _recomputed(row: RowScore) -> str:
    if row.expected is not None and row.low == row.high:
        return num(round(row.expected, 2))
    if row.low is not None and row.high is not None:
        return f"{num(round(row.low, 2))}–{num(round(row.high, 2))}"
    return "—"


def print_score(s: FormScore, out: Console) -> None:
    zh_en = 0 if t("zh", "en") == "zh" else 1
    table = Table(title=form_title(s.document, s.form_index, s.project_name) +
                  t(f"（模板 {s.profile}）", f" (profile {s.profile})"),
                  title_justify="left", expand=True, show_lines=False)
    for head, opts in ((t("#", "#"), {"no_wrap": True}), (t("指标", "Indicator"), {"ratio": 2}),
                       (t("年度指标值", "Target"), {"ratio": 1}), (t("实际完成值", "Actual"), {"ratio": 1}),
                       (t("分值", "W"), {"no_wrap": True}), (t("填报", "Printed"), {"no_wrap": True}),
                       (t("复核", "Rules"), {"no_wrap": True}), (t("状态", "Status"), {"no_wrap": True}),
                       (t("计算说明", "Explanation"), {"ratio": 3})):
        table.add_column(head, overflow="fold", **opts)
    f = s.funds
    table.add_row("", t("预算执行率", "execution rate"), num(f.budget), num(f.executed), num(f.weight),
                  num(f.printed), "—" if f.expected is None else num(round(f.expected, 2)),
                  _STATUS[f.status][zh_en], t(f.explanation, f.explanation_en))
    for r in s.rows:
        table.add_row(str(r.index + 1), r.indicator or "", r.target.raw or "", r.actual.raw or "",
                      num(r.weight), num(r.printed), _recomputed(r), _STATUS[r.status][zh_en],
                      t(r.explanation, r.explanation_en))
    low, high = round(s.recomputed_low, 2), round(s.recomputed_high, 2)
    span = "" if abs(high - low) < 1e-9 else f"（{num(low)}–{num(high)}）"
    table.add_row("", t("总分", "total"), "", "", num(s.weight_sum), num(s.printed_total),
                  num(round(s.recomputed_total, 2)) + span, "",
                  t(f"等级：填报{s.printed_grade or '未填'}，按填报总分{s.grade_of_printed_total or '—'}，"
                    f"复核{s.recomputed_grade or '—'}",
                    f"grade: printed {s.printed_grade or 'none'}, by printed total "
                    f"{s.grade_of_printed_total or '—'}, recomputed {s.recomputed_grade or '—'}"),
                  end_section=True)
    out.print(table)


def write_csv(scores: list[FormScore]) -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for s in scores:
        f = s.funds
        w.writerow([s.document, s.form_index, s.project_name, "", "预算执行率", f.budget, f.executed,
                    f.weight, f.printed, f.expected, f.expected, f.expected, "funds", f.status.value,
                    f.explanation, f.explanation_en])
        for r in s.rows:
            w.writerow([s.document, s.form_index, s.project_name, r.index, r.indicator, r.target.raw,
                        r.actual.raw, r.weight, r.printed, r.expected, r.low, r.high, r.method.value,
                        r.status.value, r.explanation, r.explanation_en])


def run_score(paths: list[Path], fmt: Format, profile: str | None, config: Path | None) -> int:
    from jixiao.scoring.api import ProfileResolver, iter_results
    from jixiao.scoring.form import score_form

    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    resolved = resolve(profile, config, err)
    if resolved is None:
        return 2
    fixed, _, overrides = resolved
    choose = ProfileResolver(fixed, overrides)
    scores: list[FormScore] = []
    failed = 0
    for result in iter_results(paths):
        report_problems(result, err)
        failed += result.failed
        for form in result.forms:
            s = score_form(form, choose(form))
            if fmt is Format.table:
                print_score(s, out)
            scores.append(s)
    if fmt is Format.json:
        sys.stdout.write(json.dumps([s.model_dump(mode="json") for s in scores],
                                    ensure_ascii=False, indent=1) + "\n")
    elif fmt is Format.csv:
        write_csv(scores)
    return 1 if failed else 0


def register(app: typer.Typer) -> None:
    @app.command("score")
    def score_cmd(
        paths: PathsArg,
        fmt: FormatOpt = Format.table,
        profile: ProfileOpt = None,
        config: ConfigOpt = None,
        lang_opt: LangOpt = None,
    ) -> None:
        """复核得分：逐行对照填报得分与按规则计算的得分 / printed vs recomputed scores, row by row."""
        apply_lang(lang_opt)
        raise typer.Exit(run_score(paths, fmt, profile, config))
