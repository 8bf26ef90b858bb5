"""A unit fills a new form in the browser: the live panel scores it as it is typed, a draft is
saved and reopened, the finished form is submitted and its page opens.

What is typed is a real form (seed 002's third form, whose recomputed total differs from the one
printed); the expected scores are the scoring engine's for that form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.e2e.conftest import TEXT_SEED_FENGTAI, number

from jixiao.api import parse_file
from jixiao.model import Form
from jixiao.scoring import score_form

INDICATOR_FIELDS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "deviation")


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def the_form() -> Form:
    form = parse_file(TEXT_SEED_FENGTAI).forms[2]
    assert len(form.indicators) > 3, "the scenario adds rows beyond the three shown"
    return form


def type_header(page: Any, form: Form) -> None:
    page.get_by_test_id("new-year").fill(text(form.year))
    page.get_by_test_id("new-project_name").press_sequentially(form.project_name or "", delay=5)
    for name in ("project_code", "department", "department_code", "manager", "phone",
                 "goal_expected", "goal_actual"):  # fmt: skip
        page.get_by_test_id(f"new-{name}").fill(text(getattr(form, name)))
    page.get_by_test_id("new-funds.unit").select_option(form.funds.unit or "万元")
    for row in ("total", "current"):
        for col in ("initial", "adjusted", "executed"):
            value = getattr(getattr(form.funds, row), col)
            page.get_by_test_id(f"new-funds.{row}.{col}").fill(text(value))
    page.get_by_test_id("new-funds.weight").fill(text(form.funds.weight))
    page.get_by_test_id("new-funds.score").fill(text(form.funds.score))


def type_row(page: Any, i: int, form: Form) -> None:
    indicator = form.indicators[i]
    for name in INDICATOR_FIELDS:
        page.get_by_test_id(f"new-indicators.{i}.{name}").fill(text(getattr(indicator, name)))


def live_number(page: Any, testid: str) -> float | None:
    shown = page.get_by_test_id(testid).inner_text().strip()
    return None if shown in ("", "—") else number(shown)


def wait_live(page: Any, testid: str, expected: float) -> None:
    """Wait until the live panel shows ``expected`` (it updates ~0.4 s after typing stops)."""
    page.wait_for_function(
        """([id, want]) => {
            const el = document.querySelector(`[data-testid="${id}"]`);
            if (!el) return false;
            const n = parseFloat(el.textContent.replace(/,/g, ""));
            return Math.abs(n - want) < 0.01;
        }""",
        arg=[testid, round(expected, 2)],
    )


def test_fill_a_new_form_with_live_scoring(browse: Any) -> None:
    form = the_form()
    scored = score_form(form)
    b = browse()
    # no tolerance for htmx's "sendAbort": a newer keystroke queues its preview behind the one
    # in flight (hx-sync="this:queue last") instead of aborting it, so no console error
    b.login("unit_a")
    page = b.page
    page.get_by_test_id("nav-new").click()
    page.wait_for_url(re.compile(r"/new$"))
    # the unit's own name is filled in for it
    assert page.get_by_test_id("new-implementer").input_value() == "北京市丰台区社区卫生服务管理中心"
    expect(page.get_by_test_id("live-missing")).to_contain_text("项目名称")

    type_header(page, form)
    assert scored.funds.expected is not None
    wait_live(page, "live-funds-earn", scored.funds.expected)
    funds_only = live_number(page, "live-total")
    assert funds_only == pytest.approx(scored.funds.expected, abs=0.01)

    # the first row: its live cell tells what it earns, and the total grows by that
    type_row(page, 0, form)
    first = scored.rows[0].expected
    assert first is not None
    expect(page.get_by_test_id("live-row-0").get_by_test_id("live-earn")).to_have_text(
        re.compile(rf"^{re.escape(text(round(first, 2)))}"))
    wait_live(page, "live-total", scored.funds.expected + first)

    # a value that cannot be a number is pointed at, on its field and in the panel
    page.get_by_test_id("new-indicators.1.weight").fill("十五")
    expect(page.get_by_test_id("error-indicators.1.weight")).not_to_be_empty()
    expect(page.get_by_test_id("live-errors")).to_contain_text("第 2 行指标")  # in words, not a path
    type_row(page, 1, form)
    type_row(page, 2, form)
    expect(page.get_by_test_id("error-indicators.1.weight")).to_be_empty()

    # save a draft half way, and find everything typed still there
    page.get_by_test_id("new-save").click()
    page.wait_for_url(re.compile(r"/new\?draft=\d+"))
    expect(page.get_by_test_id("draft-info")).to_be_visible()
    assert page.get_by_test_id("new-project_name").input_value() == form.project_name
    assert page.get_by_test_id("new-indicators.2.target").input_value() == text(form.indicators[2].target)
    expect(page.get_by_test_id("draft-link").filter(has_text=form.project_name or "")).to_have_count(1)

    # the remaining rows: added with the button, as a person would
    for i in range(3, len(form.indicators)):
        page.get_by_test_id("new-add-row").click()
        page.get_by_test_id(f"new-indicators.{i}.level1").wait_for()
        type_row(page, i, form)
    page.get_by_test_id("new-total_weight").fill(text(form.total_weight))
    page.get_by_test_id("new-total_score").fill(text(form.total_score))
    page.get_by_test_id("new-grade").fill(form.grade or "优")
    expect(page.get_by_test_id("live-complete")).to_be_visible()
    wait_live(page, "live-total", scored.recomputed_total)
    assert live_number(page, "live-typed-total") == pytest.approx(form.total_score)

    page.get_by_test_id("new-submit").click()
    page.wait_for_url(re.compile(r"/forms/\d+$"))
    assert page.get_by_test_id("form-title").inner_text() == form.project_name
    shown = number(page.get_by_test_id("score-recomputed").inner_text())
    assert shown == pytest.approx(scored.recomputed_total, abs=0.01)
    assert number(page.get_by_test_id("score-typed").inner_text()) == pytest.approx(form.total_score)
    # and it is in the unit's list
    page.get_by_test_id("nav-forms").click()
    expect(page.get_by_test_id("form-link").filter(has_text=form.project_name or "")).to_have_count(1)
