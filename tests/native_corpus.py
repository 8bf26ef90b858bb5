"""Parse a varied corpus and print every result as JSON: run once compiled and once as sources.

Why: the mypyc build (scripts/compile.py) must give exactly the answers the sources give.  mypyc
checks types at run time and changes how some Python operations behave at the edges, so the
comparison is made on what users get — the JSON of every form, note, problem and source — over
inputs that reach the reader's odd corners: every seed form in every text shape, template variant
and encoding, the committed xlsx/xls/docx/HTML/PDF fixtures, and damaged copies (lines dropped,
shuffled, cut off, bytes flipped).

    python tests/native_corpus.py OUT_DIR      # prints one JSON line per document
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import jixiao
from jixiao import _native
from jixiao.model import Form
from jixiao.render.encode import Encoding, encode
from jixiao.render.text import Codes, Style, Variant, render_document

HERE = Path(__file__).parent
VARIANTS = (
    Variant(),
    Variant(codes=Codes.suffix, yuan=True),
    Variant(codes=Codes.omit, level1_weights=True, total_label="总计"),
    Variant(sichuan=True, effect_label="效果指标"),
)


def seed_forms() -> list[list[Form]]:
    return [
        [Form.model_validate(f) for f in json.loads(p.read_text(encoding="utf-8"))]
        for p in sorted((HERE / "data" / "expected").glob("*.json"))
    ]


def damaged(data: bytes, rng: random.Random) -> list[bytes]:
    lines = data.split(b"\n")
    shuffled = lines[:]
    rng.shuffle(shuffled)
    flipped = bytearray(data)
    for _ in range(8):
        if flipped:
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return [
        b"\n".join(line for line in lines if rng.random() > 0.2),  # lines dropped
        b"\n".join(shuffled),
        data[: len(data) * 2 // 3],  # cut off
        bytes(flipped),
    ]


def write_corpus(out: Path) -> list[Path]:
    rng = random.Random(20261124)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for d, forms in enumerate(seed_forms()):
        for style in Style:
            for v, variant in enumerate(VARIANTS):
                text = render_document(forms, style, variant)
                for encoding in Encoding:
                    data = encode(text, encoding)
                    path = out / f"{d}-{style}-{v}-{encoding}.txt"
                    path.write_bytes(data)
                    paths.append(path)
                    if encoding == Encoding.utf8:
                        for k, bad in enumerate(damaged(data, rng)):
                            bad_path = out / f"{d}-{style}-{v}-damaged{k}.txt"
                            bad_path.write_bytes(bad)
                            paths.append(bad_path)
    fixtures = HERE / "data" / "fixtures"
    paths += sorted(p for p in fixtures.rglob("*") if p.is_file() and p.suffix != ".py")
    samples = Path(jixiao.__file__).parent / "samples"
    paths += sorted(p for p in samples.iterdir() if p.is_file())
    return paths


def main() -> None:
    out = Path(sys.argv[1])
    print(json.dumps({"reader": _native.STATUS.describe(), "compiled": _native.STATUS.compiled}))
    for path in write_corpus(out):
        for result in jixiao.parse([path]):
            print(result.model_dump_json())


if __name__ == "__main__":
    main()
