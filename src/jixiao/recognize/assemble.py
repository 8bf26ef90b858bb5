"""One form from its blocks: header, funds, goals, indicators, total — then the self-check.

Indicator rows that left several readings open are decided here, together, by the form's own
arithmetic (the weights and scores must add up to the printed totals), because no single row
knows the totals.
"""

from __future__ import annotations

from itertools import product

from jixiao.model import Form, Indicator, Location, Severity, Source
from jixiao.recognize import selfcheck
from jixiao.recognize.funds import read_funds
from jixiao.recognize.goals import read_goals
from jixiao.recognize.header import read_header
from jixiao.recognize.indicators import RowReading, TableReading, read_indicators
from jixiao.recognize.places import place_en, place_zh
from jixiao.recognize.segment import BLOCK_NAMES_ZH, Block, FormRows
from jixiao.recognize.total import apply_total, read_total
from jixiao.recognize.values import source
from jixiao.text.normalize import clean

_MAX_COMBINATIONS = 256


def build_form(rows: FormRows, document: str, index: int) -> Form:
    form = Form(document=document, form_index=index)
    read_header(form, rows.rows(Block.title), rows.rows(Block.header))
    read_funds(form, rows.rows(Block.funds))
    read_goals(form, rows.rows(Block.goals))
    table = read_indicators(rows.rows(Block.indicators))
    total = read_total(rows.rows(Block.total))
    if len(total.numbers) >= 2:
        apply_total(form, total)
        form.indicators = _choose(form, table.rows)
    else:
        form.indicators = _choose(form, table.rows)
        apply_total(form, total)
    _level_notes(form, table)
    selfcheck.check(form)
    return form


def _choose(form: Form, rows: list[RowReading]) -> list[Indicator]:
    """The best option of each row, except where the arithmetic prefers an alternative."""
    chosen = [r.options[0] for r in rows]
    open_rows = [i for i, r in enumerate(rows) if len(r.options) > 1]
    if not open_rows or (form.total_weight is None and form.total_score is None):
        return chosen
    counts = [len(rows[i].options) for i in open_rows]
    combos = 1
    for c in counts:
        combos *= c
    if combos > _MAX_COMBINATIONS:
        return chosen
    best: tuple[int, int, tuple[int, ...]] | None = None
    for combo in product(*(range(c) for c in counts)):
        for i, pick in zip(open_rows, combo, strict=True):
            chosen[i] = rows[i].options[pick]
        form.indicators = chosen
        rank = (-selfcheck.agreement(form), sum(combo), combo)
        if best is None or rank < best:
            best = rank
    assert best is not None
    for i, pick in zip(open_rows, best[2], strict=True):
        chosen[i] = rows[i].options[pick]
        if pick:
            form.note(
                "row-read-by-arithmetic",
                f"第{i + 1}个指标的数字有多种读法，按合计选定",
                f"indicator {i + 1} could be read several ways; the totals chose this one",
                field=f"indicators[{i}]",
                source=_row_source(rows[i]),
            )
    return chosen


def _row_source(row: RowReading) -> Source:
    cell = row.line.cells[0]
    return source(cell.text, cell.location)


def _level_notes(form: Form, table: TableReading) -> None:
    for printed, (weight, cell) in table.level1_weights.items():
        form.level1_weights.setdefault(printed, weight)
        form.sources.setdefault(f"level1_weights.{printed}", source(cell.text, cell.location))
    for i, row in enumerate(table.rows):
        if row.level1_inferred:
            ind = form.indicators[i]
            form.note(
                "level1-inferred",
                f"一级指标未印出，按二级指标“{ind.level2}”推定为“{ind.level1}”",
                f"level-1 label not printed; inferred {ind.level1} from level 2 {ind.level2}",
                field=f"indicators[{i}].level1",
                source=_row_source(row),
            )
    for line, text in table.skipped:
        shown = (clean(text) or "")[:40]
        form.note(
            "template-row-skipped",
            f"跳过未填写的模板行：{shown}",
            f"skipped an unfilled template row: {shown}",
            source=source(text, line.cells[0].location),
        )


def truncation(form: Form, rows: FormRows, *, last_form: bool) -> Location | None:
    """Mark a form that stops part way; the place where it stops, or ``None`` when complete."""
    if Block.total in rows.blocks:
        return None
    if not last_form and rows.last >= Block.indicators:
        form.note(
            "no-total-row",
            "未找到总分行",
            "no total row was found",
            severity=Severity.warning,
        )
        return None
    form.complete = False
    line = rows.last_line
    where = line.cells[0].location if line is not None else Location()
    block = BLOCK_NAMES_ZH[rows.last]
    form.note(
        "form-truncated",
        f"表格不完整：在“{block}”部分（{place_zh(where) or '末尾'}）之后中断",
        f"the form stops part way, in the {rows.last.name} block ({place_en(where) or 'the end'})",
        severity=Severity.error,
        source=source(line.cells[0].text if line else "", where),
    )
    return where
