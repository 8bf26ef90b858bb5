"""Run the registered rules over a form and collect findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from jixiao.checks.finding import Finding
from jixiao.checks.registry import Context, Hit, Rule, all_rules, fill, selected
from jixiao.model import Form, Location
from jixiao.profile import Profile, choose_profile
from jixiao.scoring import FormScore, score_form

_ROW_FIELD = re.compile(r"^indicators\[(\d+)\]\.(.+)$")


def _location(form: Form, hit: Hit) -> Location | None:
    if hit.field is None:
        return None
    m = _ROW_FIELD.match(hit.field)
    if m:
        index, key = int(m.group(1)), m.group(2)
        if index < len(form.indicators):
            src = form.indicators[index].sources.get(key)
            return src.location if src else None
        return None
    src = form.sources.get(hit.field)
    return src.location if src else None


def _finding(rule: Rule, form: Form, hit: Hit) -> Finding:
    row = hit.row
    if row is None and hit.field:
        m = _ROW_FIELD.match(hit.field)
        row = int(m.group(1)) if m else None
    indicator = form.indicators[row].level3 if row is not None and row < len(form.indicators) else None
    return Finding(
        file=form.document, form_index=form.form_index, project_name=form.project_name,
        code=rule.code, rule=rule.name, severity=rule.severity, field=hit.field, row=row,
        indicator=indicator, message=fill(rule.message, hit.evidence, indicator),
        message_en=fill(rule.message_en, hit.evidence, indicator), evidence=hit.evidence,
        location=_location(form, hit),
    )


def audit_form(
    form: Form,
    profile: Profile | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    score: FormScore | None = None,
) -> list[Finding]:
    """Every finding for one form, in rule-code order.  Never raises on bad input."""
    profile = profile or choose_profile(form)
    ctx = Context(form, profile, score or score_form(form, profile))
    findings: list[Finding] = []
    for rule in _chosen(tuple(select or ()), tuple(ignore or ())):
        findings.extend(_finding(rule, form, hit) for hit in rule.check(ctx))
    return findings


@lru_cache(maxsize=64)
def _chosen(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules() if selected(r.code, select, ignore))
