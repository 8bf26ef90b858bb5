"""Seed 000 read through the tabular reader and the recognizer, compared field by field with the
hand-written expected forms (tests/data/expected/000_*.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.recognize_helpers import read

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src/jixiao/samples/000_9da3ca00a275ab0a.txt"
EXPECTED = ROOT / "tests/data/expected/000_9da3ca00a275ab0a.json"

if not EXPECTED.exists():
    pytest.skip("expected forms for seed 000 not written yet", allow_module_level=True)


def _contract(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Differences on the keys the expected file names (sources and notes are not compared)."""
    if isinstance(expected, dict):
        out: list[str] = []
        for key, value in expected.items():
            out += _contract(
                value, actual.get(key) if isinstance(actual, dict) else None, f"{path}.{key}"
            )
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            n = len(actual) if isinstance(actual, list) else None
            return [f"{path}: {len(expected)} items expected, got {n}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out += _contract(e, a, f"{path}[{i}]")
        return out
    if isinstance(expected, float) or isinstance(actual, float):
        if expected is None or actual is None or abs(float(expected) - float(actual)) > 1e-9:
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        return []
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


@pytest.fixture(scope="module")
def pairs() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    expected = json.loads(EXPECTED.read_text("utf-8"))
    forms = read(SEED.read_text("utf-8"), name=SEED.name).forms
    assert len(forms) == len(expected)
    return [(e, f.to_json(sources=False)) for e, f in zip(expected, forms, strict=True)]


@pytest.mark.parametrize("index", range(12))
def test_form_matches_expected(
    pairs: list[tuple[dict[str, Any], dict[str, Any]]], index: int
) -> None:
    expected, actual = pairs[index]
    assert _contract(expected, actual) == []
