"""The documented JSON contract stays in step with the model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from jixiao.model import Form, Indicator
from jixiao.model.schema import CONTRACT_KEYS, form_schema, form_schema_text

DOC = Path(__file__).parents[1] / "docs" / "form.schema.json"


def test_committed_schema_is_current() -> None:
    assert DOC.read_text("utf-8") == form_schema_text(), (
        "docs/form.schema.json is stale: run `jixiao schema > docs/form.schema.json`"
    )


def test_contract_keys_are_in_the_json_of_an_empty_form() -> None:
    data = Form().to_json()
    for key in CONTRACT_KEYS:
        assert key in data
    assert data["year"] is None and data["indicators"] == []
    assert set(data["funds"]) >= {
        "unit",
        "total",
        "current",
        "carryover",
        "other",
        "weight",
        "rate",
        "score",
    }
    assert set(data["funds"]["total"]) >= {"initial", "adjusted", "executed"}


def test_a_filled_form_validates_against_the_schema() -> None:
    form = Form(year=2024, project_name="爱国卫生工作经费", total_weight=100, total_score=100)
    form.indicators.append(
        Indicator(level1="产出指标", level3="病媒生物监测", target="≥5次", weight=10, score=10)
    )
    jsonschema.validate([form.to_json()], form_schema())
    ind = form.to_json()["indicators"][0]
    assert set(ind) >= {
        "level1",
        "level2",
        "level3",
        "target",
        "actual",
        "weight",
        "score",
        "deviation",
    }
    assert json.loads(json.dumps(form.to_json()))["indicators"][0]["weight"] == 10
