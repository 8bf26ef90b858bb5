"""A form shown readably in a terminal (``jixiao parse --format table``)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.i18n import lang, t
from jixiao.model import Form, FundsRow


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.15g}"  # every printed digit, never rounded for display


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.12g}%"


def _header(form: Form) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()

    def named(name: str | None, code: str | None) -> str:
        return f"{name or ''}" + (f"  [{code}]" if code else "")

    rows = [
        (t("项目名称", "Project"), named(form.project_name, form.project_code)),
        (t("主管部门", "Department"), named(form.department, form.department_code)),
        (t("实施单位", "Implementer"), named(form.implementer, form.implementer_code)),
    ]
    if form.manager or form.phone:
        rows.append(
            (t("项目负责人 / 电话", "Manager / phone"), f"{form.manager or ''}  {form.phone or ''}")
        )
    for label, value in rows:
        grid.add_row(label, Text(value))
    return grid


def _funds(form: Form) -> Table:
    f = form.funds
    table = Table(
        title=t(f"项目资金（{f.unit or '?'}）", f"Funds ({f.unit or '?'})"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    for col in (
        t("", ""),
        t("年初预算数", "initial"),
        t("全年预算数", "adjusted"),
        t("全年执行数", "executed"),
        t("执行率", "rate"),
    ):
        table.add_column(col, justify="right")
    rows: list[tuple[str, FundsRow]] = [
        (t("年度资金总额", "total"), f.total),
        (t("当年财政拨款", "current"), f.current),
        (t("上年结转资金", "carry-over"), f.carryover),
        (t("其他资金", "other"), f.other),
        *f.extra.items(),
    ]
    for label, row in rows:
        table.add_row(
            label, _num(row.initial), _num(row.adjusted), _num(row.executed), _rate(row.rate)
        )
    table.caption = t(
        f"分值 {_num(f.weight)}   执行率 {_rate(f.rate)}   得分 {_num(f.score)}",
        f"weight {_num(f.weight)}   rate {_rate(f.rate)}   score {_num(f.score)}",
    )
    table.caption_justify = "left"
    return table


def _indicators(form: Form) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True)
    cols = (
        (t("一级", "L1"), 6),
        (t("二级", "L2"), 6),
        (t("三级指标", "indicator"), 18),
        (t("年度指标值", "target"), 10),
        (t("实际完成值", "actual"), 10),
        (t("分值", "W"), 4),
        (t("得分", "S"), 4),
        (t("偏差原因", "deviation"), 14),
    )
    for name, width in cols:
        table.add_column(
            name, ratio=width, justify="right" if width == 4 else "left", overflow="fold"
        )
    last: tuple[str | None, str | None] = (None, None)
    for ind in form.indicators:
        l1 = "" if ind.level1 == last[0] else (ind.level1 or "")
        l2 = "" if (ind.level1, ind.level2) == last else (ind.level2 or "")
        last = (ind.level1, ind.level2)
        table.add_row(
            l1,
            l2,
            ind.level3 or "",
            ind.target or "",
            ind.actual or "",
            _num(ind.weight),
            _num(ind.score),
            ind.deviation or "",
        )
    table.add_row(
        "",
        "",
        Text(t("总分", "Total"), style="bold"),
        "",
        "",
        _num(form.total_weight),
        _num(form.total_score),
        "",
        end_section=True,
    )
    return table


def print_form(form: Form, console: Console) -> None:
    title = t(
        f"项目支出绩效自评表（{form.year or '?'}年度）",
        f"Self-evaluation form ({form.year or '?'})",
    )
    where = f"{form.document} #{form.form_index + 1}"
    console.rule(Text(f"{title}  —  {where}", style="bold"))
    console.print(_header(form))
    console.print(_funds(form))
    if form.goal_expected or form.goal_actual:
        console.print(
            Text(t("预期目标：", "Expected: "), style="bold") + Text(form.goal_expected or "")
        )
        console.print(
            Text(t("实际完成：", "Actual: "), style="bold") + Text(form.goal_actual or "")
        )
    console.print(_indicators(form))
    if not form.complete:
        console.print(Text(t("⚠ 此表不完整", "⚠ this form is incomplete"), style="yellow"))
    for note in form.notes:
        style = {"error": "red", "warning": "yellow"}.get(note.severity, "dim")
        console.print(Text(f"· {note.text(lang())}", style=style))
