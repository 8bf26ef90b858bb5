"""Audit cost per form: score + every rule, in µs/form, on one core.

Why: a reviewer batch is hundreds of forms and the goal is "well under a millisecond" per form.
The forms are the 16 hand-checked seed parses (tests/data/expected), varied so that no two share
their numbers: each row's numbers are scaled by their own random factor (relations kept, texts
new), so the expression parser's cache does not flatter the result.  Both wall-clock and CPU time
are reported; on a shared machine the CPU time is the steadier figure (never timed in unit tests).

    python bench/bench_audit.py --forms 4000
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import re
import statistics
import time
from pathlib import Path

from jixiao.checks import audit_form
from jixiao.checks.registry import all_rules
from jixiao.expr.parse import parse_expression
from jixiao.model import Form
from jixiao.profile import choose_profile

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "data" / "expected"
GOAL_US = 1000.0
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def seeds() -> list[Form]:
    return [
        Form.model_validate(d)
        for p in sorted(EXPECTED.glob("*.json"))
        for d in json.loads(p.read_text(encoding="utf-8"))
    ]


def vary(form: Form, rng: random.Random) -> Form:
    """A copy whose numbers are all new but keep their relations (so findings stay realistic).

    Every number in a row's target and actual is multiplied by the same random factor, and the
    funds block by another, so met targets stay met and consistent sums stay consistent while the
    texts differ from every other form (no cache hits for the expression parser).
    """
    f = form.model_copy(deep=True)
    for ind in f.indicators:
        k = rng.uniform(1.01, 9.0)

        def scale(text: str | None, k: float = k) -> str | None:
            if text is None or re.search(r"\d{4}年|月|日", text):
                return text  # dates keep their meaning
            return _NUMBER.sub(lambda m: f"{float(m.group()) * k:.2f}", text)

        ind.target, ind.actual = scale(ind.target), scale(ind.actual)
    k = rng.uniform(0.5, 5.0)
    for row in (f.funds.total, f.funds.current, f.funds.carryover, f.funds.other):
        for col in ("initial", "adjusted", "executed"):
            value = getattr(row, col)
            if value is not None:
                setattr(row, col, value * k)
    return f


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--forms", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    base = seeds()
    if not base:
        raise SystemExit("no seed parses in tests/data/expected")
    rng = random.Random(args.seed)
    forms = [vary(base[i % len(base)], rng) for i in range(args.forms)]
    rules = all_rules()
    profiles = [choose_profile(f) for f in forms]
    audit_form(forms[0], profiles[0])  # warm imports
    parse_expression.cache_clear()
    gc.collect()
    gc.freeze()  # the prepared corpus is input, not work: keep the collector from rescanning it

    per_form: list[float] = []
    findings = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for form, profile in zip(forms, profiles, strict=True):
        t0 = time.perf_counter()
        findings += len(audit_form(form, profile))
        per_form.append((time.perf_counter() - t0) * 1e6)
    total = time.perf_counter() - start
    cpu = (time.process_time() - cpu_start) / len(forms) * 1e6

    mean = total / len(forms) * 1e6
    p95 = statistics.quantiles(per_form, n=20)[18]
    rows = sum(len(f.indicators) for f in forms)
    print(f"{len(forms)} forms ({rows} rows), {len(rules)} rules, {findings} findings")
    print(
        f"audit per form: CPU {cpu:.0f} µs; wall mean {mean:.0f} µs, median "
        f"{statistics.median(per_form):.0f} µs, p95 {p95:.0f} µs  ({len(forms) / total:,.0f} forms/s)"
    )
    repeated = [base[i % len(base)] for i in range(len(forms))]
    cpu_start = time.process_time()
    for form in repeated:
        audit_form(form, choose_profile(form))
    cpu_seeds = (time.process_time() - cpu_start) / len(repeated) * 1e6
    print(
        f"seeds as printed (shared wording hits the expression cache, as in a real batch; "
        f"profile chosen per form): CPU {cpu_seeds:.0f} µs/form"
    )
    print(
        f"goal < {GOAL_US:.0f} µs/form (CPU): {'met' if cpu < GOAL_US else 'NOT met'}  "
        f"[{platform.python_implementation()} {platform.python_version()}, {platform.machine()}]"
    )


if __name__ == "__main__":
    main()
