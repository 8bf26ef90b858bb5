"""Administration (管理员 only): accounts, departments and reviewers' assignments, the store's
scoring profile, and the audit trail.  Every change is written to the audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from jixiao.profile import load_profile, packaged_profiles
from jixiao.store.models import FormRow
from jixiao.store.models_web import (
    ROLES,
    AuditLogRow,
    DepartmentRow,
    LoginAttemptRow,
    ReviewerDepartmentRow,
    UserRow,
)
from jixiao.web.accounts import (
    AccountError,
    check_fields,
    create_user,
    import_accounts,
    read_accounts_csv,
    reset_password,
)
from jixiao.web.deps import (
    DbSession,
    get_setting,
    latest_forms,
    record_audit,
    render,
    require_role,
    set_setting,
)
from jixiao.web.security import end_sessions
from jixiao.web.uploads import safe_name

router = APIRouter(prefix="/admin")
Admin = Annotated[UserRow, Depends(require_role("admin"))]

ACTION_NAMES = {
    "login": "登录", "logout": "退出", "password_change": "修改密码", "upload": "上传文件",
    "user_create": "新建账号", "user_update": "修改账号", "user_activate": "启用账号",
    "user_deactivate": "停用账号", "user_reset_password": "重置密码",
    "department_create": "新建部门", "department_delete": "删除部门",
    "departments_import": "从表单导入部门", "users_import": "批量导入账号", "reviewer_assign": "分配审核部门",
    "profile_default": "设置评分模板", "form.correct": "更正数值", "form.comment": "发表评论",
    "form.submit": "提交新表", "draft.save": "保存草稿", "finding.accept": "采纳审核意见",
    "finding.dismiss": "驳回审核意见", "finding.reopen": "重新打开审核意见",
}  # fmt: skip
TARGET_NAMES = {"users": "账号", "document": "文件", "forms": "表", "departments": "部门",
                "drafts": "草稿", "settings": "设置"}  # fmt: skip


def _page(request: Request, template: str, **ctx: Any) -> Response:
    return render(request, template, action_names=ACTION_NAMES, target_names=TARGET_NAMES, **ctx)


@router.get("")
def admin_home(user: Admin) -> RedirectResponse:
    return RedirectResponse("/admin/users", status_code=303)


# -- users -----------------------------------------------------------------------------------------


def _users_page(request: Request, db: DbSession, status_code: int = 200, *, q: str = "",
                role: str = "", **ctx: Any) -> Response:  # fmt: skip
    stmt = select(UserRow).order_by(UserRow.role, UserRow.username)
    if role in ROLES:
        stmt = stmt.where(UserRow.role == role)
    if q.strip():
        like = "%" + q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(*(column.like(like, escape="\\") for column in (
            UserRow.username, UserRow.display_name, UserRow.unit_name, UserRow.unit_code))))
    users = list(db.scalars(stmt))
    total = db.scalar(select(func.count()).select_from(UserRow)) or 0
    return _page(request, "admin/users.html", status_code=status_code, users=users,
                 roles=ROLES, q=q, role=role if role in ROLES else "", total=total, **ctx)  # fmt: skip


@router.get("/users")
def users_page(
    request: Request, db: DbSession, user: Admin,
    q: Annotated[str, Query(max_length=100)] = "",
    role: Annotated[str, Query(max_length=16)] = "",
) -> Response:  # fmt: skip
    return _users_page(request, db, q=q, role=role)


@router.post("/users")
def user_create(
    request: Request, db: DbSession, user: Admin,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form()],
    display_name: Annotated[str, Form(max_length=100)] = "",
    unit_name: Annotated[str, Form(max_length=200)] = "",
    unit_code: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    try:
        account = create_user(db, username, role, display_name=display_name,
                              unit_name=unit_name, unit_code=unit_code)  # fmt: skip
    except AccountError as exc:
        db.rollback()
        return _users_page(request, db, 400, flash=exc.message, flash_kind="error")
    record_audit(db, user, "user_create", account.user,
                 {"username": account.user.username, "role": role,
                  "unit_code": account.user.unit_code}, request=request)  # fmt: skip
    db.commit()
    return _users_page(request, db, new_password=(account.user.username, account.password),
                       flash=f"已新建账号 {account.user.username}")


@router.post("/users/import")
def users_import(
    request: Request, db: DbSession, user: Admin, file: Annotated[UploadFile, File()],
) -> Response:  # fmt: skip
    """Many accounts from a CSV (as ``jixiao user import``): all or none; passwords shown once."""
    name = safe_name(file.filename)
    data = file.file.read(2 * 1024 * 1024 + 1)
    if len(data) > 2 * 1024 * 1024:
        return _users_page(request, db, 413, flash=f"{name}：文件过大（账号 CSV 不超过 2 MB）",
                           flash_kind="error")  # fmt: skip
    try:
        accounts = import_accounts(db, name, read_accounts_csv(name, data))
    except AccountError as exc:
        db.rollback()
        return _users_page(request, db, 400, flash="未导入任何账号：\n" + exc.message,
                           flash_kind="error")  # fmt: skip
    record_audit(db, user, "users_import", None,
                 {"file": name, "usernames": [a.user.username for a in accounts]},
                 request=request)  # fmt: skip
    db.commit()
    return _users_page(request, db, flash=f"已从 {name} 导入 {len(accounts)} 个账号",
                       imported=[(a.user.username, a.password) for a in accounts])


def _target(db: DbSession, user_id: int) -> UserRow:
    target = db.get(UserRow, user_id)
    if target is None:
        raise HTTPException(404, "账号不存在")
    return target


@router.post("/users/{user_id}/edit")
def user_edit(
    request: Request, db: DbSession, user: Admin, user_id: int,
    role: Annotated[str, Form()],
    display_name: Annotated[str, Form(max_length=100)] = "",
    unit_name: Annotated[str, Form(max_length=200)] = "",
    unit_code: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    target = _target(db, user_id)
    try:
        check_fields(target.username, role, unit_code)
    except AccountError as exc:
        return _users_page(request, db, 400, flash=exc.message, flash_kind="error")
    if target.id == user.id and role != "admin":
        return _users_page(request, db, 400, flash="不能取消自己的管理员角色", flash_kind="error")
    before = {"role": target.role, "display_name": target.display_name,
              "unit_name": target.unit_name, "unit_code": target.unit_code}  # fmt: skip
    target.role = role
    target.display_name = display_name.strip() or target.username
    target.unit_name = unit_name.strip() or None
    target.unit_code = unit_code.strip() or None
    after = {"role": target.role, "display_name": target.display_name,
             "unit_name": target.unit_name, "unit_code": target.unit_code}  # fmt: skip
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        record_audit(db, user, "user_update", target, {"username": target.username, **changed},
                     request=request)  # fmt: skip
    db.commit()
    return _users_page(request, db, flash=f"已保存账号 {target.username}")


@router.post("/users/{user_id}/active")
def user_active(
    request: Request, db: DbSession, user: Admin, user_id: int,
    active: Annotated[bool, Form()],
) -> Response:  # fmt: skip
    target = _target(db, user_id)
    if target.id == user.id and not active:
        return _users_page(request, db, 400, flash="不能停用自己的账号", flash_kind="error")
    target.active = active
    if not active:
        end_sessions(db, target.id)
    record_audit(db, user, "user_activate" if active else "user_deactivate", target,
                 {"username": target.username}, request=request)  # fmt: skip
    db.commit()
    return _users_page(request, db, flash=f"已{'启用' if active else '停用'}账号 {target.username}")


@router.post("/users/{user_id}/reset")
def user_reset(request: Request, db: DbSession, user: Admin, user_id: int) -> Response:
    target = _target(db, user_id)
    password = reset_password(db, target)
    record_audit(db, user, "user_reset_password", target, {"username": target.username},
                 request=request)  # fmt: skip
    db.commit()
    return _users_page(request, db, new_password=(target.username, password),
                       flash=f"已重置 {target.username} 的密码")


# -- departments and reviewers -----------------------------------------------------------------------


def _departments_page(request: Request, db: DbSession, status_code: int = 200, **ctx: Any) -> Response:
    departments = list(db.scalars(select(DepartmentRow).order_by(DepartmentRow.name)))
    reviewers = list(db.scalars(select(UserRow).where(UserRow.role == "reviewer")
                                .order_by(UserRow.username)))
    assigned: dict[int, set[int]] = {r.id: set() for r in reviewers}
    for uid, did in db.execute(select(ReviewerDepartmentRow.user_id,
                                      ReviewerDepartmentRow.department_id)):
        assigned.setdefault(uid, set()).add(did)
    counts = {name: n for name, n in db.execute(
        select(FormRow.department, func.count()).where(latest_forms())
        .group_by(FormRow.department))}  # fmt: skip
    return _page(request, "admin/departments.html", status_code=status_code,
                 departments=departments, reviewers=reviewers, assigned=assigned,
                 form_counts=counts, **ctx)  # fmt: skip


@router.get("/departments")
def departments_page(request: Request, db: DbSession, user: Admin) -> Response:
    return _departments_page(request, db)


@router.post("/departments")
def department_create(
    request: Request, db: DbSession, user: Admin,
    name: Annotated[str, Form(max_length=200)],
    code: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    name, code_or_none = name.strip(), code.strip() or None
    if not name:
        return _departments_page(request, db, 400, flash="请填写部门名称", flash_kind="error")
    same = DepartmentRow.name == name
    if code_or_none is not None:
        same = or_(same, DepartmentRow.code == code_or_none)
    clash = db.scalar(select(DepartmentRow).where(same))
    if clash is not None:
        return _departments_page(request, db, 400, flash=f"部门“{name}”或代码已存在",
                                 flash_kind="error")
    dept = DepartmentRow(name=name, code=code_or_none)
    db.add(dept)
    db.flush()
    record_audit(db, user, "department_create", dept, {"name": name, "code": code_or_none},
                 request=request)  # fmt: skip
    db.commit()
    return _departments_page(request, db, flash=f"已新建部门 {name}")


@router.post("/departments/import")
def departments_import(request: Request, db: DbSession, user: Admin) -> Response:
    """Create a department for every 主管部门 named on a stored form (by name; code when given)."""
    known = set(db.scalars(select(DepartmentRow.name)))
    codes = set(db.scalars(select(DepartmentRow.code).where(DepartmentRow.code.is_not(None))))
    added = []
    rows = db.execute(select(FormRow.department, func.max(FormRow.department_code))
                      .where(FormRow.department.is_not(None)).group_by(FormRow.department))
    for name, code in rows:
        if not name or name in known:
            continue
        code = code if code and code not in codes else None
        db.add(DepartmentRow(name=name, code=code))
        known.add(name)
        if code:
            codes.add(code)
        added.append(name)
    if added:
        record_audit(db, user, "departments_import", None, {"names": added}, request=request)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return _departments_page(request, db, 409, flash="导入时部门已被修改，请重试", flash_kind="error")
    return _departments_page(request, db, flash=f"已从表单导入 {len(added)} 个部门")


@router.post("/departments/{dept_id}/delete")
def department_delete(request: Request, db: DbSession, user: Admin, dept_id: int) -> Response:
    dept = db.get(DepartmentRow, dept_id)
    if dept is None:
        raise HTTPException(404, "部门不存在")
    db.execute(delete(ReviewerDepartmentRow).where(ReviewerDepartmentRow.department_id == dept_id))
    record_audit(db, user, "department_delete", dept, {"name": dept.name}, request=request)
    db.delete(dept)
    db.commit()
    return _departments_page(request, db, flash=f"已删除部门 {dept.name}")


@router.post("/reviewers/{user_id}/departments")
def reviewer_assign(
    request: Request, db: DbSession, user: Admin, user_id: int,
    department_ids: Annotated[list[int] | None, Form()] = None,
) -> Response:  # fmt: skip
    target = _target(db, user_id)
    if target.role != "reviewer":
        return _departments_page(request, db, 400, flash="只能给审核人分配部门", flash_kind="error")
    wanted = set(department_ids or [])
    existing = set(db.scalars(select(DepartmentRow.id).where(DepartmentRow.id.in_(wanted))))
    before = set(db.scalars(select(ReviewerDepartmentRow.department_id)
                            .where(ReviewerDepartmentRow.user_id == user_id)))
    db.execute(delete(ReviewerDepartmentRow).where(ReviewerDepartmentRow.user_id == user_id))
    for did in sorted(existing):
        db.add(ReviewerDepartmentRow(user_id=user_id, department_id=did))
    record_audit(db, user, "reviewer_assign", target,
                 {"username": target.username, "added": sorted(existing - before),
                  "removed": sorted(before - existing)}, request=request)  # fmt: skip
    db.commit()
    return _departments_page(request, db, flash=f"已保存 {target.username} 负责的部门")


# -- profiles ----------------------------------------------------------------------------------------


def _profiles_page(request: Request, db: DbSession, **ctx: Any) -> Response:
    profiles = [load_profile(name) for name in packaged_profiles()]
    return _page(request, "admin/profiles.html", profiles=profiles,
                 current=get_setting(db, "default_profile"), **ctx)  # fmt: skip


@router.get("/profiles")
def profiles_page(request: Request, db: DbSession, user: Admin) -> Response:
    return _profiles_page(request, db)


@router.post("/profiles")
def profiles_choose(
    request: Request, db: DbSession, user: Admin,
    default_profile: Annotated[str, Form(max_length=64)] = "",
) -> Response:  # fmt: skip
    choice = default_profile.strip() or None
    if choice is not None and choice not in packaged_profiles():
        raise HTTPException(400, f"未知的评分模板：{choice}")
    before = get_setting(db, "default_profile")
    set_setting(db, "default_profile", choice)
    record_audit(db, user, "profile_default", ("settings", "default_profile"),
                 {"old": before, "new": choice}, request=request)  # fmt: skip
    db.commit()
    label = choice or "按表自动选择"
    return _profiles_page(request, db, flash=f"评分模板已设为：{label}（对之后上传或填报的表生效）")


# -- the audit trail -----------------------------------------------------------------------------------


@router.get("/audit")
def audit_page(
    request: Request, db: DbSession, user: Admin,
    action: Annotated[str | None, Query(max_length=64)] = None,
    username: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:  # fmt: skip
    per_page = 100
    stmt = select(AuditLogRow)
    if action:
        stmt = stmt.where(AuditLogRow.action == action)
    if username:
        stmt = stmt.where(AuditLogRow.username == username.strip())
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = list(db.scalars(stmt.order_by(AuditLogRow.id.desc()).limit(per_page)
                           .offset((page - 1) * per_page)))
    failures = list(db.scalars(select(LoginAttemptRow).where(LoginAttemptRow.success.is_(False))
                               .order_by(LoginAttemptRow.id.desc()).limit(20)))
    actions = sorted(set(db.scalars(select(AuditLogRow.action).distinct())))
    return _page(request, "admin/audit.html", rows=rows, total=total, page=page,
                 pages=max(1, -(-total // per_page)), action=action or "",
                 username=username or "", actions=actions, failures=failures)  # fmt: skip
