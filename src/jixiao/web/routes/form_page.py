"""The form page: one stored form in the standard layout, its findings on their rows, where each
value came from, corrections in place (each a new version, re-scored and re-audited), finding
decisions, comments, the version history, and the export to xlsx and PDF.

Every route reaches the form through ``form_for`` (404 for a form the user may not see; the same
right to change it as to see it).  Changes answer HTMX with the re-rendered form body (the score
updates at once); a plain form post is redirected to the new version's page; a client asking for
JSON (``Accept: application/json``) gets JSON.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from jixiao.model import Source
from jixiao.store.models import DocumentRow, FormRow
from jixiao.store.models_web import BlobRow, UserRow
from jixiao.web.deps import CurrentUser, DbSession, form_for, record_audit, render
from jixiao.web.fields import FieldError, FieldRef, field_ref
from jixiao.web.formview import FormView, build_view, finding_key
from jixiao.web.live import apply_correction
from jixiao.web.pageimage import PageImageError, describe_location, render_page
from jixiao.web.versions import (
    Conflict,
    add_comment,
    add_review,
    comments,
    evaluate,
    history,
    latest,
    reviews,
    store_correction,
    stored_form,
)

router = APIRouter()
REVIEW_ROLES = ("reviewer", "admin")
DECISIONS = {"accept": "采纳", "dismiss": "驳回", "reopen": "重新打开"}
MAX_REASON = 2000
MAX_COMMENT = 5000


def end_read(db: Session) -> None:
    """End a read-only transaction before rendering.  Commit, not rollback: a rollback expires
    the loaded rows, and the template touching them would open a new transaction — on SQLite a
    BEGIN IMMEDIATE, the write lock — held until the request ends."""
    db.commit()


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "") and not request.headers.get(
        "hx-request"
    )


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") is not None


def page_context(db: Session, user: UserRow, row: FormRow) -> dict[str, Any]:
    """Everything the form page and its body partial show."""
    form = stored_form(row)
    score, findings = evaluate(db, form)
    versions, corrected = history(db, row)
    view: FormView = build_view(form, score, findings, reviews(db, row), corrected)
    newest = latest(db, row)
    doc = db.get(DocumentRow, row.document_id)
    return {
        "row": row,
        "form": form,
        "view": view,
        "versions": versions,
        "comments": comments(db, row),
        "newest": newest,
        "is_latest": newest.id == row.id,
        "can_edit": newest.id == row.id,
        "can_review": user.role in REVIEW_ROLES,
        "has_original": bool(doc is not None and doc.blob_sha256),
        "document": doc,
    }


@router.get("/forms/{form_id}", name="form_page")
def form_page(request: Request, form_id: int, db: DbSession, user: CurrentUser) -> Response:
    row = form_for(db, user, form_id)
    ctx = page_context(db, user, row)
    end_read(db)
    return render(request, "form_page.html", **ctx)


def _body(request: Request, db: Session, user: UserRow, row: FormRow, status: int = 200,
          **extra: Any) -> Response:  # fmt: skip
    ctx = page_context(db, user, row)
    end_read(db)
    response = render(request, "partials/form_body.html", status_code=status, **ctx, **extra)
    response.headers["HX-Push-Url"] = f"/forms/{row.id}"
    return response


@router.post("/forms/{form_id}/correct")
def correct(
    request: Request, form_id: int, db: DbSession, user: CurrentUser,
    path: Annotated[str, Form(max_length=200)], value: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Change one value: a new version based on ``form_id`` (which must still be the newest)."""
    base = form_for(db, user, form_id, write=True)
    try:
        fix = apply_correction(stored_form(base), path, value)
    except FieldError as err:
        return _refused(request, db, user, base, 422, err.message)
    if not fix.changed:
        return _refused(request, db, user, base, 422, f"“{field_ref(fix.path).spec.label}”没有变化，未保存新版本")
    try:
        new = store_correction(db, base, fix, user)
    except Conflict as conflict:
        end_read(db)  # nothing was written
        return _refused(request, db, user, base, 409, conflict.message(),
                        newer=conflict.newer.id)  # fmt: skip
    record_audit(db, user, "form.correct", new,
                 {"base": base.id, "path": fix.path, "old": fix.old, "new": fix.new},
                 request=request)  # fmt: skip
    db.commit()
    if _wants_json(request):
        return JSONResponse({
            "form_id": new.id, "version": new.version, "base": base.id, "path": fix.path,
            "old": fix.old, "new": fix.new, "recomputed_total": new.recomputed_total,
            "recomputed_grade": new.recomputed_grade,
            "findings": {"error": new.n_errors, "warning": new.n_warnings, "info": new.n_infos},
        })  # fmt: skip
    if _is_htmx(request):
        label = field_ref(fix.path).spec.label
        return _body(request, db, user, new,
                     flash=f"已保存第 {new.version} 版：{label} “{fix.old}” → “{fix.new}”")  # fmt: skip
    return RedirectResponse(f"/forms/{new.id}", status_code=303)


def _refused(request: Request, db: Session, user: UserRow, row: FormRow, status: int,
             message: str, newer: int | None = None) -> Response:  # fmt: skip
    """A change that was not saved: the reason, never a silent loss."""
    end_read(db)  # nothing is pending: every caller refuses before writing
    if _wants_json(request) or not (_is_htmx(request) or "text/html" in request.headers.get("accept", "")):
        body: dict[str, Any] = {"detail": message}
        if newer is not None:
            body["newer"] = newer
        return JSONResponse(body, status_code=status)
    if _is_htmx(request):
        response = render(request, "partials/form_alert.html", status_code=status,
                          message=message, newer=newer, row=row)  # fmt: skip
        response.headers["HX-Retarget"] = "#form-alert"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    ctx = page_context(db, user, row)
    end_read(db)
    return render(request, "form_page.html", status_code=status, **ctx, alert=message, newer=newer)


@router.post("/forms/{form_id}/correct/preview")
def correct_preview(
    request: Request, form_id: int, db: DbSession, user: CurrentUser,
    path: Annotated[str, Form(max_length=200)], value: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """What a correction would do, before it is saved: the total and the findings after it."""
    row = form_for(db, user, form_id, write=True)
    before = stored_form(row)
    try:
        fix = apply_correction(before, path, value)
    except FieldError as err:
        end_read(db)
        return render(request, "partials/form_whatif.html", error=err.message)
    old_score, old_findings = evaluate(db, before)
    new_score, new_findings = evaluate(db, fix.form)
    end_read(db)
    return render(request, "partials/form_whatif.html", fix=fix,
                  old_total=old_score.recomputed_total, new_total=new_score.recomputed_total,
                  old_findings=len(old_findings), new_findings=len(new_findings),
                  new_grade=new_score.recomputed_grade)  # fmt: skip


@router.post("/forms/{form_id}/review")
def review_finding(
    request: Request, form_id: int, db: DbSession, user: CurrentUser,
    key: Annotated[str, Form(max_length=300)], code: Annotated[str, Form(max_length=16)],
    decision: Annotated[str, Form(max_length=16)], reason: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """A reviewer accepts or dismisses a finding (a reason is required to dismiss)."""
    row = form_for(db, user, form_id, write=True)
    if user.role not in REVIEW_ROLES:
        raise HTTPException(403, "只有审核人可以采纳或驳回审核发现")
    reason = reason.strip()
    if decision not in DECISIONS:
        return _refused(request, db, user, row, 422, "未知的处理方式")
    if decision == "dismiss" and not reason:
        return _refused(request, db, user, row, 422, "驳回审核发现必须填写理由")
    if len(reason) > MAX_REASON:
        return _refused(request, db, user, row, 422, f"理由过长（超过 {MAX_REASON} 字）")
    form = stored_form(row)
    _, findings = evaluate(db, form)
    if not any(finding_key(f.code, f.field) == key and f.code == code for f in findings):
        return _refused(request, db, user, row, 422, "此审核发现已不存在（表单可能已被更正），请刷新页面")
    add_review(db, row, key, code, decision, reason, user)
    record_audit(db, user, f"finding.{decision}", row,
                 {"finding": key, "code": code, "reason": reason}, request=request)  # fmt: skip
    db.commit()
    if _wants_json(request):
        return JSONResponse({"form_id": row.id, "finding": key, "decision": decision, "reason": reason})
    if _is_htmx(request):
        return _body(request, db, user, row, flash=f"已{DECISIONS[decision]}审核发现 {code}")
    return RedirectResponse(f"/forms/{row.id}#findings", status_code=303)


@router.post("/forms/{form_id}/comments")
def comment(
    request: Request, form_id: int, db: DbSession, user: CurrentUser,
    text: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    row = form_for(db, user, form_id, write=True)
    if user.role not in REVIEW_ROLES:
        raise HTTPException(403, "只有审核人可以发表审核意见")
    text = text.strip()
    if not text:
        return _refused(request, db, user, row, 422, "意见内容为空")
    if len(text) > MAX_COMMENT:
        return _refused(request, db, user, row, 422, f"意见过长（超过 {MAX_COMMENT} 字）")
    add_comment(db, row, text, user)
    record_audit(db, user, "form.comment", row, {"length": len(text)}, request=request)
    db.commit()
    if _wants_json(request):
        return JSONResponse({"form_id": row.id, "text": text}, status_code=201)
    if _is_htmx(request):
        return _body(request, db, user, row, flash="意见已发表")
    return RedirectResponse(f"/forms/{row.id}#comments", status_code=303)


def _value_source(
    db: Session, user: UserRow, form_id: int, path: str
) -> tuple[FormRow, FieldRef, Source | None]:
    """The form the user may see, the field named by ``path`` and where its value came from
    (``None`` when the reader recorded no source); an unknown field is a 404."""
    row = form_for(db, user, form_id)
    form = stored_form(row)
    try:
        ref = field_ref(path)
    except FieldError as err:
        raise HTTPException(404, err.message) from None
    if ref.row is None:
        return row, ref, form.sources.get(ref.path)
    if ref.row >= len(form.indicators):
        return row, ref, None
    return row, ref, form.indicators[ref.row].sources.get(ref.name)


@router.get("/forms/{form_id}/source")
def source(
    request: Request, form_id: int, db: DbSession, user: CurrentUser,
    path: Annotated[str, Query(max_length=200)],
) -> Response:  # fmt: skip
    """Where one value came from: raw text and place, and the page image for a PDF."""
    row, ref, src = _value_source(db, user, form_id, path)
    doc = db.get(DocumentRow, row.document_id)
    end_read(db)
    return render(request, "partials/form_source.html", row=row, ref=ref, src=src,
                  place=describe_location(src.location) if src else "",
                  has_original=bool(doc and doc.blob_sha256), document=doc)  # fmt: skip


@router.get("/forms/{form_id}/page.png")
def page_image(
    form_id: int, db: DbSession, user: CurrentUser, path: Annotated[str, Query(max_length=200)],
    crop: Annotated[bool, Query()] = False,
) -> Response:  # fmt: skip
    """The PDF page a value was read from, its cell outlined (from the kept original)."""
    row, _ref, src = _value_source(db, user, form_id, path)
    if src is None or src.location.page is None:
        raise HTTPException(404, "此值没有 PDF 页面位置")
    doc = db.get(DocumentRow, row.document_id)
    blob = db.get(BlobRow, doc.blob_sha256) if doc is not None and doc.blob_sha256 else None
    if blob is None:
        raise HTTPException(404, "原始文件未保存（命令行导入的表不保留原件），无法显示页面")
    content, digest = blob.content, blob.sha256
    end_read(db)
    try:
        png = render_page(content, src.location.page, src.location.bbox, crop=crop, digest=digest)
    except PageImageError as err:
        raise HTTPException(422, err.message) from None
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get("/forms/{form_id}/export.{fmt}")
def export(
    form_id: int, fmt: str, db: DbSession, user: CurrentUser,
    findings: Annotated[bool, Query()] = True,
) -> Response:  # fmt: skip
    """The form as the standard workbook or PDF, findings marked (``?findings=0``: clean copy)."""
    if fmt not in ("xlsx", "pdf"):
        raise HTTPException(404, "只能导出 xlsx 或 pdf")
    row = form_for(db, user, form_id)
    form = stored_form(row)
    found = evaluate(db, form)[1] if findings else None
    end_read(db)
    from jixiao.export import export_form

    with tempfile.TemporaryDirectory(prefix="jixiao-export-") as tmp:
        out = export_form(form, fmt, Path(tmp) / f"form.{fmt}", found)
        data = out.read_bytes()
    name = f"{form.project_name or '自评表'}-第{row.version}版.{fmt}"
    media = ("application/pdf" if fmt == "pdf"
             else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    ascii_name = f"form-{row.id}-v{row.version}.{fmt}"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/forms/{form_id}/latest")
def newest_version(form_id: int, db: DbSession, user: CurrentUser) -> Response:
    """Redirect to the newest version of a form (links from conflict messages and history)."""
    row = form_for(db, user, form_id)
    top = latest(db, row)
    end_read(db)
    visible = form_for(db, user, top.id)  # the newest is visible on the same terms
    return RedirectResponse(f"/forms/{visible.id}", status_code=303)

