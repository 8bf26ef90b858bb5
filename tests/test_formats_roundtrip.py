"""Every seed form rendered into xlsx, xls, docx, HTML and PDF reads back as itself.

The fixtures and ``manifest.json`` (file -> seed, forms, variant, layout) are made by
``tests/data/fixtures/make_fixtures.py`` from ``tests/data/expected/*.json``; the answer for a
file is the expected form as its variant prints it (``rendered_form``).  Numbers must be equal
exactly; texts equal once whitespace is dropped (the cleaning conventions remove line breaks and
stray spaces).  Known recognizer gaps are listed in ``RECOGNIZER_GAPS`` as strict xfails, so a
fix shows up as an unexpected pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import jixiao
from jixiao.model.form import Form
from jixiao.model.schema import CONTRACT_KEYS
from jixiao.render.text import Codes, Variant, rendered_form

DATA = Path(__file__).parent / "data"
FIXTURES = DATA / "fixtures"
MANIFEST: dict[str, dict[str, Any]] = json.loads(
    (FIXTURES / "manifest.json").read_text(encoding="utf-8")
)
FIELDS = (*CONTRACT_KEYS, "level1_weights")
_WS = re.compile(r"\s+")

#: fixture -> why it fails in the recognizer (not in the backend); strict xfails.
RECOGNIZER_GAPS: dict[str, str] = {}


def expected(meta: dict[str, Any]) -> list[Form]:
    data = json.loads((DATA / "expected" / f"{meta['seed']}.json").read_text(encoding="utf-8"))
    forms = [Form.model_validate(f) for f in data]
    if meta.get("forms") is not None:
        forms = [forms[i] for i in meta["forms"]]
    kw = dict(meta.get("variant") or {})
    if "codes" in kw:
        kw["codes"] = Codes(kw["codes"])
    variant = Variant(**kw)
    return [rendered_form(f, variant) for f in forms]


def contract(form: Form) -> dict[str, Any]:
    data = form.model_dump(mode="json", include=set(FIELDS))
    for ind in data["indicators"]:
        ind.pop("sources", None)

    def norm(value: Any) -> Any:
        if isinstance(value, str):
            return _WS.sub("", value)
        if isinstance(value, dict):
            return {norm(k): norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value

    return {k: norm(v) for k, v in data.items()}


def differences(got: Any, want: Any, path: str = "") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        keys = sorted(set(want) | set(got), key=str)
        return [d for k in keys for d in differences(got.get(k), want.get(k), f"{path}.{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items, expected {len(want)}"]
        return [d for i, (g, w) in enumerate(zip(got, want, strict=True)) for d in differences(g, w, f"{path}[{i}]")]  # fmt: skip
    numbers = isinstance(got, int | float) and isinstance(want, int | float)
    if (type(got) is not type(want) and not numbers) or got != want:
        return [f"{path}: {got!r}, expected {want!r}"]
    return []


def _params() -> list[Any]:
    out = []
    for path in sorted(MANIFEST):
        marks = []
        if path in RECOGNIZER_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=RECOGNIZER_GAPS[path]))
        out.append(pytest.param(path, id=path, marks=marks))
    return out


@pytest.mark.parametrize("path", _params())
def test_fixture_reads_back(path: str) -> None:
    assert_reads_back(FIXTURES / path, expected(MANIFEST[path]))


def assert_reads_back(path: Path, want: list[Form]) -> None:
    """The file gives exactly these forms, field by field (also used by test_text_exports)."""
    [result] = jixiao.parse([path])
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    assert len(result.forms) == len(want), f"{len(result.forms)} forms, expected {len(want)}"
    diffs = [
        f"form {i}{d}"
        for i, (got, exp) in enumerate(zip(result.forms, want, strict=True))
        for d in differences(contract(got), contract(exp))
    ]
    assert not diffs, "\n".join(diffs[:40])


def test_every_format_and_seed_is_covered() -> None:
    seeds = {p.stem for p in (DATA / "expected").glob("*.json")}
    for folder in ("xlsx", "xls", "docx", "html", "pdf-seeds"):
        covered = {m["seed"] for p, m in MANIFEST.items() if p.startswith(folder + "/")}
        assert seeds <= covered, f"{folder}: no fixture for {sorted(seeds - covered)}"
