"""The new-form page: a unit fills the standard form in the browser, sees as it types how each
target and actual value is read, the score each row would earn, the total, the grade and what is
still missing; saves drafts, reopens them, and submits the form (stored as the unit's form, scored
and audited, then shown on its own page).

The browser posts flat fields (``funds.total.adjusted``, ``indicators.3.weight``); the live panel
and the page read them with :func:`jixiao.web.live.draft_form`, the same reading the submission
uses, so what the panel promised is what gets stored.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from jixiao.model import Form
from jixiao.store.models_web import DraftRow, UserRow
from jixiao.web.deps import DbSession, form_for, record_audit, render, require_role
from jixiao.web.fields import FUNDS_COLUMNS, FUNDS_ROWS, HEADER, INDICATOR_COLUMNS, canonical
from jixiao.web.live import Preview, draft_form, form_fields, preview
from jixiao.web.versions import now, profile_for, store_submission, stored_form

router = APIRouter()
UnitUser = Annotated[UserRow, Depends(require_role("unit"))]
MIN_ROWS = 3
MAX_ROWS = 200
MAX_FIELDS = 2000  # a posted form with more fields than any real form has is refused
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
          "生态效益指标", "可持续影响指标", "服务对象满意度指标")  # fmt: skip
_ROW_KEY = re.compile(r"^indicators\.(\d+)\.(\w+)$")
_NAMES = {*HEADER, *(f"funds.{r}.{c}" for r, _ in FUNDS_ROWS for c, _ in FUNDS_COLUMNS)}


def dom_id(key: str) -> str:
    """An element id for a field key (``indicators.3.weight`` -> ``indicators-3-weight``)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


async def posted_fields(request: Request) -> dict[str, str]:
    """The form fields the page posts (known names only; everything else is dropped)."""
    form = await request.form()
    out: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue
        m = _ROW_KEY.match(key)
        if key in _NAMES or (m and int(m.group(1)) < MAX_ROWS):
            out[key] = value
        if len(out) > MAX_FIELDS:
            break
    return out


def row_numbers(data: dict[str, str]) -> list[int]:
    rows = sorted({int(m.group(1)) for k in data if (m := _ROW_KEY.match(k))})
    return rows or list(range(MIN_ROWS))


def defaults(user: UserRow) -> dict[str, str]:
    """A new form: the unit's own name and code, 万元, last year, the national weights."""
    return {
        "year": str(date.today().year - 1),
        "implementer": user.unit_name or "",
        "implementer_code": user.unit_code or "",
        "funds.unit": "万元",
        "funds.weight": "10",
        "total_weight": "100",
    }


def _context(db: Session, user: UserRow, data: dict[str, str], draft: DraftRow | None,
             live: Preview, **extra: Any) -> dict[str, Any]:  # fmt: skip
    drafts = list(db.scalars(
        select(DraftRow).where(DraftRow.unit_code == user.unit_code)
        .order_by(DraftRow.updated_at.desc()).limit(50)
    ))  # fmt: skip
    return {
        "data": data,
        "draft": draft,
        "drafts": drafts,
        "rows": row_numbers(data),
        "live": live,
        "errors": live.errors,
        "field_errors": {k: live.errors[canonical(k)] for k in data if canonical(k) in live.errors},
        "live_rows": {r.row: r for r in live.rows},
        "header_fields": HEADER,
        "funds_rows": FUNDS_ROWS,
        "indicator_columns": INDICATOR_COLUMNS,
        "level1": LEVEL1,
        "level2": LEVEL2,
        "dom_id": dom_id,
        "canonical": canonical,
        **extra,
    }


def _live(db: Session, data: dict[str, str]) -> Preview:
    draft = draft_form(data)
    return preview(draft, profile_for(db, draft.form))


def _own_draft(db: Session, user: UserRow, draft_id: int | None) -> DraftRow | None:
    """The unit's draft, or 404 (another unit's draft is not admitted to exist)."""
    if draft_id is None:
        return None
    draft = db.get(DraftRow, draft_id)
    if draft is None or not user.unit_code or draft.unit_code != user.unit_code:
        raise HTTPException(404, "草稿不存在")
    return draft


def _need_unit_code(user: UserRow) -> None:
    if not user.unit_code:
        raise HTTPException(403, "你的账户没有单位编码，无法填报自评表，请联系管理员设置")


@router.get("/new")
def new_form(
    request: Request, db: DbSession, user: UnitUser,
    draft: Annotated[int | None, Query()] = None, saved: Annotated[bool, Query()] = False,
    template: Annotated[int | None, Query(alias="from")] = None,
) -> Response:  # fmt: skip
    """A blank form, a draft to go on with, or (``?from=ID``) next year's form started from one
    of the unit's stored forms."""
    _need_unit_code(user)
    row = _own_draft(db, user, draft)
    if row is not None and row.status == "submitted" and row.submitted_form_id:
        return RedirectResponse(f"/forms/{row.submitted_form_id}", status_code=303)
    flash = "草稿已保存" if saved and row is not None else None
    if row is not None:
        data = {str(k): str(v) for k, v in row.data.items()}
    elif template is not None:
        data = from_stored(stored_form(form_for(db, user, template)))
        flash = "已按所选表的项目、目标和指标预填；实际完成情况、执行数和得分请按本年度填写"
    else:
        data = defaults(user)
    ctx = _context(db, user, data, row, _live(db, data), flash=flash)
    db.commit()  # not rollback: that expires the objects and rendering reopens the write lock
    return render(request, "new_form.html", **ctx)


#: what a new year's form keeps from last year's: the project, the targets and the weights; what
#: happened (actual values, spending, scores, deviations) is the new year's to write
_NOT_CARRIED = ("goal_actual", "total_score", "grade", "funds.score", "funds.rate")
_NOT_CARRIED_ROW = ("actual", "score", "deviation")


def from_stored(form: Form) -> dict[str, str]:
    data = form_fields(form)
    for key in _NOT_CARRIED:
        data[key] = ""
    for key in list(data):
        m = _ROW_KEY.match(key)
        if (m and m.group(2) in _NOT_CARRIED_ROW) or key.endswith((".executed", ".rate")):
            data[key] = ""
    if form.year:
        data["year"] = str(form.year + 1)
    return data


@router.post("/new/drafts/{draft_id}/delete")
def delete_draft(request: Request, draft_id: int, db: DbSession, user: UnitUser) -> Response:
    """A draft the unit no longer wants (a submitted one stays: it records the submission)."""
    row = _own_draft(db, user, draft_id)
    assert row is not None
    if row.status != "draft":
        raise HTTPException(409, "已提交的草稿不能删除")
    record_audit(db, user, "draft.delete", row,
                 {"project_name": row.data.get("project_name")}, request=request)  # fmt: skip
    db.delete(row)
    db.commit()
    return RedirectResponse("/new", status_code=303)


@router.post("/new/preview")
async def live_preview(request: Request, db: DbSession, user: UnitUser) -> Response:
    """The live panel, and (out of band) each row's reading and each field's error."""
    data = await posted_fields(request)
    return await run_in_threadpool(_live_panel, request, db, user, data)


def _live_panel(request: Request, db: Session, user: UserRow, data: dict[str, str]) -> Response:
    ctx = _context(db, user, data, None, _live(db, data))
    db.commit()  # read only: end it (a rollback expires the objects; rendering would re-lock)
    return render(request, "partials/new_live.html", **ctx, oob=True)


@router.get("/new/row")
def new_row(
    request: Request, user: UnitUser, i: Annotated[int, Query(ge=0, lt=MAX_ROWS)]
) -> Response:
    """One more empty indicator row (the page appends it), and the next row number."""
    return render(request, "partials/new_row.html", i=i, data={}, field_errors={}, live_row=None,
                  indicator_columns=INDICATOR_COLUMNS, dom_id=dom_id, next_row=i + 1,
                  level1=LEVEL1, level2=LEVEL2)  # fmt: skip


@router.get("/new/row-removed")
def row_removed(user: UnitUser) -> Response:
    """The page removes the row (``hx-swap="delete"``); once it is gone the form is told to
    re-score (the button that asked is gone by then, so the event is aimed at the form)."""
    event = '{"jx-rows-changed": {"target": "#new-form"}}'
    return Response(status_code=200, headers={"HX-Trigger-After-Swap": event})


@router.post("/new/save")
async def save_draft(request: Request, db: DbSession, user: UnitUser) -> Response:
    """Keep what is typed, as typed (errors and gaps included)."""
    data, draft_id = await posted_fields(request), await _posted_draft_id(request)
    return await run_in_threadpool(_save_draft, request, db, user, data, draft_id)


def _save_draft(request: Request, db: Session, user: UserRow, data: dict[str, str],
                draft_id: int | None) -> Response:  # fmt: skip
    _need_unit_code(user)
    draft = _own_draft(db, user, draft_id)
    if draft is not None and draft.status != "draft":
        raise HTTPException(409, "此草稿已提交，不能再修改；请在表单页面更正")
    if draft is None:
        draft = DraftRow(user_id=user.id, unit_code=user.unit_code, data=data, status="draft",
                         created_at=now(), updated_at=now())  # fmt: skip
        db.add(draft)
    else:
        draft.data, draft.updated_at = data, now()
    db.flush()
    record_audit(db, user, "draft.save", draft, {"fields": len(data)}, request=request)
    db.commit()
    return RedirectResponse(f"/new?draft={draft.id}&saved=1", status_code=303)


async def _posted_draft_id(request: Request) -> int | None:
    """The draft the page was editing (its hidden field), 404 for one that cannot be a draft."""
    form = await request.form()
    raw = form.get("draft_id")
    if not isinstance(raw, str) or not raw.strip():
        return None
    if not raw.strip().isdigit() or len(raw.strip()) > 12:
        raise HTTPException(404, "草稿不存在")
    return int(raw)


@router.post("/new/submit")
async def submit(request: Request, db: DbSession, user: UnitUser) -> Response:
    """Store the form if it is complete and readable; otherwise the page again, saying why.

    The async handler only reads the post; the store work runs in the thread pool, so waiting
    for the store's write lock never blocks the event loop (and every other request with it)."""
    data, draft_id = await posted_fields(request), await _posted_draft_id(request)
    return await run_in_threadpool(_submit, request, db, user, data, draft_id)


def _submit(request: Request, db: Session, user: UserRow, data: dict[str, str],
            draft_id: int | None) -> Response:  # fmt: skip
    _need_unit_code(user)
    draft = _own_draft(db, user, draft_id)
    if draft is not None and draft.status != "draft":
        raise HTTPException(409, "此草稿已提交过")
    parsed = draft_form(data)
    live = preview(parsed, profile_for(db, parsed.form))
    if live.errors or live.missing:
        problems = len(live.errors) + len(live.missing)
        message = f"还不能提交：有 {problems} 处需要填写或改正（见右侧“缺少的内容”与标红的格子）"
        ctx = _context(db, user, data, draft, live, flash=message, flash_kind="error")
        db.commit()  # not rollback: see _live_panel
        return render(request, "new_form.html", status_code=422, **ctx)
    name = f"网页填报：{parsed.form.project_name or ''}"[:200]
    row = store_submission(db, parsed.form, user, user.unit_code, name)
    if draft is None:
        draft = DraftRow(user_id=user.id, unit_code=user.unit_code, data=data, created_at=now(),
                         updated_at=now())  # fmt: skip
        db.add(draft)
    draft.data, draft.status, draft.updated_at = data, "submitted", now()
    db.flush()
    draft.submitted_form_id = row.id
    record_audit(db, user, "form.submit", row, {"draft": draft.id, "version": row.version},
                 request=request)  # fmt: skip
    db.commit()
    return RedirectResponse(f"/forms/{row.id}", status_code=303)
