"""Every registered rule carries a failing and a passing example in its docstring; run them all.

The examples are also the documentation (docs/rules.md), so documentation and behaviour cannot drift.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.checks import all_rules, audit_form
from jixiao.checks.docs import render_markdown
from jixiao.checks.examples import Example, examples
from jixiao.checks.fragment import form_from_fragment
from jixiao.checks.registry import Rule
from jixiao.profile import load_profile

RULES = all_rules()
CASES = [(r, e) for r in RULES for e in examples(r)]
DOCS = Path(__file__).parents[1] / "docs" / "rules.md"


@pytest.mark.parametrize(("rule", "example"), CASES,
                         ids=[f"{r.code}-{'fail' if e.failing else 'pass'}" for r, e in CASES])
def test_rule_example(rule: Rule, example: Example) -> None:
    form = form_from_fragment(example.fragment)
    profile = load_profile(example.fragment.get("profile", "national"))
    found = audit_form(form, profile, select=[rule.code])
    assert all(f.code == rule.code for f in found)
    if example.failing:
        assert found, f"{rule.code} should fire on its failing example"
        for f in found:
            assert f.message and f.message_en and "{" not in f.message + f.message_en
            assert f.severity is rule.severity
    else:
        assert not found, f"{rule.code} fired on its passing example: {found[0].message}"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_every_rule_is_documented_with_both_examples(rule: Rule) -> None:
    kinds = sorted(e.failing for e in examples(rule))
    assert kinds == [False, True]
    assert rule.summary and rule.summary_en and rule.message and rule.message_en
    assert len(rule.code) == 4 and rule.code[0] in "FSWTADC" and rule.code[1:].isdigit()


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)


def test_committed_rules_page_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/rules.md is stale: run `python -m jixiao.checks.docs > docs/rules.md`"
    )


def test_selection_by_prefix_is_case_insensitive_and_ignore_wins() -> None:
    from jixiao.checks.registry import selected

    assert selected("S002", ["s"], None) and selected("S002", ["ALL"], None)
    assert not selected("S002", ["S"], ["s00"]) and not selected("T001", ["S"], None)
