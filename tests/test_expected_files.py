"""The hand-written expected files for the seed documents are well formed.

Why: tests/data/expected/*.json are the ground truth the readers are compared with; they were
typed in by hand, so this checks what can be checked without any reader: the count of forms, the
exact contract keys, value types and ranges, and that weights and scores add up to the printed
totals except for the forms the README lists as known arithmetic mismatches.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest

from jixiao.model import Form

EXPECTED = Path(__file__).parent / "data" / "expected"
FILES = {"000_9da3ca00a275ab0a.json": 12, "002_ddf2ad2b933db61d.json": 4}

FORM_KEYS = {
    "year",
    "project_name",
    "project_code",
    "department",
    "department_code",
    "implementer",
    "implementer_code",
    "manager",
    "phone",
    "funds",
    "goal_expected",
    "goal_actual",
    "indicators",
    "total_weight",
    "total_score",
}
FUNDS_KEYS = {"unit", "total", "current", "carryover", "other", "weight", "rate", "score"}
ROW_KEYS = {"initial", "adjusted", "executed", "rate"}
ROWS = ("total", "current", "carryover", "other")
INDICATOR_KEYS = {
    "level1",
    "level2",
    "level3",
    "target",
    "actual",
    "weight",
    "score",
    "deviation",
}
STRING_KEYS = FORM_KEYS - {"year", "funds", "indicators", "total_weight", "total_score"}


def _known_mismatches() -> list[str]:
    text = (EXPECTED / "README.md").read_text("utf-8")
    match = re.search(r"^KNOWN_ARITHMETIC_MISMATCH\s*=\s*(\[.*?\])", text, re.M | re.S)
    assert match, "README.md must define KNOWN_ARITHMETIC_MISMATCH = [...]"
    names = ast.literal_eval(match.group(1))
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    return names


def _load(name: str) -> list[dict[str, Any]]:
    data = json.loads((EXPECTED / name).read_text("utf-8"))
    assert isinstance(data, list)
    return data


def _all_forms() -> list[dict[str, Any]]:
    return [form for name in FILES for form in _load(name)]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_or_none(value: Any) -> bool:
    return value is None or _is_number(value)


def _sums(form: dict[str, Any]) -> tuple[float, float]:
    funds = form["funds"]
    weight = (funds["weight"] or 0) + sum(i["weight"] or 0 for i in form["indicators"])
    score = (funds["score"] or 0) + sum(i["score"] or 0 for i in form["indicators"])
    return weight, score


@pytest.mark.parametrize(("name", "count"), FILES.items())
def test_form_count(name: str, count: int) -> None:
    assert len(_load(name)) == count


def test_sixteen_forms_in_all() -> None:
    assert len(_all_forms()) == 16


@pytest.mark.parametrize("name", FILES)
def test_forms_have_exactly_the_contract_keys(name: str) -> None:
    for i, form in enumerate(_load(name)):
        where = f"{name} form {i}"
        assert set(form) == FORM_KEYS, where
        assert set(form["funds"]) == FUNDS_KEYS, where
        for row in ROWS:
            assert set(form["funds"][row]) == ROW_KEYS, f"{where} funds.{row}"
        for j, indicator in enumerate(form["indicators"]):
            assert set(indicator) == INDICATOR_KEYS, f"{where} indicator {j}"


@pytest.mark.parametrize("name", FILES)
def test_forms_validate_against_the_model(name: str) -> None:
    for form in _load(name):
        Form.model_validate(form)


@pytest.mark.parametrize("name", FILES)
def test_value_types(name: str) -> None:
    for i, form in enumerate(_load(name)):
        where = f"{name} form {i}"
        assert isinstance(form["year"], int), where
        assert isinstance(form["project_name"], str) and form["project_name"], where
        for key in STRING_KEYS:
            assert form[key] is None or isinstance(form[key], str), f"{where} {key}"
        funds = form["funds"]
        assert funds["unit"] in ("万元", "元"), where
        for key in ("weight", "rate", "score"):
            assert _number_or_none(funds[key]), f"{where} funds.{key}"
        for row in ROWS:
            for key in ROW_KEYS:
                assert _number_or_none(funds[row][key]), f"{where} funds.{row}.{key}"
        for j, ind in enumerate(form["indicators"]):
            for key in ("level1", "level2", "level3", "target", "actual", "deviation"):
                assert ind[key] is None or isinstance(ind[key], str), f"{where} ind {j} {key}"
            assert ind["level1"] and ind["level2"] and ind["level3"], f"{where} ind {j}"
            assert _is_number(ind["weight"]), f"{where} ind {j} weight"
            assert _number_or_none(ind["score"]), f"{where} ind {j} score"
        assert _is_number(form["total_weight"]) and _is_number(form["total_score"]), where


@pytest.mark.parametrize("name", FILES)
def test_texts_have_no_line_breaks_or_markup(name: str) -> None:
    for i, form in enumerate(_load(name)):
        texts = [form[k] for k in STRING_KEYS]
        texts += [ind[k] for ind in form["indicators"] for k in INDICATOR_KEYS]
        for text in texts:
            if isinstance(text, str):
                assert not re.search(r"[\r\n\t]|</?p>|  ", text), f"{name} form {i}: {text!r}"


@pytest.mark.parametrize("name", FILES)
def test_rates_are_fractions(name: str) -> None:
    for i, form in enumerate(_load(name)):
        funds = form["funds"]
        rates = [funds["rate"]] + [funds[row]["rate"] for row in ROWS]
        for rate in rates:
            assert rate is None or 0 <= rate <= 1.5, f"{name} form {i}: rate {rate}"


@pytest.mark.parametrize("name", FILES)
def test_indicators_non_empty(name: str) -> None:
    for i, form in enumerate(_load(name)):
        assert form["indicators"], f"{name} form {i}"


def test_weights_and_scores_add_up() -> None:
    known = set(_known_mismatches())
    names = [form["project_name"] for form in _all_forms()]
    assert known <= set(names), f"unknown names in KNOWN_ARITHMETIC_MISMATCH: {known - set(names)}"
    for form in _all_forms():
        weight, score = _sums(form)
        adds_up = weight == pytest.approx(form["total_weight"]) and score == pytest.approx(
            form["total_score"]
        )
        if form["project_name"] in known:
            assert not adds_up, f"{form['project_name']} adds up now: drop it from the README list"
        else:
            assert adds_up, (
                f"{form['project_name']}: weights {weight} vs {form['total_weight']}, "
                f"scores {score} vs {form['total_score']}"
            )
