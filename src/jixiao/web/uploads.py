"""A web upload is a document ingest: checked (size, type by content, name), read, scored,
audited and stored with its owner and its original bytes.  Never raises for a bad file: every
file gets a result with a Chinese message, and one bad file never stops the others.

Ownership (documented in docs/web.md): a 填报单位 uploads for itself — the document and its forms
get the unit's code, and the document's key mixes that code in, so two units uploading the same
bytes each get their own copy.  An administrator's or reviewer's upload is owned like
``jixiao ingest``'s: each form by its 执行单位代码.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from jixiao.store.db import StoreError
from jixiao.store.models import DocumentRow, FormRow
from jixiao.store.models_web import UserRow
from jixiao.web.deps import visible_forms

ACCEPTED = {"pdf", "xlsx", "xls", "docx", "html", "text"}
ACCEPT_ATTR = ".pdf,.xlsx,.xls,.docx,.html,.htm,.txt,.csv,.tsv,.md"
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel", "xls": "Excel 97-2003", "docx": "Word",
                "html": "网页", "text": "文本"}  # fmt: skip
NAME_LIMIT = 160
UNNAMED = "未命名文件"


def safe_name(raw: str | None) -> str:
    """A file name fit to show and store: no folders (``../``, ``C:\\``), no control characters or
    NUL, NFC, at most ``NAME_LIMIT`` characters (the extension kept).  HTML in a name stays as
    text; the pages escape it."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = text.replace("\\", "/")
    text = PurePosixPath(text).name if "/" in text else text
    text = text.strip().strip(".").strip()
    if not text:
        return UNNAMED
    if len(text) > NAME_LIMIT:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            text = stem[: NAME_LIMIT - len(ext) - 2] + "…." + ext
        else:
            text = text[: NAME_LIMIT - 1] + "…"
    return text


def document_key(data_sha: str, owner: str | None) -> str:
    """The document's key in ``documents.sha256``: the content's hash, mixed with the owning
    unit's code for a unit's upload (each unit keeps its own copy)."""
    if owner is None:
        return data_sha
    mixed = hashlib.sha256(f"jixiao-upload\0{owner}\0{data_sha}".encode())
    return mixed.hexdigest()


@dataclass
class UploadResult:
    name: str
    status: str  # stored | failed | skipped | refused
    message: str
    message_en: str = ""
    size: int = 0
    format: str | None = None
    document_id: int | None = None
    forms: list[dict[str, Any]] = field(default_factory=list)
    hidden_forms: int = 0  # stored, but outside what the uploader may see

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "status": self.status, "message": self.message,
            "message_en": self.message_en, "size": self.size, "format": self.format,
            "document_id": self.document_id, "forms": self.forms,
            "hidden_forms": self.hidden_forms,
        }  # fmt: skip


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def too_large(raw_name: str | None, size: int, max_bytes: int) -> UploadResult:
    return UploadResult(
        safe_name(raw_name), "refused", f"文件过大（{_mb(size)} MB，上限 {_mb(max_bytes)} MB）",
        f"file too large ({_mb(size)} MB, limit {_mb(max_bytes)} MB)", size=size,
    )  # fmt: skip


def refuse_reason(data: bytes, fmt: str, max_bytes: int) -> tuple[str, str] | None:
    """Why a file is refused before reading (Chinese, English), or None."""
    if not data:
        return "文件为空", "the file is empty"
    if len(data) > max_bytes:
        return (f"文件过大（{_mb(len(data))} MB，上限 {_mb(max_bytes)} MB）",
                f"file too large ({_mb(len(data))} MB, limit {_mb(max_bytes)} MB)")
    if fmt in ACCEPTED:
        return None
    if fmt == "doc":
        return ("不支持旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后上传",
                "old Word (.doc) files are not supported; save as .docx")
    return ("不支持的文件类型（按内容识别，不看扩展名）；请上传 PDF、Excel（xlsx/xls）、Word（docx）、"
            "网页（HTML）或文本文件", "unsupported file type (detected by content); upload PDF, "
            "Excel, Word (docx), HTML or text")  # fmt: skip


def _read(name: str, data: bytes, key: str, fmt: str, profile: str | None) -> Any:
    """Parse, score and audit in this process (the bytes go through a private temporary file;
    the user's name is never used as a path)."""
    from jixiao.api import parse_file
    from jixiao.store.ingest import build_record
    from jixiao.store.records import DocumentRecord

    fd, tmp = tempfile.mkstemp(prefix="jixiao-upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            return build_record(name, key, fmt, len(data), parse_file(tmp, name), profile)
        except Exception as exc:  # one bad file never stops the batch
            return DocumentRecord(
                name=name, sha256=key, format=fmt, size=len(data), failed=True,
                reason=f"处理时发生内部错误（{type(exc).__name__}）",
                reason_en=f"internal error while processing ({type(exc).__name__}: {exc})",
            )  # fmt: skip
    finally:
        os.unlink(tmp)


def ingest_upload(
    engine: Engine,
    user: UserRow,
    raw_name: str | None,
    data: bytes,
    *,
    max_bytes: int,
    profile: str | None = None,
) -> UploadResult:
    """Check, read and store one uploaded file for ``user``."""
    from jixiao.readers import detect_format
    from jixiao.store.write import write_document

    name = safe_name(raw_name)
    fmt = detect_format(data) if data else "empty"
    refused = refuse_reason(data, fmt, max_bytes)
    if refused:
        return UploadResult(name, "refused", *refused, size=len(data), format=fmt)
    owner = user.unit_code if user.role == "unit" else None
    data_sha = hashlib.sha256(data).hexdigest()
    key = document_key(data_sha, owner)
    with Session(engine) as db:
        existing = db.scalar(select(DocumentRow).where(DocumentRow.sha256 == key))
    if existing is not None:
        if existing.status == "failed":
            result = UploadResult(name, "failed", f"该文件此前已上传，但无法读取：{existing.reason}",
                                  f"uploaded before, could not be read: {existing.reason_en}",
                                  size=len(data), format=fmt)  # fmt: skip
        else:
            result = UploadResult(name, "skipped", "该文件已经上传过，未重复入库",
                                  "this file was uploaded before; not stored again",
                                  size=len(data), format=fmt)  # fmt: skip
        _attach_forms(engine, user, existing.id, result)
        return result
    rec = _read(name, data, key, fmt, profile)
    rec.owner, rec.uploaded_by = owner, user.id
    rec.blob, rec.blob_sha256 = data, data_sha
    try:
        written = write_document(engine, rec)
    except StoreError as exc:
        return UploadResult(name, "failed", f"数据库暂时无法写入：{exc.message}，请稍后重试",
                            exc.message_en, size=len(data), format=fmt)  # fmt: skip
    with Session(engine) as db:
        doc = db.scalar(select(DocumentRow).where(DocumentRow.sha256 == key))
    doc_id = doc.id if doc is not None else None
    if written.outcome == "skipped":
        result = UploadResult(name, "skipped", "该文件已经上传过，未重复入库",
                              "this file was uploaded before", size=len(data), format=fmt)
    elif written.outcome == "failed":
        result = UploadResult(name, "failed", written.reason or "无法读取", written.reason_en or "",
                              size=len(data), format=fmt)  # fmt: skip
    else:
        n = written.forms
        versions = f"（其中 {written.new_versions} 张为已有表的新版本）" if written.new_versions else ""
        result = UploadResult(name, "stored", f"已读取 {n} 张表{versions}，{written.findings} 条审核意见",
                              f"{n} forms read, {written.findings} findings",
                              size=len(data), format=fmt)  # fmt: skip
    result.document_id = doc_id
    if doc_id is not None:
        _attach_forms(engine, user, doc_id, result)
    return result


def _attach_forms(engine: Engine, user: UserRow, doc_id: int, result: UploadResult) -> None:
    with Session(engine) as db:
        rows = list(db.scalars(select(FormRow).where(FormRow.document_id == doc_id)
                               .order_by(FormRow.form_index)))
        seen = set(db.scalars(select(FormRow.id).where(FormRow.document_id == doc_id,
                                                       visible_forms(user))))
    result.document_id = doc_id
    for row in rows:
        if row.id not in seen:
            result.hidden_forms += 1
            continue
        result.forms.append({
            "id": row.id, "project_name": row.project_name, "year": row.year,
            "self_total": row.self_total, "recomputed_total": row.recomputed_total,
            "recomputed_grade": row.recomputed_grade, "version": row.version,
            "findings": {"error": row.n_errors, "warning": row.n_warnings, "info": row.n_infos},
        })  # fmt: skip
