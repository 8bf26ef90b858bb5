"""Every seed form, rendered in every text shape and template variant, reads back as itself.

Why: the 16 hand-checked seed forms are the only ground truth we have; rendering them the ways users
really bring them (spreadsheet export, pipe table, one cell per line, one line, pdftotext flow;
元 amounts, codes after names, Sichuan columns, GBK, full-width, Traditional ...) multiplies them
into hundreds of inputs whose right answer is known.  Texts are compared with all whitespace
removed (a rendering may wrap them); numbers exactly.

Combinations the reader does not pass yet are listed in KNOWN_FAILURES (strict xfail: when the
reader is fixed the test says so, and the entry must go).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from jixiao.model import Form, ParseResult
from jixiao.model.schema import CONTRACT_KEYS
from jixiao.render.encode import Encoding, encode, simplified, traditional
from jixiao.render.text import Codes, Style, Variant, render, render_document, rendered_form

try:
    from jixiao.api import parse, parse_text
except ImportError as exc:  # the reader is being written in parallel
    pytest.skip(
        f"the text reader (jixiao.api) is not importable yet: {exc}", allow_module_level=True
    )

EXPECTED = Path(__file__).parent / "data" / "expected"
SEEDS = sorted(EXPECTED.glob("*.json"))
if not SEEDS:
    pytest.skip(f"no expected seed forms in {EXPECTED} yet", allow_module_level=True)


def load(path: Path) -> list[Form]:
    return [Form.model_validate(f) for f in json.loads(path.read_text(encoding="utf-8"))]


FORMS = [(f"{p.stem[:3]}#{i}", form) for p in SEEDS for i, form in enumerate(load(p))]

VARIANTS = [
    Variant(),
    Variant(codes=Codes.suffix),
    Variant(codes=Codes.omit),
    Variant(yuan=True),
    Variant(level1_weights=True),
    Variant(sichuan=True),
    Variant(total_label="总计"),
    Variant(effect_label="效果指标"),
    Variant(effect_label="效益指标"),
    Variant(sichuan=True, yuan=True, level1_weights=True, codes=Codes.suffix, total_label="总计"),
]
ENCODINGS = [e for e in Encoding if e != Encoding.utf8]

# test id (or a prefix of it) -> why the reader fails it.  Filled in only after checking that the
# rendering is right and the reader is wrong.
KNOWN_FAILURES: dict[str, str] = {}


def _marks(test_id: str) -> list[pytest.MarkDecorator]:
    for key, reason in KNOWN_FAILURES.items():
        if test_id == key or test_id.startswith(key + "-"):
            return [pytest.mark.xfail(strict=True, reason=reason)]
    return []


def _params(axis: list[tuple[str, Any]]) -> list[Any]:
    out = []
    for fid, form in FORMS:
        for style in Style:
            for name, option in axis:
                test_id = f"{fid}-{style}-{name}"
                out.append(pytest.param(form, style, option, id=test_id, marks=_marks(test_id)))
    return out


# ---- comparison -------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
FIELDS = (*CONTRACT_KEYS, "level1_weights")


def contract(form: Form, text: Any = None) -> dict[str, Any]:
    """The contract fields, texts without whitespace (and through ``text`` when given)."""
    data = form.model_dump(mode="json", include=set(FIELDS))
    for ind in data["indicators"]:
        ind.pop("sources", None)

    def norm(value: Any) -> Any:
        if isinstance(value, str):
            value = _WS.sub("", value)
            return text(value) if text else value
        if isinstance(value, dict):
            return {norm(k): norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value

    return {k: norm(v) for k, v in data.items()}


def round_trip(text: str) -> str:
    return simplified(traditional(text))


def differences(got: Any, want: Any, path: str = "") -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        keys = sorted(set(want) | set(got), key=str)
        return [d for k in keys for d in differences(got.get(k), want.get(k), f"{path}.{k}")]
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items, expected {len(want)}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in differences(g, w, f"{path}[{i}]")
        ]
    if type(got) is not type(want) and not (
        isinstance(got, int | float) and isinstance(want, int | float)
    ):
        return [f"{path}: {got!r}, expected {want!r}"]
    return [] if got == want else [f"{path}: {got!r}, expected {want!r}"]


def check(result: ParseResult, expected: list[Form], text: Any = None, rendering: str = "") -> None:
    forms = result.forms
    assert len(forms) == len(expected), (
        f"{len(forms)} forms read, expected {len(expected)}; problems: {result.problems}\n{rendering[:3000]}"
    )
    diffs = []
    for i, (got, want) in enumerate(zip(forms, expected, strict=True)):
        diffs += [f"form {i}{d}" for d in differences(contract(got), contract(want, text))]
        if not got.complete:
            diffs.append(f"form {i}: complete=False")
    assert not diffs, "\n".join(diffs[:30]) + f"\n--- rendering ---\n{rendering[:3000]}"


# ---- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "style", "variant"), _params([(v.name, v) for v in VARIANTS]))
def test_rendering_reads_back(form: Form, style: Style, variant: Variant) -> None:
    text = render(form, style, variant)
    check(parse_text(text, "rendered.txt"), [rendered_form(form, variant)], rendering=text)


@pytest.mark.parametrize(("form", "style", "encoding"), _params([(e.value, e) for e in ENCODINGS]))
def test_encoded_rendering_reads_back(
    form: Form, style: Style, encoding: Encoding, tmp_path: Path
) -> None:
    text = render(form, style)
    path = tmp_path / "rendered.txt"
    path.write_bytes(encode(text, encoding))
    [result] = parse([path])
    # Traditional: what OpenCC's round trip gives back is the best a reader can do
    fold = round_trip if encoding == Encoding.traditional else None
    check(result, [form], fold, rendering=text)


@pytest.mark.parametrize(
    ("seed", "style"),
    [
        pytest.param(
            p, s, id=f"{p.stem[:3]}-{s}-document", marks=_marks(f"{p.stem[:3]}-{s}-document")
        )
        for p in SEEDS
        for s in Style
    ],
)
def test_whole_document_reads_back(seed: Path, style: Style) -> None:
    """All forms of a seed file in one document: the reader must find where each one starts."""
    forms = load(seed)
    text = render_document(forms, style)
    check(parse_text(text, seed.name), forms, rendering=text)
