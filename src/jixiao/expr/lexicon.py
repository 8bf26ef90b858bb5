"""Units and qualitative wording, loaded once from the TOML files beside this module."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jixiao.expr.model import Tier


@dataclass(frozen=True)
class UnitInfo:
    """How a written unit converts: ``value × scale`` is in ``base``."""

    base: str
    scale: float
    dimension: str


def _load(name: str) -> dict[str, object]:
    text = resources.files("jixiao.expr").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def units() -> dict[str, UnitInfo]:
    """Written unit → conversion.  Longest names are tried first by the parser."""
    data = _load("units.toml")
    table: dict[str, UnitInfo] = {}
    bases = {"money": "元", "percent": "%", "duration": "天", "area": "平方米", "length": "米",
             "mass": "千克", "points": "分"}
    for dim, base in bases.items():
        section = data[dim]
        assert isinstance(section, dict)
        for unit, scale in section.items():
            table[unit] = UnitInfo(base, float(scale), dim)
    count = data["count"]
    assert isinstance(count, dict)
    for unit in count["units"]:
        table[unit] = UnitInfo(unit, 1.0, "count")
    for unit, base in count["synonyms"].items():
        table[unit] = UnitInfo(base, 1.0, "count")
    return table


@cache
def unit_pattern() -> re.Pattern[str]:
    names = sorted(units(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names))


@dataclass(frozen=True)
class Wording:
    tiers: tuple[tuple[Tier, tuple[str, ...]], ...]
    grades: dict[str, Tier]
    vague_substrings: tuple[str, ...]
    vague_exact: frozenset[str]
    not_applicable: frozenset[str]
    artifacts: tuple[re.Pattern[str], ...]


@cache
def wording() -> Wording:
    data = _load("qualitative.toml")

    def words(key: str) -> tuple[str, ...]:
        value = data[key]
        assert isinstance(value, list)
        return tuple(str(v) for v in value)

    vague = data["vague"]
    na = data["not_applicable"]
    art = data["artifacts"]
    grades = data["grades"]
    assert isinstance(vague, dict) and isinstance(na, dict) and isinstance(art, dict)
    assert isinstance(grades, dict)
    return Wording(
        tiers=tuple((tier, words(tier.value)) for tier in
                    (Tier.failed, Tier.partial, Tier.basic, Tier.achieved)),
        grades={k: Tier(v) for k, v in grades.items()},
        vague_substrings=tuple(vague["substrings"]),
        vague_exact=frozenset(vague["exact"]),
        not_applicable=frozenset(na["exact"]),
        artifacts=tuple(re.compile(p) for p in art["patterns"]),
    )
