"""``jixiao.audit``: findings for forms given as Form objects or as paths to documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from jixiao.checks.engine import audit_form
from jixiao.checks.finding import Finding
from jixiao.model import ParseResult
from jixiao.scoring.api import ProfileArg, ProfileResolver, Source, iter_results


def iter_audit(
    source: Source,
    profile: ProfileArg = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Iterator[tuple[ParseResult, list[Finding]]]:
    """One (parse result, findings) pair per document, so callers can report parse problems too."""
    resolve = ProfileResolver(profile, overrides)
    select, ignore = list(select or []), list(ignore or [])
    for result in iter_results(source):
        findings: list[Finding] = []
        for form in result.forms:
            findings.extend(audit_form(form, resolve(form), select, ignore))
        yield result, findings


def audit(
    source: Source,
    profile: ProfileArg = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Every finding for every form (parse problems are left out; see :func:`iter_audit`).

    >>> import jixiao
    >>> errors = [f for f in jixiao.audit("forms/") if f.severity == "error"]   # doctest: +SKIP
    """
    return [f for _, found in iter_audit(source, profile, select, ignore, overrides) for f in found]
