"""The JSON Schema of ``jixiao parse --format json``, generated from the model (docs/form.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from jixiao.model.form import Form

CONTRACT_KEYS = (
    "year", "project_name", "project_code", "department", "department_code", "implementer",
    "implementer_code", "manager", "phone", "funds", "goal_expected", "goal_actual", "indicators",
    "total_weight", "total_score",
)  # fmt: skip


def form_schema() -> dict[str, Any]:
    """A list of forms, each as :class:`Form` dumps it."""
    item = Form.model_json_schema(mode="serialization")
    defs = item.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/jixiao/jixiao/docs/form.schema.json",
        "title": "jixiao parse output",
        "description": "A list of 项目支出绩效自评表 as printed by `jixiao parse --format json`. "
        "The keys listed in `x-contract-keys` are a stable public contract.",
        "x-contract-keys": list(CONTRACT_KEYS),
        "type": "array",
        "items": item,
        "$defs": defs,
    }


def form_schema_text() -> str:
    return json.dumps(form_schema(), ensure_ascii=False, indent=2) + "\n"
