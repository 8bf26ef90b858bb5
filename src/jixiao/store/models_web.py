"""The web app's tables: accounts, sessions, departments, uploaded originals, the audit trail,
login throttling, store settings, and the review work done on forms (corrections, finding
decisions, comments, drafts).

They live on the same :class:`~jixiao.store.models.Base` as the form tables (imported at the end of
``models.py``), so one metadata describes the whole store and migration 0002 creates them.

Ownership: ``forms.unit_code`` is the unit that owns a form (the uploading unit's code for a web
upload, the form's 执行单位代码 ``implementer_code`` for ``jixiao ingest``).  A 填报单位 account sees
the forms whose ``unit_code`` is its own; a 审核人 sees the forms of the departments assigned to it;
an administrator sees everything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from jixiao.store.models import Base

ROLES = ("unit", "reviewer", "admin")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16), doc="unit | reviewer | admin")
    password_hash: Mapped[str] = mapped_column(Text, doc="argon2id, PHC string")
    unit_name: Mapped[str | None] = mapped_column(Text)
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DepartmentRow(Base):
    """A 主管部门 as reviewers are assigned to it; forms match by code, or by name."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    code: Mapped[str | None] = mapped_column(String(64), unique=True)


class ReviewerDepartmentRow(Base):
    __tablename__ = "reviewer_departments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )


class BlobRow(Base):
    """An uploaded original, kept byte for byte (the form page renders PDF pages from it)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebSessionRow(Base):
    """A signed-in browser.  Only the SHA-256 of the cookie's token is stored: a leaked database
    does not hand out live sessions.  (The CSRF token is derived from the cookie's token, see
    ``jixiao.web.security``.)"""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, doc="sha256 of the token")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str | None] = mapped_column(String(64))


class AuditLogRow(Base):
    """Who changed what, when, from where.  Rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    username: Mapped[str | None] = mapped_column(String(64), doc="kept when the user goes")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))


class LoginAttemptRow(Base):
    """Sign-in attempts, for throttling (per user name and address) and the audit page."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_who", "username", "ip", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    success: Mapped[bool] = mapped_column(Boolean)


class SettingRow(Base):
    """Store-wide settings chosen by an administrator (e.g. ``default_profile``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class CorrectionRow(Base):
    """One corrected value.  The correction is stored as a new form version (``form_id``, whose
    ``supersedes_id`` is ``base_form_id``); the base row is never updated."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    base_form_id: Mapped[int] = mapped_column(ForeignKey("forms.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text, doc='"indicators[3].actual", "funds.total.executed"')
    old: Mapped[Any] = mapped_column(JSON)
    new: Mapped[Any] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FindingReviewRow(Base):
    """A reviewer's decision on a finding, keyed by the form's identity and the finding's key
    (code + field/row) so that it survives re-audits of later versions."""

    __tablename__ = "finding_reviews"
    __table_args__ = (Index("ix_finding_reviews_identity_key", "identity", "finding_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(Text)
    form_id: Mapped[int | None] = mapped_column(ForeignKey("forms.id", ondelete="SET NULL"))
    finding_key: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(8), doc="accept | dismiss")
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommentRow(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(Text, index=True)
    form_id: Mapped[int | None] = mapped_column(ForeignKey("forms.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)


class DraftRow(Base):
    """A form being filled in the browser; ``submitted`` once stored as a form."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="draft", doc="draft | submitted")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_form_id: Mapped[int | None] = mapped_column(
        ForeignKey("forms.id", ondelete="SET NULL")
    )
