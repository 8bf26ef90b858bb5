"""Seed 002 (pdftotext flow) read end to end through the flow splitter and the recognizer.

Why: the flow splitter's job is only done when the recognizer, reading its grid exactly as it reads
a tab-separated one, gets every field of the hand-checked forms right.  Texts are compared with
whitespace removed (the form model keeps texts as printed, wrapping aside); numbers exactly.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from jixiao.document import Document
from jixiao.model import Form
from jixiao.readers.text.flow import to_grid

EXPECTED = Path(__file__).parent / "data" / "expected" / "002_ddf2ad2b933db61d.json"
NAME = "002_ddf2ad2b933db61d.txt"
_WS = re.compile(r"\s+")
# fields the flow splitter has no say in (provenance, notes, the document's name)
_IGNORED = {"sources", "notes", "document", "form_index"}


def _recognize() -> Any:
    try:
        from jixiao.recognize import recognize
    except ImportError as exc:
        pytest.skip(f"the recognizer is not importable yet: {exc}")
    return recognize


def _expected() -> list[dict[str, Any]]:
    if not EXPECTED.exists():
        pytest.skip(f"{EXPECTED.name} is not written yet")
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return [Form.model_validate(f).model_dump(mode="json") for f in data]


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return _WS.sub("", value)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if k not in _IGNORED}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _differences(got: Any, want: Any, path: str = "") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        keys = sorted(set(want) | set(got))
        return [d for k in keys for d in _differences(got.get(k), want.get(k), f"{path}.{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items, expected {len(want)}: {got!r}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in _differences(g, w, f"{path}[{i}]")
        ]
    if isinstance(got, int | float) and isinstance(want, int | float) and not isinstance(got, bool):
        return [] if float(got) == float(want) else [f"{path}: {got!r}, expected {want!r}"]
    return [] if got == want else [f"{path}: {got!r}, expected {want!r}"]


def test_seed_002_end_to_end() -> None:
    recognize = _recognize()
    expected = _expected()
    text = resources.files("jixiao").joinpath("samples").joinpath(NAME).read_text("utf-8")
    result = recognize(Document(NAME, [to_grid(text)]))
    forms = [f.model_dump(mode="json") for f in result.forms]
    assert len(forms) == len(expected), f"problems: {getattr(result, 'problems', None)}"
    diffs = [
        f"form {i}{d}"
        for i, (got, want) in enumerate(zip(forms, expected, strict=True))
        for d in _differences(_norm(got), _norm(want))
    ]
    assert not diffs, "\n".join(diffs)
