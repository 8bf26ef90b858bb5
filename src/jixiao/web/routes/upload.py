"""``/upload``: many files at once.  The page's script posts them one per request and shows a
progress bar and each file's result as it comes; without the script the form posts them all and
the results page lists every file.  ``POST /api/upload`` does the same for API clients (JSON)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import or_, select

from jixiao.store.models import DocumentRow
from jixiao.store.models_web import UserRow
from jixiao.web.deps import (
    CurrentUser,
    DbSession,
    get_engine,
    get_setting,
    get_settings,
    record_audit,
    render,
)
from jixiao.web.uploads import ACCEPT_ATTR, UploadResult, ingest_upload, safe_name, too_large

router = APIRouter()


def recent_uploads(db: DbSession, user: UserRow, limit: int = 20) -> list[DocumentRow]:
    """The uploader's (or the unit's) latest documents, failed ones included: nothing is lost."""
    where = DocumentRow.uploaded_by == user.id
    if user.role == "unit" and user.unit_code:
        where = or_(where, DocumentRow.unit_code == user.unit_code)
    stmt = select(DocumentRow).where(where).order_by(DocumentRow.id.desc()).limit(limit)
    return list(db.scalars(stmt))


def _check_count(request: Request, files: list[UploadFile]) -> None:
    limit = get_settings(request).max_files_per_upload
    if len(files) > limit:
        raise HTTPException(413, f"一次最多上传 {limit} 个文件，请分批上传")


def handle_files(request: Request, db: DbSession, user: UserRow,
                 files: list[UploadFile]) -> list[UploadResult]:
    """Every file's result; the audit trail records each stored or failed document."""
    _check_count(request, files)
    settings = get_settings(request)
    profile = get_setting(db, "default_profile")
    db.commit()  # hold no transaction while files are read and stored (SQLite: its write lock)
    results = []
    for upload in files:
        size = upload.size if upload.size is not None else 0
        if size > settings.max_upload_bytes:  # refused unread
            result = too_large(upload.filename, size, settings.max_upload_bytes)
        else:
            data = upload.file.read(settings.max_upload_bytes + 1)
            result = ingest_upload(get_engine(request), user, upload.filename, data,
                                   max_bytes=settings.max_upload_bytes, profile=profile)
            del data
        if result.status in ("stored", "failed") and result.document_id is not None:
            record_audit(db, user, "upload", ("document", result.document_id),
                         {"name": result.name, "status": result.status,
                          "forms": [f["id"] for f in result.forms]}, request=request)
            db.commit()
        results.append(result)
    return results


@router.get("/upload")
def upload_page(request: Request, db: DbSession, user: CurrentUser) -> Response:
    return _page(request, db, user, None)


def _page(
    request: Request, db: DbSession, user: UserRow, results: list[UploadResult] | None
) -> Response:
    """The upload page: the chosen files' results (if any), recent uploads and the limits."""
    settings = get_settings(request)
    return render(request, "upload.html", results=results, recent=recent_uploads(db, user),
                  accept=ACCEPT_ATTR, max_mb=settings.max_upload_mb,
                  max_files=settings.max_files_per_upload)  # fmt: skip


@router.post("/upload")
def upload(
    request: Request, db: DbSession, user: CurrentUser,
    files: Annotated[list[UploadFile], File()],
    fragment: bool = False,
) -> Response:  # fmt: skip
    """``fragment=1`` (the page's script): only the results' list items."""
    results = handle_files(request, db, user, files)
    if fragment:
        return render(request, "upload_results.html", results=results)
    return _page(request, db, user, results)


@router.post("/api/upload")
def api_upload(
    request: Request, db: DbSession, user: CurrentUser,
    files: Annotated[list[UploadFile], File()],
) -> dict[str, object]:  # fmt: skip
    results = handle_files(request, db, user, files)
    return {"results": [r.to_json() for r in results]}


__all__ = ["router", "safe_name"]
