"""The store's tables (SQLAlchemy 2 typed ORM).  The store knows forms, not file formats.

* ``documents`` — one row per distinct file content (SHA-256), with its name, format, size and
  when it was ingested; a file that failed keeps its row with ``status = 'failed'`` and the reason.
* ``forms`` — one row per form read from a document: query columns plus the full JSON
  (``Form.to_json``).  A form is identified by ``identity`` (project code or name, department,
  year); a later document whose form differs from the stored one adds a new ``version`` that
  ``supersedes`` the previous one.  Rows are never updated.
* ``indicators``, ``findings``, ``sources`` — one row per indicator, audit finding and value source.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int | None] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(8), doc="ok | failed")
    reason: Mapped[str | None] = mapped_column(Text, doc="why the document failed (Chinese)")
    reason_en: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    n_forms: Mapped[int] = mapped_column(Integer, default=0)
    # web uploads (migration 0002): the original's SHA-256 in ``blobs``, who uploaded it, the owner
    blob_sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by: Mapped[int | None] = mapped_column(Integer)
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)


class FormRow(Base):
    __tablename__ = "forms"
    __table_args__ = (
        Index("ix_forms_identity_version", "identity", "version"),
        Index("ix_forms_year_department", "year", "department"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    form_index: Mapped[int] = mapped_column(Integer)
    identity: Mapped[str] = mapped_column(Text, doc="project code or name | department | year")
    version: Mapped[int] = mapped_column(Integer)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("forms.id"))
    content_hash: Mapped[str] = mapped_column(String(64), doc="the form's values, not their places")
    year: Mapped[int | None] = mapped_column(Integer)
    department: Mapped[str | None] = mapped_column(Text)
    department_code: Mapped[str | None] = mapped_column(Text)
    project_name: Mapped[str | None] = mapped_column(Text)
    project_code: Mapped[str | None] = mapped_column(Text)
    implementer: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(8))
    funds_initial: Mapped[float | None] = mapped_column(Float)
    funds_adjusted: Mapped[float | None] = mapped_column(Float)
    funds_executed: Mapped[float | None] = mapped_column(Float)
    funds_rate: Mapped[float | None] = mapped_column(Float)
    total_weight: Mapped[float | None] = mapped_column(Float)
    self_total: Mapped[float | None] = mapped_column(Float, doc="总分 as printed")
    recomputed_total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(Text, doc="自评等级 as printed")
    recomputed_grade: Mapped[str | None] = mapped_column(Text)
    profile: Mapped[str | None] = mapped_column(Text)
    complete: Mapped[bool] = mapped_column(default=True)
    n_errors: Mapped[int] = mapped_column(Integer, default=0)
    n_warnings: Mapped[int] = mapped_column(Integer, default=0)
    n_infos: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, doc="Form.to_json()")
    unit_code: Mapped[str | None] = mapped_column(
        String(64), index=True, doc="the owning unit (migration 0002; see models_web)"
    )


class IndicatorRow(Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str | None] = mapped_column(Text)
    level2: Mapped[str | None] = mapped_column(Text)
    level3: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    recomputed: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(16))
    deviation: Mapped[str | None] = mapped_column(Text)


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    rule: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))
    field: Mapped[str | None] = mapped_column(Text)
    row: Mapped[int | None] = mapped_column(Integer)
    indicator: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text, doc='"funds.total.adjusted", "indicators[3].target"')
    raw: Mapped[str] = mapped_column(Text)
    location: Mapped[dict[str, Any]] = mapped_column(JSON)


# The web app's tables share this metadata: importing the models always registers them too.
from jixiao.store import models_web  # noqa: E402, F401
