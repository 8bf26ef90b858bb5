"""Generate a large corpus of realistic forms for the parse benchmark.

Why: 16 seed forms say nothing about speed or memory at scale.  Each generated form starts from a
seed form (tests/data/expected/*.json) and varies what real forms vary: project names, codes,
amounts, indicator rows and their values, row counts; each document holds several forms and is
written in one of the text styles, template variants and encodings of :mod:`jixiao.render`.

    python bench/generate.py --forms 10000        # -> bench/out/docs/*.txt + manifest.json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path

from jixiao.model import Form, FundsRow, Indicator
from jixiao.render.encode import Encoding, encode
from jixiao.render.text import Codes, Style, Variant, render_document

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "expected"
OUT = ROOT / "bench" / "out"

DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "密云区", "通州区", "顺义区"]
BODIES = ["卫生健康委员会", "教育委员会", "民政局", "财政局", "文化和旅游局", "农业农村局"]
UNITS = ["社区卫生服务管理中心", "疾病预防控制中心", "妇幼保健院", "第一中学", "养老服务中心"]
TOPICS = ["基层医疗服务能力提升", "家庭医生签约服务", "老年健康服务", "校园安全设施改造",
          "公共文化服务", "困难群众救助", "信息化平台运维", "人员岗位培训"]  # fmt: skip
SUFFIXES = ["项目", "补助资金", "经费", "专项资金", "运维费"]
PEOPLE = ["程瑞", "李娇", "孙媛媛", "王磊", "张敏", "刘洋", "陈静"]
# Weights of the generated variants; the standard template dominates, as in the wild.
VARIANTS = [Variant()] * 6 + [
    Variant(codes=Codes.suffix),
    Variant(codes=Codes.omit),
    Variant(yuan=True),
    Variant(level1_weights=True),
    Variant(sichuan=True),
    Variant(total_label="总计", effect_label="效果指标"),
]
LEVEL1_ORDER = {"产出指标": 0, "效益指标": 1, "效果指标": 1, "满意度指标": 2}
ENCODINGS = [Encoding.utf8] * 8 + [Encoding.gbk, Encoding.utf16, Encoding.fullwidth]


def seed_forms() -> list[Form]:
    forms = [
        Form.model_validate(f)
        for path in sorted(EXPECTED.glob("*.json"))
        for f in json.loads(path.read_text(encoding="utf-8"))
    ]
    if not forms:
        raise SystemExit(f"no seed forms in {EXPECTED}")
    return forms


def _money(rng: random.Random, low: float, high: float) -> float:
    return float(round(Decimal(str(rng.uniform(low, high))), rng.choice([2, 2, 4])))


def _renumber(text: str | None, rng: random.Random) -> str | None:
    """Same wording, other numbers: ≥735人次 -> ≥1204人次."""
    if text is None:
        return None
    return re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** min(len(m.group()), 5))), text)


def vary(base: Form, pool: list[Indicator], rng: random.Random) -> Form:
    """A new form in the shape of ``base``, with other names, amounts and indicator rows."""
    f = base.model_copy(deep=True)
    f.year = rng.choice([2021, 2022, 2023, 2024])
    topic = rng.choice(TOPICS)
    f.project_name = f"{f.year}年{rng.choice(DISTRICTS)}{topic}{rng.choice(SUFFIXES)}"
    district = rng.choice(DISTRICTS)
    f.department = f"北京市{district}{rng.choice(BODIES)}"
    f.implementer = f"北京市{district}{rng.choice(UNITS)}"
    if f.project_code or rng.random() < 0.3:
        f.project_code = f"1101{rng.randint(10**16, 10**17 - 1)}"
        f.department_code = str(rng.randint(100000, 199999))
        f.implementer_code = str(rng.randint(100000, 199999))
    if f.manager or rng.random() < 0.3:
        f.manager, f.phone = rng.choice(PEOPLE), str(rng.randint(60000000, 89999999))
    funds = f.funds
    adjusted = _money(rng, 1, 5000)
    rate = rng.choice([1.0, 1.0, 0.95, 0.91, 0.8, 0.49])
    executed = float(round(Decimal(str(adjusted)) * Decimal(str(rate)), 4))
    funds.total = FundsRow(
        initial=_money(rng, 1, 5000), adjusted=adjusted, executed=executed, rate=rate
    )
    funds.current = funds.total.model_copy()
    funds.carryover, funds.other, funds.extra = FundsRow(), FundsRow(), {}
    funds.weight, funds.rate, funds.score = 10, rate, float(Decimal("10") * Decimal(str(rate)))
    picked = sorted(rng.sample(range(len(pool)), rng.randint(3, min(20, len(pool)))))
    f.indicators = [pool[i].model_copy(deep=True) for i in picked]
    f.indicators.sort(key=lambda i: LEVEL1_ORDER.get(i.level1 or "", 9))  # stable: groups stay
    for ind in f.indicators:
        ind.target, ind.actual = _renumber(ind.target, rng), _renumber(ind.actual, rng)
        ind.weight = float(rng.randint(2, 15))
        ind.score = float(rng.randint(0, int(ind.weight)))
        ind.sources = {}
    f.level1_weights = {}
    f.total_weight = 10 + sum(i.weight or 0 for i in f.indicators)
    f.total_score = float(
        Decimal(str(funds.score)) + sum(Decimal(str(i.score or 0)) for i in f.indicators)
    )
    f.sources, f.notes, f.document = {}, [], None
    return f


def generate(n_forms: int, out: Path = OUT, seed: int = 20240601) -> dict[str, list[str]]:
    """Write documents holding ``n_forms`` forms in all; returns file name -> project names."""
    rng = random.Random(seed)
    bases = seed_forms()
    pool = [i for f in bases for i in f.indicators if i.level1 and i.level3]
    docs = out / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    manifest: dict[str, list[str]] = {}
    written, styles = 0, list(Style)
    while written < n_forms:
        forms = [
            vary(rng.choice(bases), pool, rng)
            for _ in range(min(rng.randint(1, 8), n_forms - written))
        ]
        style, variant, enc = rng.choice(styles), rng.choice(VARIANTS), rng.choice(ENCODINGS)
        name = f"{len(manifest):05d}.{style}.{enc}.txt"
        (docs / name).write_bytes(encode(render_document(forms, style, variant), enc))
        manifest[name] = [f.project_name or "" for f in forms]
        written += len(forms)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), "utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args()
    manifest = generate(args.forms, seed=args.seed)
    print(
        f"{sum(map(len, manifest.values()))} forms in {len(manifest)} documents -> {OUT / 'docs'}"
    )


if __name__ == "__main__":
    main()
