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
    checked: bool = False  # check_values passed (done in the worker, off the writer's path)
    failed: bool = False
    reason: str | None = None
    reason_en: str | None = None
    # web uploads: the owning unit (overrides each form's implementer_code), the uploader, and the
    # original bytes to keep in ``blobs`` (in the same transaction as the document)
    owner: str | None = None
    uploaded_by: int | None = None
    blob: bytes | None = field(default=None, repr=False)
    blob_sha256: str | None = None


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


def _json(value: object) -> str:
    """JSON text as the store keeps it (NaN and infinity refused: PostgreSQL would)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _location(src: Source) -> str:
    loc = src.location
    if loc.column is not None and loc.line is not None and loc.page is None and loc.sheet is None:
        # the common text case, without building a dict
        end = f',"end_line":{loc.end_line}' if loc.end_line is not None else ""
        return f'{{"line":{loc.line}{end},"column":{loc.column}}}'
    return _json(loc.model_dump(mode="json", exclude_none=True))


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
        "unit_code": form.implementer_code,  # the owner; a web upload replaces it (write.py)
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
            "evidence": _json(f.evidence),
            "location": _json(f.location.model_dump(mode="json", exclude_none=True))
            if f.location
            else None,
        }
        for f in findings
    ]
    return FormRecord(identity(form, digest), digest, columns, indicators, found, sources)


def check_values(record: FormRecord) -> None:
    """Raise :class:`UnstorableValue` naming the first value the database could not keep as is:
    an integer beyond a 32-bit column, NaN or infinity, a NUL character."""

    def walk(value: object, where: str) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            if abs(value) > INT_LIMIT:
                raise UnstorableValue(where, value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise UnstorableValue(where, value)
        elif isinstance(value, str) and "\x00" in value:
            raise UnstorableValue(where, value)

    for key, value in record.columns.items():
        if key == "data":
            try:
                text = json.dumps(value, ensure_ascii=False, allow_nan=False)
            except ValueError:
                raise UnstorableValue("data", "NaN") from None
            if "\\u0000" in text:
                raise UnstorableValue("data", "\x00")
        else:
            walk(value, key)
    for name, rows in (("indicators", record.indicators), ("findings", record.findings),
                       ("sources", record.sources)):  # fmt: skip
        for i, row in enumerate(rows):
            for key, value in row.items():
                walk(value, f"{name}[{i}].{key}")


def unstorable_reason(bad: UnstorableValue) -> tuple[str, str]:
    """The failure reason (Chinese, English) of a document with a value the store cannot keep."""
    value = repr(bad.value)
    value = value if len(value) < 60 else value[:57] + "..."
    return (
        f"表中有无法保存的值：{bad.where} = {value}（超出范围、非数字或含控制字符），整份文件未保存其表格",
        f"a value cannot be stored: {bad.where} = {value} (out of range, not a number or a "
        "control character); none of the file's forms were stored",
    )
