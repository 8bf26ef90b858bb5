"""Field accuracy of the reader, per kind of input: our renderings and other tools' text exports.

Why: issue #2 judges the reader also on renderings it was not shown.  The unit tests say
pass/fail per file; this says *how much* is right per kind of input, so a reader change can be
weighed, and the weak kinds are in plain view.  Every file here has a known answer: the
hand-checked seed forms (``tests/data/expected``) as the file's variant prints them.

Kinds: the seed texts; our format fixtures (xlsx, xls, docx, HTML, PDF); the committed text
exports made by other tools (LibreOffice CSV and Word text, ``pdftotext`` default and
``-layout``); and, made here from the seed PDFs, text that tools a researcher would use give:
pdfminer.six and pypdfium2 (both installed with jixiao) and ``pdftotext -raw`` when poppler is
installed.  Those last ones are a hold-out: no test looks at them.

Field accuracy = fields equal to the answer / fields in the answer or the reading (a form's
contract fields, indicators field by field in order; numbers exact, texts without whitespace).

    python bench/bench_accuracy.py          # -> bench/results-accuracy.md
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_formats_roundtrip import MANIFEST, contract, expected  # noqa: E402
from tests.test_text_exports import INDEX, wanted  # noqa: E402

import jixiao  # noqa: E402
from jixiao.model import Form  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "fixtures"
EXPORTS = FIXTURES / "text-exports"
RESULTS = Path(__file__).resolve().parent / "results-accuracy.md"


@dataclass
class Tally:
    documents: int = 0
    exact: int = 0
    forms_expected: int = 0
    forms_read: int = 0
    fields: int = 0
    right: int = 0

    def add(self, got: list[Form], want: list[Form]) -> None:
        self.documents += 1
        self.forms_expected += len(want)
        self.forms_read += len(got)
        fields = right = 0
        for i in range(max(len(got), len(want))):
            a = leaves(contract(got[i])) if i < len(got) else {}
            b = leaves(contract(want[i])) if i < len(want) else {}
            keys = set(a) | set(b)
            fields += len(keys)
            right += sum(1 for k in keys if k in a and k in b and same(a[k], b[k]))
        self.fields += fields
        self.right += right
        self.exact += right == fields and len(got) == len(want)


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {
            k: v for key, item in value.items() for k, v in leaves(item, f"{path}.{key}").items()
        }
    if isinstance(value, list):
        return {
            k: v for i, item in enumerate(value) for k, v in leaves(item, f"{path}[{i}]").items()
        }
    return {path: value}


def same(a: Any, b: Any) -> bool:
    numbers = isinstance(a, int | float) and isinstance(b, int | float)
    return (numbers or type(a) is type(b)) and a == b


def forms_of(path: Path) -> list[Form]:
    return [f for result in jixiao.parse([path]) for f in result.forms]


def seed_cases() -> Iterator[tuple[str, Path, list[Form]]]:
    seeds = ROOT.parent / "shared" / "seeds"
    for path in sorted(seeds.glob("*.txt")) if seeds.exists() else []:
        answer = ROOT / "tests" / "data" / "expected" / f"{path.stem}.json"
        data = json.loads(answer.read_text(encoding="utf-8"))
        yield "seed texts", path, [Form.model_validate(f) for f in data]


def fixture_cases() -> Iterator[tuple[str, Path, list[Form]]]:
    for name, meta in sorted(MANIFEST.items()):
        kind = name.split("/")[0].replace("pdf-seeds", "pdf")
        yield f"file: {kind}", FIXTURES / name, expected(meta)


def export_cases() -> Iterator[tuple[str, Path, list[Form]]]:
    for name in sorted(INDEX):
        if name.endswith(".csv"):
            kind = "LibreOffice CSV of xlsx"
        elif name.endswith((".raw.txt", ".layout.txt")):
            producer = {"writer": "Writer PDF", "weasyprint": "jixiao's PDF"}.get(
                name.split(".")[-3], "Calc PDF"
            )
            mode = "-layout" if name.endswith(".layout.txt") else "(default)"
            kind = f"{producer} → pdftotext {mode}"
        else:
            kind = "LibreOffice text of docx"
        yield kind, EXPORTS / name, wanted(name)


def holdout_cases(tmp: Path) -> Iterator[tuple[str, Path, list[Form]]]:
    """Text made here by tools no test looks at, from the seed PDFs."""
    import pypdfium2
    from pdfminer.high_level import extract_text

    for pdf in sorted((FIXTURES / "pdf-seeds").glob("*.pdf")):
        forms = expected(MANIFEST[f"pdf-seeds/{pdf.name}"])
        miner = tmp / f"{pdf.stem}.pdfminer.txt"
        miner.write_text(extract_text(str(pdf)), encoding="utf-8")
        yield "hold-out: pdfminer.six", miner, forms
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            text = "\n".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
        pdfium = tmp / f"{pdf.stem}.pdfium.txt"
        pdfium.write_text(text, encoding="utf-8")
        yield "hold-out: pypdfium2 text", pdfium, forms
        if shutil.which("pdftotext"):
            raw = tmp / f"{pdf.stem}.rawmode.txt"
            subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), str(raw)], check=True)
            yield "hold-out: pdftotext -raw", raw, forms


def main() -> None:
    tallies: dict[str, Tally] = defaultdict(Tally)
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            *seed_cases(),
            *fixture_cases(),
            *export_cases(),
            *holdout_cases(Path(tmp)),
        ]
        for kind, path, want in cases:
            tallies[kind].add(forms_of(path), want)
    lines = [
        "# Reader accuracy by kind of input",
        "",
        "`python bench/bench_accuracy.py` — every file has a known answer (the hand-checked seed "
        "forms as the file prints them); field accuracy = fields equal to the answer / fields in "
        "the answer or the reading.  Hold-out kinds are made by the script and seen by no test.",
        "",
        "| kind | documents | exact | forms read / expected | field accuracy |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, t in tallies.items():
        accuracy = t.right / t.fields if t.fields else 1.0
        lines.append(
            f"| {kind} | {t.documents} | {t.exact} | {t.forms_read} / {t.forms_expected} "
            f"| {accuracy:.1%} |"
        )
    total = Tally()
    for t in tallies.values():
        for name in ("documents", "exact", "forms_expected", "forms_read", "fields", "right"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    lines.append(
        f"| **all** | {total.documents} | {total.exact} | {total.forms_read} / "
        f"{total.forms_expected} | {total.right / total.fields:.1%} |"
    )
    report = "\n".join(lines) + "\n"
    print(report)
    RESULTS.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
