"""``create_app``: the FastAPI application on a store.

Every public module of :mod:`jixiao.web.routes` that has a ``router`` is included, so a new page
is added by adding a module (as the CLI does with commands).  Static files: the app's own under
``/static/``, the vendored ECharts and htmx under ``/static/vendor/`` — nothing from a CDN.
"""

from __future__ import annotations

import importlib
import pkgutil
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from jixiao.store.db import open_store
from jixiao.store.models_web import SettingRow
from jixiao.web import routes
from jixiao.web.deps import (
    LoginRequired,
    PasswordChangeRequired,
    csrf_protect,
    fmt_datetime,
    is_api,
    login_redirect,
    render,
)
from jixiao.web.settings import WebSettings

HERE = Path(__file__).parent
VENDOR = HERE.parent / "assets" / "vendor"


def store_secret(engine: Engine) -> bytes:
    """The store's secret for CSRF tokens: made once, kept in ``settings``, shared by every
    server process on the store."""
    with Session(engine) as db:
        row = db.get(SettingRow, "secret_key")
        if row is None:
            db.add(SettingRow(key="secret_key", value=secrets.token_hex(32)))
            try:
                db.commit()
            except IntegrityError:  # another process made it first
                db.rollback()
            row = db.scalar(select(SettingRow).where(SettingRow.key == "secret_key"))
        assert row is not None
        return bytes.fromhex(str(row.value))


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.filters["datetime"] = fmt_datetime
    env.filters["num"] = _fmt_num
    env.globals["role_label"] = {"unit": "填报单位", "reviewer": "审核人", "admin": "管理员"}.get
    return templates


def _fmt_num(value: Any, digits: int = 2) -> str:
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class HeadAsGet:
    """Answer ``HEAD`` as ``GET`` without the body (RFC 9110 §9.3.2).  FastAPI routes declared
    with ``@router.get`` refuse HEAD with 405, yet link checkers, uptime monitors and ``curl -I``
    send it; the headers (status, type, length) are exactly those the GET would give."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Any) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body: the client gets none of it
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(db_url: str | None = None, **settings: Any) -> FastAPI:
    """The web app on the store at ``db_url`` (created or migrated as needed).

    ``settings`` are :class:`~jixiao.web.settings.WebSettings` fields (``max_upload_mb=…``);
    environment variables ``JIXIAO_<FIELD>`` fill the rest."""
    config = WebSettings.from_env(db_url=db_url, **settings)
    engine = open_store(config.db_url)
    app = FastAPI(
        title="jixiao 绩效自评表",
        docs_url=None,  # Swagger UI loads its assets from a CDN: the app never does
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(csrf_protect)],
    )
    app.state.engine = engine
    app.state.settings = config
    app.state.secret = store_secret(engine)
    app.state.templates = _templates()

    upload_cap = config.max_upload_bytes * config.max_files_per_upload + 1024 * 1024

    @app.middleware("http")
    async def request_size(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Refuse a body larger than any allowed upload before reading it."""
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > upload_cap:
            limit = f"{config.max_upload_mb:g}"
            message = f"上传的内容过大，请分批上传（每个文件不超过 {limit} MB）"
            if "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(
                    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>文件过大</title>'
                    f'<link rel="stylesheet" href="/static/app.css"><main class="content"><h1>文件过大</h1>'
                    f'<p>{message}</p><p><a href="/upload">返回上传页面</a></p></main></html>',
                    status_code=413,
                )
            return JSONResponse({"detail": message}, status_code=413)
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        nonce = secrets.token_urlsafe(16)
        request.state.csp_nonce = nonce
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP.format(nonce=nonce))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.add_middleware(HeadAsGet)  # added last: the outermost, before any other sees the method
    app.mount("/static/vendor", StaticFiles(directory=str(VENDOR)), name="vendor")
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_error_pages(app)
    for module in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"{routes.__name__}.{module.name}")
        router = getattr(loaded, "router", None)
        if router is not None:
            app.include_router(router)
    return app


#: nginx's code for "the client closed the request": only the server's access log ever sees it
CLIENT_CLOSED = 499


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> Response:
        """The browser dropped the request while its body was being read (htmx superseding a
        live preview, a page left mid-post): nobody is waiting for an answer, and it is no
        error of the server's, so no traceback in the log — just the access-log line."""
        return Response(status_code=CLIENT_CLOSED)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("hx-request"):  # HTMX: a full-page redirect, not a fragment
            return Response(status_code=401, headers={"HX-Redirect": login_redirect(exc.next_url)})
        return RedirectResponse(login_redirect(exc.next_url), status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _password(request: Request, exc: PasswordChangeRequired) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=403, headers={"HX-Redirect": "/account/password"})
        return RedirectResponse("/account/password", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "请求有误"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "页面不存在"
        elif exc.status_code == 405:
            detail = "不支持此请求方式"
        if is_api(request) or not _wants_html(request):
            return JSONResponse({"detail": exc.detail if not isinstance(exc.detail, str) else detail},
                                status_code=exc.status_code, headers=exc.headers)
        _known_user(request)
        return render(request, "error.html", status_code=exc.status_code,
                      status=exc.status_code, message=detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg', '')}"
            for e in exc.errors()
        ]
        if is_api(request) or not _wants_html(request):
            return JSONResponse({"detail": "请求的数据不完整或格式有误", "errors": problems},
                                status_code=422)
        return render(request, "error.html", status_code=422, status=422,
                      message="提交的数据不完整或格式有误：" + "；".join(problems))


def _known_user(request: Request) -> None:
    """An error page keeps the navigation of a signed-in user (a 404 has not looked them up)."""
    if hasattr(request.state, "user"):
        return
    from jixiao.web.security import SESSION_COOKIE, find_session

    try:
        with Session(request.app.state.engine, expire_on_commit=False) as db:
            found = find_session(db, request.cookies.get(SESSION_COOKIE),
                                 request.app.state.settings.session_hours)
            db.commit()
    except Exception:  # an error page must never fail because of the store
        found = None
    request.state.user = found[1] if found else None


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept or request.headers.get("hx-request") is not None or not accept
