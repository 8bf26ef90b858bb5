"""What every route needs, as FastAPI dependencies and helpers.

* ``get_session`` — one SQLAlchemy Session per request (routes commit what they change).
* ``current_user`` — the signed-in user; anonymous page requests are sent to ``/login``, anonymous
  ``/api/…`` requests get 401 JSON.  A user who must change the password is sent there first.
* ``require_role(*roles)`` — the same, and 403 for other roles.
* ``csrf_protect`` — installed on the whole app: every POST/PUT/PATCH/DELETE needs the token.
* ``render`` — a page with the user, the CSRF token, the navigation and the CSP nonce.
* ``visible_forms(user)`` / ``latest_forms()`` — WHERE clauses: what a user may see, and only the
  newest version of each form.
* ``form_for`` — one form the user may see, else 404 (never 403: another unit's form is not
  admitted to exist).
* ``record_audit`` — a row of the audit trail.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import ColumnElement, Engine, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session, aliased

from jixiao.store.models import FormRow
from jixiao.store.models_web import AuditLogRow, DepartmentRow, ReviewerDepartmentRow, UserRow
from jixiao.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    csrf_token_for,
    find_session,
    now,
    same,
)
from jixiao.web.settings import WebSettings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ROLE_NAMES = {"unit": "填报单位", "reviewer": "审核人", "admin": "管理员"}
# pages a user who must change the password may still open
_PASSWORD_EXEMPT = ("/account/password", "/logout", "/static/", "/api/logout", "/api/me",
                    "/api/password")


class LoginRequired(Exception):
    """Raised for an anonymous page request; the app turns it into a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class PasswordChangeRequired(Exception):
    """The user's password was set by someone else (or is the first admin's): change it first."""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A Session for this request.  Nothing is committed implicitly: a route that changes data
    calls ``db.commit()``; whatever is left open is rolled back.

    Objects stay loaded after a commit (``expire_on_commit=False``).  Under SQLite every
    transaction starts ``BEGIN IMMEDIATE`` (the store's write lock, see ``store/db.py``): commit
    (not roll back, which expires objects and reloads them in a new transaction) before calling
    code that opens its own connection, such as ``store.write.write_document``."""
    with Session(get_engine(request), expire_on_commit=False) as db:
        yield db


def client_ip(request: Request) -> str:
    settings = get_settings(request)
    if settings.trust_proxy:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return (request.client.host if request.client else "unknown")[:64]


def optional_user(request: Request, db: Annotated[Session, Depends(get_session)]) -> UserRow | None:
    """The signed-in user or None (the login page, the error pages)."""
    if hasattr(request.state, "user"):
        user: UserRow | None = request.state.user
        return user
    found = find_session(db, request.cookies.get(SESSION_COOKIE), get_settings(request).session_hours)
    db.commit()  # sliding expiry; and never hold a transaction (SQLite: a write lock) open
    user = found[1] if found else None
    request.state.user = user
    return user


def current_user(
    request: Request, user: Annotated[UserRow | None, Depends(optional_user)]
) -> UserRow:
    if user is None:
        if is_api(request):
            raise HTTPException(401, "未登录或登录已过期，请先登录")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    if user.must_change_password and not request.url.path.startswith(_PASSWORD_EXEMPT):
        if is_api(request):
            raise HTTPException(403, "请先修改密码（管理员设置的初始密码必须更改）")
        raise PasswordChangeRequired()
    return user


def require_role(*roles: str) -> Callable[..., UserRow]:
    """A dependency: the current user, if the role is one of ``roles``; 403 otherwise."""

    def dependency(user: Annotated[UserRow, Depends(current_user)]) -> UserRow:
        if user.role not in roles:
            names = "、".join(ROLE_NAMES.get(r, r) for r in roles)
            raise HTTPException(403, f"此页面仅限{names}使用")
        return user

    return dependency


# Shorthands for route signatures: ``def page(db: DbSession, user: CurrentUser)``.
DbSession = Annotated[Session, Depends(get_session)]
CurrentUser = Annotated[UserRow, Depends(current_user)]
OptionalUser = Annotated[UserRow | None, Depends(optional_user)]


# -- CSRF --------------------------------------------------------------------------------------


def _cookie_token(request: Request) -> str | None:
    """The cookie the CSRF token is bound to: the session's, else the pre-session one."""
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(CSRF_COOKIE)


def csrf_token(request: Request) -> str:
    """The token for forms and HTMX on this page; creates a pre-session cookie when needed
    (``render`` sets it on the response)."""
    if getattr(request.state, "csrf_token", None):
        return str(request.state.csrf_token)
    cookie = _cookie_token(request)
    if cookie is None:
        cookie = secrets.token_urlsafe(32)
        request.state.new_csrf_cookie = cookie
    token = csrf_token_for(request.app.state.secret, cookie)
    request.state.csrf_token = token
    return token


async def csrf_protect(request: Request) -> None:
    """Every unsafe request must carry the token that goes with its cookie."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get("x-csrf-token")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else None
    cookie = _cookie_token(request)
    expected = csrf_token_for(request.app.state.secret, cookie) if cookie else None
    if not same(sent, expected):
        raise HTTPException(403, "安全校验失败（CSRF 令牌缺失或已过期），请刷新页面后重试")


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    """HttpOnly, SameSite=Lax, Secure over https (or as configured)."""
    settings = get_settings(request)
    secure = settings.secure_cookies
    if secure is None:
        secure = request.url.scheme == "https" or (
            settings.trust_proxy and request.headers.get("x-forwarded-proto", "") == "https"
        )
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax", secure=secure, path="/"
    )


# -- pages ---------------------------------------------------------------------------------------


def nav_items(user: UserRow | None) -> list[tuple[str, str, str]]:
    """(href, label, test id) of the navigation bar for this user."""
    if user is None:
        return []
    items = [
        ("/forms", "表单列表", "nav-forms"),
        ("/upload", "上传", "nav-upload"),
        ("/new", "新建自评表", "nav-new"),
        ("/dashboard", "仪表盘", "nav-dashboard"),
    ]
    if user.role == "admin":
        items.append(("/admin", "管理", "nav-admin"))
    return items


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page: ``user``, ``csrf_token``, ``nav``, ``csp_nonce``, ``role_names`` are always there."""
    user = getattr(request.state, "user", None)
    token = csrf_token(request)
    ctx: dict[str, Any] = {
        "user": user,
        "csrf_token": token,
        "nav": nav_items(user),
        "csp_nonce": getattr(request.state, "csp_nonce", ""),
        "role_names": ROLE_NAMES,
        "current_path": request.url.path,
        **context,
    }
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, ctx, status_code=status_code
    )
    new_cookie = getattr(request.state, "new_csrf_cookie", None)
    if new_cookie:
        set_cookie(request, response, CSRF_COOKIE, new_cookie, None)
    return response


def login_redirect(next_url: str) -> str:
    return "/login?next=" + quote(next_url, safe="/")


# -- visibility ------------------------------------------------------------------------------------


def reviewer_departments(user_id: int) -> tuple[Any, Any]:
    """Sub-selects of the codes and the names of a reviewer's departments."""
    joined = select(DepartmentRow).join(
        ReviewerDepartmentRow, ReviewerDepartmentRow.department_id == DepartmentRow.id
    ).where(ReviewerDepartmentRow.user_id == user_id)
    codes = joined.with_only_columns(DepartmentRow.code).where(DepartmentRow.code.is_not(None))
    names = joined.with_only_columns(DepartmentRow.name)
    return codes, names


def visible_forms(user: UserRow) -> ColumnElement[bool]:
    """The forms ``user`` may see: a unit its own (``forms.unit_code``), a reviewer those of its
    departments (by 主管部门 code, or by name), an administrator all."""
    if user.role == "admin":
        return true()
    if user.role == "unit":
        if not user.unit_code:
            return false()
        return FormRow.unit_code == user.unit_code
    if user.role == "reviewer":
        codes, names = reviewer_departments(user.id)
        return or_(FormRow.department_code.in_(codes), FormRow.department.in_(names))
    return false()


def latest_forms() -> ColumnElement[bool]:
    """Only the newest version of each form (versions chain within one owner), and of the copies
    of that version (the same form read from another file) the first stored — as the analysis
    report counts them (``analysis.scope``)."""
    newer = aliased(FormRow)
    return ~exists().where(
        and_(
            newer.identity == FormRow.identity,
            newer.version >= FormRow.version,  # with identity: a range on ix_forms_identity_version
            or_(newer.version > FormRow.version, newer.id < FormRow.id),
            newer.unit_code.is_not_distinct_from(FormRow.unit_code),
        )
    )


def form_for(db: Session, user: UserRow, form_id: int | None, *, write: bool = False) -> FormRow:
    """The form ``form_id`` if ``user`` may see it (and, with ``write``, change it), else 404.

    Writing needs the same right as reading (a unit its own forms, a reviewer its departments',
    an administrator any); an inactive user never gets here."""
    if form_id is None:
        raise HTTPException(404, "表单不存在")
    row = db.scalar(select(FormRow).where(FormRow.id == form_id, visible_forms(user)))
    if row is None:
        raise HTTPException(404, "表单不存在")
    return row


def record_audit(
    db: Session,
    user: UserRow | None,
    action: str,
    target: Any = None,
    detail: dict[str, Any] | None = None,
    *,
    ip: str | None = None,
    request: Request | None = None,
) -> AuditLogRow:
    """Add a row to the audit trail (committed with the caller's change).

    ``target`` is an ORM row (its table and primary key), a ``(type, id)`` pair, or None."""
    target_type: str | None = None
    target_id: str | None = None
    if isinstance(target, tuple) and len(target) == 2:
        target_type, target_id = str(target[0]), str(target[1])
    elif target is not None and hasattr(target, "__tablename__"):
        target_type = str(target.__tablename__)
        key = getattr(target, "id", None) or getattr(target, "sha256", None)
        target_id = None if key is None else str(key)
    if ip is None and request is not None:
        ip = client_ip(request)
    row = AuditLogRow(
        at=now(), user_id=user.id if user else None, username=user.username if user else None,
        action=action, target_type=target_type, target_id=target_id, detail=detail or {}, ip=ip,
    )  # fmt: skip
    db.add(row)
    return row


def get_setting(db: Session, key: str, default: Any = None) -> Any:
    """A store-wide setting chosen by an administrator (``default_profile``: None = by form)."""
    from jixiao.store.models_web import SettingRow

    row = db.get(SettingRow, key)
    return default if row is None else row.value


def set_setting(db: Session, key: str, value: Any) -> None:
    from jixiao.store.models_web import SettingRow

    row = db.get(SettingRow, key)
    if row is None:
        db.add(SettingRow(key=key, value=value))
    else:
        row.value = value


def fmt_datetime(value: datetime | None) -> str:
    """Beijing time, as people there read it."""
    if value is None:
        return ""
    from datetime import timedelta, timezone

    from jixiao.web.security import aware

    return aware(value).astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
