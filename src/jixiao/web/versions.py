"""Versions of a form made in the browser: corrections, submitted new forms, and what the form
page reads back about them (history, finding decisions, comments).

The store's rule holds here too: a stored form row is never updated.  A correction stores the
whole corrected form as the next version of the same lineage (same ``identity`` and owner
``unit_code``), ``supersedes_id`` pointing at the version it was made on, re-scored and re-audited,
with a ``corrections`` row saying who changed which value from what to what.  Two people editing
one form: the second save names the version it was based on, finds a newer one, and is refused
with the other person's change (:class:`Conflict`) instead of silently overwriting it.  Writers
are serialized (SQLite transactions are IMMEDIATE; PostgreSQL takes the ingest's advisory lock),
so the check and the insert cannot interleave.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.checks.engine import audit_form
from jixiao.checks.finding import Finding
from jixiao.model import Form
from jixiao.profile import Profile, ProfileError, choose_profile, load_profile
from jixiao.scoring import FormScore, score_form
from jixiao.store.models import DocumentRow, FindingRow, FormRow, IndicatorRow, SourceRow
from jixiao.store.models_web import (
    CommentRow,
    CorrectionRow,
    FindingReviewRow,
    SettingRow,
    UserRow,
)
from jixiao.store.records import FormRecord, form_record, identity
from jixiao.web.deps import fmt_datetime
from jixiao.web.fields import FieldError, field_ref
from jixiao.web.formview import CorrectionView, ReviewView
from jixiao.web.live import Correction

WEB_FORMAT = "web"  # documents.format of a form typed in the browser


def now() -> datetime:
    return datetime.now(UTC)


def stored_form(row: FormRow) -> Form:
    """The Form a row keeps (its full JSON)."""
    return Form.model_validate(row.data)


def profile_for(session: Session, form: Form) -> Profile:
    """The store's default profile when an administrator chose one, else the form's own."""
    setting = session.get(SettingRow, "default_profile")
    if setting is not None and isinstance(setting.value, str) and setting.value:
        try:
            return load_profile(setting.value)
        except ProfileError:
            pass  # a profile no longer shipped: fall back rather than fail every page
    return choose_profile(form)


def evaluate(session: Session, form: Form) -> tuple[FormScore, list[Finding]]:
    """Score and audit ``form`` under the store's profile."""
    profile = profile_for(session, form)
    score = score_form(form, profile)
    return score, audit_form(form, profile, score=score)


def _lock(session: Session) -> None:
    """Take the writers' turn (see the module docstring)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SELECT pg_advisory_xact_lock(5005)")


def lineage(session: Session, row: FormRow) -> list[FormRow]:
    """Every version of the form (same identity and owner), oldest first."""
    return list(
        session.scalars(
            select(FormRow)
            .where(FormRow.identity == row.identity)
            .where(FormRow.unit_code.is_not_distinct_from(row.unit_code))
            .order_by(FormRow.version, FormRow.id)
        )
    )


def latest(session: Session, row: FormRow) -> FormRow:
    """The newest version of ``row``'s form: ``row`` itself when no version is numbered higher
    (a copy of the form in another file shares its version number, and is as current)."""
    versions = lineage(session, row)
    top = max(versions, key=lambda r: (r.version, r.id)) if versions else row
    return row if top.version <= row.version else top


class Conflict(Exception):
    """The form changed since the version an edit was based on."""

    def __init__(self, newer: FormRow, changes: list[CorrectionView]) -> None:
        self.newer, self.changes = newer, changes
        super().__init__(f"form {newer.id} is newer")

    def message(self) -> str:
        """Chinese: who changed what, so the person can redo their edit knowingly."""
        if not self.changes:
            return (f"保存失败：此表已有更新的版本（第 {self.newer.version} 版，可能是重新上传），"
                    "你的修改未保存。请刷新页面查看最新内容后再修改。")  # fmt: skip
        parts = [f"{c.user} 于 {fmt_datetime(c.at)} 将“{c.label}”由“{c.old}”改为“{c.new}”"
                 for c in self.changes]  # fmt: skip
        return (f"保存失败：在你修改期间，{'；'.join(parts)}（现为第 {self.newer.version} 版）。"
                "你的修改未保存，请刷新页面查看最新内容后再修改。")  # fmt: skip


def _child_rows(record: FormRecord, form_id: int) -> list[Any]:
    rows: list[Any] = [IndicatorRow(form_id=form_id, **ind) for ind in record.indicators]
    for f in record.findings:
        rows.append(FindingRow(
            form_id=form_id, **{**f, "evidence": json.loads(f["evidence"]),
                                "location": json.loads(f["location"]) if f["location"] else None},
        ))  # fmt: skip
    rows.extend(
        SourceRow(form_id=form_id, path=s["path"], raw=s["raw"], location=json.loads(s["location"]))
        for s in record.sources
    )
    return rows


def _insert_form(
    session: Session, record: FormRecord, *, document_id: int, identity_: str, version: int,
    supersedes: int | None, owner: str | None,
) -> FormRow:  # fmt: skip
    columns = {**record.columns, "unit_code": owner}
    row = FormRow(
        **columns, document_id=document_id, identity=identity_, version=version,
        supersedes_id=supersedes, content_hash=record.content_hash,
    )  # fmt: skip
    session.add(row)
    session.flush()
    session.add_all(_child_rows(record, row.id))
    return row


def store_correction(
    session: Session, base: FormRow, fix: Correction, user: UserRow
) -> FormRow:
    """Store ``fix`` as the next version after ``base``; :class:`Conflict` if ``base`` is no
    longer the newest version.  The caller commits (and records the audit trail)."""
    _lock(session)
    newest = latest(session, base)
    if newest.id != base.id:
        raise Conflict(newest, changes_since(session, base))
    score, findings = evaluate(session, fix.form)
    record = form_record(fix.form, score, findings)
    row = _insert_form(
        session, record, document_id=base.document_id, identity_=base.identity,
        version=newest.version + 1, supersedes=base.id, owner=base.unit_code,
    )  # fmt: skip
    session.add(CorrectionRow(form_id=row.id, base_form_id=base.id, path=fix.path, old=fix.old,
                              new=fix.new, user_id=user.id, at=now()))  # fmt: skip
    session.flush()
    return row


def store_submission(session: Session, form: Form, user: UserRow, owner: str | None,
                     name: str) -> FormRow:  # fmt: skip
    """A form typed in the browser, stored like an ingested document of its own: a new version
    of the unit's earlier form of the same project and year, or version 1."""
    _lock(session)
    score, findings = evaluate(session, form)
    record = form_record(form, score, findings)
    digest = hashlib.sha256(f"web:{owner}:{record.content_hash}:{now().isoformat()}".encode())
    doc = DocumentRow(
        sha256=digest.hexdigest(), name=name, format=WEB_FORMAT, size=None, ingested_at=now(),
        status="ok", reason=None, reason_en=None, problems=[], n_forms=1,
        uploaded_by=user.id, unit_code=owner,
    )  # fmt: skip
    session.add(doc)
    session.flush()
    ident = identity(form, record.content_hash)
    versions = list(session.scalars(
        select(FormRow).where(FormRow.identity == ident)
        .where(FormRow.unit_code.is_not_distinct_from(owner))
        .order_by(FormRow.version.desc(), FormRow.id.desc())
    ))  # fmt: skip
    top = versions[0] if versions else None
    return _insert_form(
        session, record, document_id=doc.id, identity_=ident,
        version=top.version + 1 if top else 1, supersedes=top.id if top else None, owner=owner,
    )  # fmt: skip


def _user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = session.execute(
        select(UserRow.id, UserRow.display_name, UserRow.username).where(UserRow.id.in_(wanted))
    ).all()
    return {r.id: r.display_name or r.username for r in rows}


def _label(path: str) -> str:
    try:
        return field_ref(path).spec.label + _row_suffix(path)
    except FieldError:
        return path


def _row_suffix(path: str) -> str:
    ref = field_ref(path)
    return f"（第 {ref.row + 1} 行指标）" if ref.row is not None else ""


def _correction_views(session: Session, rows: list[CorrectionRow],
                      versions: dict[int, int]) -> list[CorrectionView]:  # fmt: skip
    names = _user_names(session, {r.user_id for r in rows})
    return [
        CorrectionView(
            path=r.path, label=_label(r.path), old=str(r.old or ""), new=str(r.new or ""),
            user=names.get(r.user_id or -1, "（已删除的用户）"), at=r.at,
            version=versions.get(r.form_id),
        )
        for r in rows
    ]


def changes_since(session: Session, base: FormRow) -> list[CorrectionView]:
    """Corrections made on versions newer than ``base``."""
    newer = {r.id: r.version for r in lineage(session, base) if r.version > base.version}
    if not newer:
        return []
    rows = list(session.scalars(
        select(CorrectionRow).where(CorrectionRow.form_id.in_(list(newer))).order_by(CorrectionRow.at)
    ))  # fmt: skip
    return _correction_views(session, rows, newer)


@dataclass
class VersionView:
    id: int
    version: int
    at: datetime | None
    how: str  # 上传 / 网页填报 / 更正
    who: str
    changes: list[CorrectionView] = field(default_factory=list)
    current: bool = False


def history(session: Session, row: FormRow) -> tuple[list[VersionView], dict[str, CorrectionView]]:
    """Every version, newest first, with its changes; and the latest correction of each value up
    to ``row`` (to mark corrected cells)."""
    versions = lineage(session, row)
    numbers = {v.id: v.version for v in versions}
    corrections = list(session.scalars(
        select(CorrectionRow).where(CorrectionRow.form_id.in_(list(numbers)))
        .order_by(CorrectionRow.at, CorrectionRow.id)
    ))  # fmt: skip
    views = _correction_views(session, corrections, numbers)
    by_form: dict[int, list[CorrectionView]] = {}
    for c, view in zip(corrections, views, strict=True):
        by_form.setdefault(c.form_id, []).append(view)
    docs = {d.id: d for d in session.scalars(
        select(DocumentRow).where(DocumentRow.id.in_({v.document_id for v in versions}))
    )}  # fmt: skip
    uploaders = _user_names(session, {d.uploaded_by for d in docs.values()})
    out: list[VersionView] = []
    for v in versions:
        changes = by_form.get(v.id, [])
        doc = docs.get(v.document_id)
        if changes:
            how, who, at = "更正", changes[0].user, changes[0].at
        elif doc is not None and doc.format == WEB_FORMAT:
            how, who, at = "网页填报", uploaders.get(doc.uploaded_by or -1, ""), doc.ingested_at
        else:
            name = doc.name if doc is not None else ""
            how = f"上传 {name}" if doc is not None and doc.uploaded_by else f"导入 {name}"
            who = uploaders.get(doc.uploaded_by or -1, "") if doc is not None else ""
            at = doc.ingested_at if doc is not None else None
        out.append(VersionView(v.id, v.version, at, how, who, changes, v.id == row.id))
    latest_by_path: dict[str, CorrectionView] = {}
    for c, view in zip(corrections, views, strict=True):
        if numbers.get(c.form_id, 0) <= row.version:
            latest_by_path[c.path] = view
    out.sort(key=lambda v: (v.version, v.id), reverse=True)
    return out, latest_by_path


def reviews(session: Session, row: FormRow) -> dict[str, ReviewView]:
    """The latest decision on each finding of the form's lineage, by finding key."""
    rows = list(session.scalars(
        select(FindingReviewRow).where(FindingReviewRow.identity == _lineage_key(row))
        .order_by(FindingReviewRow.at, FindingReviewRow.id)
    ))  # fmt: skip
    names = _user_names(session, {r.user_id for r in rows})
    out: dict[str, ReviewView] = {}
    for r in rows:
        if r.decision == "reopen":
            out.pop(r.finding_key, None)
        else:
            out[r.finding_key] = ReviewView(r.decision, r.reason, names.get(r.user_id or -1, ""), r.at)
    return out


def _lineage_key(row: FormRow) -> str:
    """Reviews and comments belong to one owner's form, not to every unit's form of that name."""
    return f"{row.unit_code or ''}#{row.identity}"


def add_review(session: Session, row: FormRow, key: str, code: str, decision: str, reason: str,
               user: UserRow) -> None:  # fmt: skip
    session.add(FindingReviewRow(
        identity=_lineage_key(row), form_id=row.id, finding_key=key, code=code,
        decision=decision, reason=reason, user_id=user.id, at=now(),
    ))  # fmt: skip


@dataclass
class CommentView:
    user: str
    at: datetime | None
    text: str
    version: int | None


def comments(session: Session, row: FormRow) -> list[CommentView]:
    rows = list(session.scalars(
        select(CommentRow).where(CommentRow.identity == _lineage_key(row))
        .order_by(CommentRow.at, CommentRow.id)
    ))  # fmt: skip
    names = _user_names(session, {r.user_id for r in rows})
    numbers = {v.id: v.version for v in lineage(session, row)}
    return [CommentView(names.get(r.user_id or -1, ""), r.at, r.text, numbers.get(r.form_id or -1))
            for r in rows]  # fmt: skip


def add_comment(session: Session, row: FormRow, text: str, user: UserRow) -> None:
    session.add(CommentRow(identity=_lineage_key(row), form_id=row.id, user_id=user.id, at=now(),
                           text=text))  # fmt: skip
