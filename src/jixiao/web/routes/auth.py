"""Signing in and out, changing one's password; the same for API clients (``/api/login``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.store.models_web import UserRow, WebSessionRow
from jixiao.web.deps import (
    CurrentUser,
    DbSession,
    OptionalUser,
    client_ip,
    csrf_token,
    get_settings,
    record_audit,
    render,
    set_cookie,
)
from jixiao.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    burn_time,
    csrf_token_for,
    end_sessions,
    hash_password,
    login_lock,
    now,
    password_problem,
    record_attempt,
    start_session,
    token_key,
    verify_password,
)

router = APIRouter()

WRONG = "用户名或密码错误"


def safe_next(value: str | None) -> str:
    """Only a path on this site: never ``//evil.example`` or ``https://…`` (open redirect)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/forms"
    if any(c in value for c in "\r\n\x00"):
        return "/forms"
    return value


def authenticate(request: Request, db: Session, username: str, password: str) -> UserRow | str:
    """The user, or why not (Chinese).  Every outcome is recorded for throttling."""
    settings = get_settings(request)
    ip = client_ip(request)
    username = username.strip()[:64]
    lock = login_lock(db, username, ip, settings.login_max_failures, settings.login_lock_minutes)
    if lock is not None:
        return lock.message
    user = db.scalar(select(UserRow).where(UserRow.username == username))
    ok = False
    if user is None:
        burn_time(password)
    else:
        ok = verify_password(user, password) and user.active
    record_attempt(db, username, ip, ok)
    if not ok or user is None:
        db.commit()
        lock = login_lock(db, username, ip, settings.login_max_failures, settings.login_lock_minutes)
        return lock.message if lock is not None else WRONG
    return user


def _sign_in(request: Request, db: Session, user: UserRow, response: Response) -> str:
    """Rotate: the old session (if any) ends, a new token is issued.  Returns the CSRF token."""
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        stale = db.get(WebSessionRow, token_key(old))
        if stale is not None:
            db.delete(stale)
    settings = get_settings(request)
    token, _row = start_session(db, user, settings.session_hours, client_ip(request))
    record_audit(db, user, "login", user, request=request)
    db.commit()
    # a browser-session cookie (gone when the browser closes); the server ends idle sessions
    set_cookie(request, response, SESSION_COOKIE, token, None)
    response.delete_cookie(CSRF_COOKIE, path="/")
    return csrf_token_for(request.app.state.secret, token)


@router.get("/")
def home(user: OptionalUser) -> RedirectResponse:
    return RedirectResponse("/forms" if user else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next_url=safe_next(next), username="", error=None)


@router.post("/login")
def login(
    request: Request,
    db: DbSession,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/forms",
) -> Response:
    found = authenticate(request, db, username, password)
    if isinstance(found, str):
        request.state.user = None
        return render(request, "login.html", status_code=401 if found == WRONG else 429,
                      next_url=safe_next(next), username=username[:64], error=found)
    response = RedirectResponse(safe_next(next), status_code=303)
    _sign_in(request, db, found, response)
    return response


@router.post("/logout")
def logout(request: Request, db: DbSession,
           user: OptionalUser) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        row = db.get(WebSessionRow, token_key(token))
        if row is not None:
            db.delete(row)
        if user is not None:
            record_audit(db, user, "logout", user, request=request)
        db.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/password")
def password_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "account_password.html", error=None)


def change_password(db: Session, user: UserRow, current: str, new: str, confirm: str,
                    keep_session: str | None) -> str | None:
    """Why not (Chinese), or None when changed (other sessions end)."""
    if not verify_password(user, current):
        return "当前密码不正确"
    if new != confirm:
        return "两次输入的新密码不一致"
    if new == current:
        return "新密码不能与当前密码相同"
    problem = password_problem(new, user.username)
    if problem:
        return problem
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = now()
    end_sessions(db, user.id, keep=keep_session)
    return None


@router.post("/account/password")
def password_change(
    request: Request,
    current: Annotated[str, Form(max_length=1024)],
    new: Annotated[str, Form(max_length=1024)],
    confirm: Annotated[str, Form(max_length=1024)],
    user: CurrentUser,
    db: DbSession,
) -> Response:
    user = db.merge(user)
    token = request.cookies.get(SESSION_COOKIE)
    problem = change_password(db, user, current, new, confirm, token_key(token) if token else None)
    if problem:
        db.rollback()
        return render(request, "account_password.html", status_code=400, error=problem)
    record_audit(db, user, "password_change", user, request=request)
    db.commit()
    request.state.user = user
    return render(request, "account_password.html", flash="密码已修改", error=None)


# -- the same for API clients ------------------------------------------------------------------------


class LoginBody(BaseModel):
    username: str
    password: str


class LoginReply(BaseModel):
    username: str
    role: str
    csrf_token: str
    must_change_password: bool


@router.get("/api/csrf")
def api_csrf(request: Request) -> Response:
    """A pre-session CSRF token (and its cookie) for ``POST /api/login``."""
    token = csrf_token(request)
    response = JSONResponse({"csrf_token": token})
    cookie = getattr(request.state, "new_csrf_cookie", None)
    if cookie:
        set_cookie(request, response, CSRF_COOKIE, cookie, None)
    return response


@router.post("/api/login")
def api_login(request: Request, body: LoginBody, db: DbSession) -> Response:
    found = authenticate(request, db, body.username, body.password)
    if isinstance(found, str):
        raise HTTPException(401 if found == "用户名或密码错误" else 429, found)
    response = JSONResponse({})
    token = _sign_in(request, db, found, response)
    reply = LoginReply(username=found.username, role=found.role, csrf_token=token,
                       must_change_password=found.must_change_password)
    result = JSONResponse(reply.model_dump())
    for key, value in response.headers.items():
        if key == "set-cookie":
            result.headers.append(key, value)
    return result


@router.post("/api/logout")
def api_logout(request: Request, db: DbSession,
               user: OptionalUser) -> Response:
    logout(request, db, user)
    response = JSONResponse({"ok": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class PasswordBody(BaseModel):
    current: str
    new: str


@router.post("/api/password")
def api_password(request: Request, body: PasswordBody, db: DbSession,
                 user: CurrentUser) -> dict[str, bool]:
    """Change one's own password (also the first one an administrator set)."""
    token = request.cookies.get(SESSION_COOKIE)
    problem = change_password(db, user, body.current, body.new, body.new,
                              token_key(token) if token else None)  # fmt: skip
    if problem:
        db.rollback()
        raise HTTPException(400, problem)
    record_audit(db, user, "password_change", user, request=request)
    db.commit()
    return {"ok": True}


@router.get("/api/me")
def api_me(request: Request, user: CurrentUser) -> dict[str, object]:
    return {
        "username": user.username, "display_name": user.display_name, "role": user.role,
        "unit_name": user.unit_name, "unit_code": user.unit_code,
        "must_change_password": user.must_change_password, "csrf_token": csrf_token(request),
    }  # fmt: skip
