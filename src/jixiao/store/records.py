"""What a worker hands to the store: plain, picklable rows built from a parsed form.

Building rows is CPU work and happens in the worker processes; the main process only inserts them.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

from jixiao.checks.finding import Finding
from jixiao.model import Form, Severity, Source
from jixiao.scoring.model import FormScore

INT_LIMIT = 2**31 - 1  # an INTEGER column in PostgreSQL


@dataclass
class FormRecord:
    identity: str
    content_hash: str
    columns: dict[str, Any]
    indicators: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DocumentRecord:
    name: str
    sha256: str
    format: str | None = None
    size: int | None = None
    forms: list[FormRecord] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    failed: bool = False
    reason: str | None = None
    reason_en: str | None = None


class UnstorableValue(ValueError):
    """A value the store cannot keep (a number out of range, NaN, a NUL character)."""

    def __init__(self, where: str, value: object) -> None:
        self.where, self.value = where, value
        super().__init__(f"{where} = {value!r}")


def content_hash(form: Form) -> str:
    """The form's values, without where they were read or what the reader noted: two copies of a
    form in different files (or formats) hash alike; a corrected value hashes differently."""
    data = form.to_json(sources=False)
    for key in ("document", "form_index", "notes"):
        data.pop(key, None)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def identity(form: Form, digest: str) -> str:
    """(project code or name, department, year); a form naming no project is its own identity."""
    project = (form.project_code or form.project_name or "").strip()
    if not project:
        return f"?{digest}"
    return f"{project}|{(form.department or '').strip()}|{form.year if form.year else ''}"


def _location(src: Source) -> dict[str, Any]:
    return src.location.model_dump(mode="json", exclude_none=True)


def form_record(form: Form, score: FormScore | None, findings: list[Finding]) -> FormRecord:
    digest = content_hash(form)
    total = form.funds.total
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    columns: dict[str, Any] = {
        "form_index": form.form_index,
        "year": form.year,
        "department": form.department,
        "department_code": form.department_code,
        "project_name": form.project_name,
        "project_code": form.project_code,
        "implementer": form.implementer,
        "unit": form.funds.unit,
        "funds_initial": total.initial,
        "funds_adjusted": total.adjusted,
        "funds_executed": total.executed,
        "funds_rate": form.funds.rate if form.funds.rate is not None else total.rate,
        "total_weight": form.total_weight,
        "self_total": form.total_score,
        "recomputed_total": score.recomputed_total if score else None,
        "grade": form.grade,
        "recomputed_grade": score.recomputed_grade if score else None,
        "profile": score.profile if score else None,
        "complete": form.complete,
        "n_errors": counts[Severity.error],
        "n_warnings": counts[Severity.warning],
        "n_infos": counts[Severity.info],
        "data": form.to_json(),
    }
    rows = {r.index: r for r in score.rows} if score else {}
    indicators = [
        {
            "position": i,
            "level1": ind.level1,
            "level2": ind.level2,
            "level3": ind.level3,
            "target": ind.target,
            "actual": ind.actual,
            "weight": ind.weight,
            "score": ind.score,
            "recomputed": rows[i].recomputed if i in rows else None,
            "status": str(rows[i].status) if i in rows else None,
            "deviation": ind.deviation,
        }
        for i, ind in enumerate(form.indicators)
    ]
    sources = [
        {"path": path, "raw": src.raw, "location": _location(src)}
        for path, src in form.sources.items()
    ]
    for i, ind in enumerate(form.indicators):
        sources.extend(
            {"path": f"indicators[{i}].{key}", "raw": src.raw, "location": _location(src)}
            for key, src in ind.sources.items()
        )
    found = [
        {
            "code": f.code,
            "rule": f.rule,
            "severity": str(f.severity),
            "field": f.field,
            "row": f.row,
            "indicator": f.indicator,
            "message": f.message,
            "message_en": f.message_en,
            "evidence": f.evidence,
            "location": f.location.model_dump(mode="json", exclude_none=True)
            if f.location
            else None,
        }
        for f in findings
    ]
    return FormRecord(identity(form, digest), digest, columns, indicators, found, sources)


def check_values(record: FormRecord) -> None:
    """Raise :class:`UnstorableValue` naming the first value the database could not keep as is."""

    def walk(value: object, where: str) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            if abs(value) > INT_LIMIT and not (where.startswith("data") or ".evidence" in where):
                raise UnstorableValue(where, value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise UnstorableValue(where, value)
        elif isinstance(value, str):
            if "\x00" in value:
                raise UnstorableValue(where, value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k, where)
                walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(value, list | tuple):
            for i, v in enumerate(value):
                walk(v, f"{where}[{i}]")

    walk(record.columns, "")
    walk(record.indicators, "indicators")
    walk(record.findings, "findings")
    walk(record.sources, "sources")
