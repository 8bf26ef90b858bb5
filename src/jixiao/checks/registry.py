"""The rule registry: each check is a small function registered with a stable code.

A rule yields :class:`Hit` values (where, and the evidence); the registry turns them into
:class:`~jixiao.checks.finding.Finding` objects with the rule's severity and bilingual message
templates filled from the evidence.  The rule's docstring is its documentation and holds a failing
and a passing example (JSON form fragments) that the test-suite runs for every rule.
"""

from __future__ import annotations

import inspect
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from typing import Any

from jixiao.model import Form, Severity
from jixiao.profile import Profile
from jixiao.scoring import FormScore, Method, RowScore
from jixiao.scoring.fmt import num


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at: the form, its profile, and its recomputed scores."""

    form: Form
    profile: Profile
    score: FormScore
    active: tuple[RowScore, ...] = ()

    def __post_init__(self) -> None:
        na = Method.not_applicable
        object.__setattr__(self, "active", tuple(r for r in self.score.rows if r.method is not na))

    def rows(self) -> Iterator[RowScore]:
        """Scored rows that are not 不涉及."""
        return iter(self.active)

    def deviation(self, row: RowScore) -> str:
        return (self.form.indicators[row.index].deviation or "").strip()


@dataclass
class Hit:
    """One place a rule fired."""

    field: str | None = None
    row: int | None = None
    evidence: dict[str, Any] = dc_field(default_factory=dict)


Check = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    summary_en: str
    message: str
    message_en: str
    check: Check
    area: str

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    summary_en: str,
    message: str,
    message_en: str,
) -> Callable[[Check], Check]:
    """Register a check.  ``message`` templates use the hit's evidence keys and ``{indicator}``."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        area = check.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, name, severity, summary, summary_en, message, message_en, check,
                           area)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by code."""
    from jixiao.checks import rules  # noqa: F401  (importing registers the rules)

    return [RULES[c] for c in sorted(RULES)]


def selected(code: str, select: Iterable[str] | None, ignore: Iterable[str] | None) -> bool:
    """ruff-style selection: a code or a prefix (``S``, ``S00``, ``S002``); ignore wins."""
    if ignore and any(code.startswith(p.upper()) for p in ignore):
        return False
    return not select or any(code.startswith(p.upper()) or p.upper() == "ALL" for p in select)


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def _fields(template: str) -> tuple[str, ...]:
    return tuple({f for _, f, _, _ in string.Formatter().parse(template) if f})


def fill(template: str, evidence: dict[str, Any], indicator: str | None) -> str:
    """The message: numbers as a reviewer writes them; unknown keys are left visible."""
    params = _Params()
    for key in _fields(template):
        if key == "indicator":
            params[key] = indicator or ""
        elif key in evidence:
            value = evidence[key]
            params[key] = (num(value) if isinstance(value, float | int) and not isinstance(value, bool)
                           else str(value))
    return template.format_map(params)
