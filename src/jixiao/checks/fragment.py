"""Small forms written by hand: the examples in rule docstrings and in tests.

A fragment is a JSON object with any :class:`~jixiao.model.Form` field, plus two shorthands:

* ``"rows"``: a list of ``[level1, level2, level3, target, actual, weight, score, deviation]``
  (trailing items may be left out);
* ``"funds"`` as a list ``[initial, adjusted, executed, weight, rate, score]``.
"""

from __future__ import annotations

from typing import Any

from jixiao.model import Form

_ROW_KEYS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "deviation")
_FUNDS_KEYS = ("initial", "adjusted", "executed")


def form_from_fragment(data: dict[str, Any]) -> Form:
    data = dict(data)
    data.pop("profile", None)
    rows = data.pop("rows", None)
    if rows is not None:
        data["indicators"] = [dict(zip(_ROW_KEYS, row, strict=False)) for row in rows]
    funds = data.get("funds")
    if isinstance(funds, list):
        padded = [*funds, None, None, None, None, None, None][:6]
        data["funds"] = {
            "unit": "万元",
            "total": dict(zip(_FUNDS_KEYS, padded[:3], strict=True)),
            "weight": padded[3],
            "rate": padded[4],
            "score": padded[5],
        }
    return Form.model_validate(data)
