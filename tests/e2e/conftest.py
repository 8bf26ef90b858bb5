"""End-to-end fixtures: the real ``jixiao serve`` on a free local port, and Debian's Chromium
driven by Playwright.

Why a subprocess: it is the command a user runs (first administrator from
``JIXIAO_ADMIN_PASSWORD``, migrations, uvicorn), and PDF parsing in the server does not compete
with the test for one interpreter's GIL.  One server per test module (each module its own empty
store), one browser per session, one fresh browser context (cookies) per test.

Every request that leaves the app's origin is aborted and fails the test, as does any console
error, uncaught page error or failed request — so "every asset is local" is tested on every page
the tests visit.  Tests that provoke an error on purpose (a 404 page, a refused sign-in) declare it
with :meth:`Browse.allow`.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"]
PDF_SEED = ROOT / "tests" / "data" / "fixtures" / "pdf-seeds" / "002-ddf2ad2b933db61d.pdf"
TEXT_SEED = ROOT / "src" / "jixiao" / "samples" / "000_9da3ca00a275ab0a.txt"
TEXT_SEED_FENGTAI = ROOT / "src" / "jixiao" / "samples" / "002_ddf2ad2b933db61d.txt"
VIEWPORT = {"width": 1280, "height": 900}
ADMIN_PASSWORD = "admin-e2e-Pass-7"
PASSWORD = "e2e-secret-Pass-42"
STARTUP_SECONDS = 60

#: accounts made with the app's own ``create_user`` (as ``jixiao user add`` does)
ACCOUNTS: dict[str, dict[str, str]] = {
    "unit_a": {"role": "unit", "display_name": "丰台社区中心", "unit_code": "149020",
               "unit_name": "北京市丰台区社区卫生服务管理中心"},
    "unit_b": {"role": "unit", "display_name": "密云卫健委", "unit_code": "MY001",
               "unit_name": "北京市密云区卫生健康委员会"},
    "reviewer": {"role": "reviewer", "display_name": "丰台审核人"},
    "locked_out": {"role": "unit", "display_name": "测试锁定", "unit_code": "LOCK01",
                   "unit_name": "锁定测试单位"},
}  # fmt: skip
#: the reviewer's department (seed 002's 主管部门), assigned through the admin pages
REVIEWER_DEPARTMENT = ("北京市丰台区卫生健康委员会", "149001")


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} not found: the end-to-end tests need Debian's chromium "
                "(scripts/setup-system installs it)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - declared dependency
        return "playwright (Python) is not installed"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _skip_reason()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


def number(text: str) -> float:
    """The number shown on the page ("96.5", "1,234.5")."""
    found = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    assert found, f"no number in {text!r}"
    return float(found.group(0).replace(",", ""))


# -- the server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    db: Path
    log: Path
    proc: subprocess.Popen[bytes]

    def log_text(self) -> str:
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""


def _start(db: Path, log: Path) -> Server:
    port = free_port()
    env = {**os.environ, "JIXIAO_ADMIN_PASSWORD": ADMIN_PASSWORD, "JIXIAO_LANG": "zh",
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jixiao", "serve", "--db", str(db), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=db.parent,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", db, log, proc)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return server
        try:
            if httpx.get(server.url + "/login", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return server


def _stop(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=10)


def _seed_accounts(db: Path) -> None:
    """The unit and reviewer accounts, with the function behind ``jixiao user add``."""
    from sqlalchemy.orm import Session

    from jixiao.store.db import open_store
    from jixiao.web.accounts import create_user

    engine = open_store(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            for name, fields in ACCOUNTS.items():
                create_user(session, name, fields["role"], password=PASSWORD,
                            display_name=fields["display_name"], unit_name=fields.get("unit_name"),
                            unit_code=fields.get("unit_code"))  # fmt: skip
            session.commit()
    finally:
        engine.dispose()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def _assign_reviewer(server: Server) -> None:
    """As the administrator, through the admin pages' own forms (the posts a browser sends):
    create the department and tick it for the reviewer.  Not in the browser, so that it can run
    in the background while the previous module's tests use the browser."""
    name, code = REVIEWER_DEPARTMENT
    with httpx.Client(base_url=server.url, timeout=60) as http:
        signed_in = http.post("/login", data={
            "username": "admin", "password": ADMIN_PASSWORD, "next": "/forms",
            "csrf_token": _csrf(http.get("/login").text)})  # fmt: skip
        assert signed_in.status_code == 303, signed_in.text
        token = _csrf(http.get("/admin/departments").text)
        made = http.post("/admin/departments", data={"name": name, "code": code, "csrf_token": token})
        assert made.status_code == 200 and "已新建部门" in made.text, made.text
        reviewer = re.search(r'action="/admin/reviewers/(\d+)/departments"[^>]*data-username="reviewer"',
                             made.text)  # fmt: skip
        department = re.search(rf'name="department_ids" value="(\d+)"[^>]*> {re.escape(name)}<', made.text)
        assert reviewer and department, made.text
        saved = http.post(f"/admin/reviewers/{reviewer.group(1)}/departments",
                          data={"department_ids": department.group(1), "csrf_token": token})
        assert saved.status_code == 200 and "已保存 reviewer" in saved.text, saved.text


def _prepare(folder: Path) -> Server:
    """``jixiao serve`` on an empty store, its first administrator made by the command itself,
    the other accounts by ``create_user``, the reviewer's department assigned by the admin."""
    db, log = folder / "e2e.db", folder / "serve.log"
    started = _start(db, log)
    for _attempt in range(2):  # the free port may be taken between asking and binding
        if started.proc.poll() is None or "address already in use" not in started.log_text():
            break
        started = _start(db, log)
    try:
        assert started.proc.poll() is None, f"jixiao serve did not start:\n{started.log_text()}"
        assert "JIXIAO_ADMIN_PASSWORD" in started.log_text(), started.log_text()
        _seed_accounts(db)
        _assign_reviewer(started)
    except BaseException:
        _stop(started)
        raise
    return started


class Servers:
    """Each test module gets its own server on its own store; while one module runs, the next
    module's server starts in the background (start-up is seconds of imports and migrations)."""

    def __init__(self, factory: pytest.TempPathFactory, modules: int) -> None:
        self.factory, self.left = factory, modules
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e2e-server")
        self.pending: Future[Server] | None = None

    def _submit(self) -> Future[Server]:
        return self.pool.submit(_prepare, self.factory.mktemp("e2e"))

    def take(self) -> Server:
        ready = self.pending or self._submit()
        self.pending = None
        self.left -= 1
        if self.left > 0:
            self.pending = self._submit()
        return ready.result()

    def close(self) -> None:
        if self.pending is not None:
            with contextlib.suppress(Exception):  # a server nobody used: its failure is moot
                _stop(self.pending.result())
        self.pool.shutdown(wait=True)


@pytest.fixture(scope="session")
def servers(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:  # fmt: skip
    modules = {item.nodeid.split("::")[0] for item in request.session.items
               if "server" in getattr(item, "fixturenames", ())}  # fmt: skip
    pool = Servers(tmp_path_factory, max(1, len(modules)))
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def server(servers: Servers, chromium: Chromium) -> Iterator[Server]:
    """This module's server; stopped when the module ends (also when a test failed).  After
    the last module the browser closes too.  A traceback in the server's log fails the module."""
    started = servers.take()
    try:
        yield started
    finally:
        _stop(started)
        if servers.left == 0:
            chromium.close()
    # what the module did must not have written a traceback to the server's log (a dropped
    # request, a page that failed): the log is what an administrator reads
    log = started.log_text()
    assert "Traceback" not in log, f"the server log of this module has a traceback:\n{log[-6000:]}"


# -- the browser -----------------------------------------------------------------------------------


class Chromium:
    """One browser for all the end-to-end modules, closed after the last of them: Playwright's
    sync API keeps an event loop in the main thread while it runs, which later tests (the
    report's offline rendering) must not find there."""

    def __init__(self) -> None:
        self.playwright: Any = None
        self.browser: Any = None

    def get(self) -> Any:
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                           args=CHROMIUM_ARGS)  # fmt: skip
        return self.browser

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.playwright.stop()
        self.playwright = self.browser = None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    holder = Chromium()
    yield holder
    holder.close()


@pytest.fixture(scope="module")
def browser(chromium: Chromium) -> Any:
    reason = _skip_reason()
    if reason is not None:
        pytest.skip(reason)
    return chromium.get()


@dataclass
class Browse:
    """One person at one browser: a fresh context (no cookies) whose every request to another
    origin is aborted and recorded, and whose console errors and failed requests are collected."""

    context: Any
    page: Any
    origin: str
    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def open(cls, browser: Any, server: Server) -> Browse:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")  # fmt: skip
        context.set_default_timeout(15_000)
        page = context.new_page()
        b = cls(context, page, server.url)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith((b.origin + "/", "data:", "blob:")) or url == b.origin:
                r.continue_()
            else:
                b.problems.append(f"request outside the app: {url}")
                r.abort()

        context.route("**/*", route)
        page.on("console", b._console)
        page.on("pageerror", lambda e: b.problems.append(f"page error: {e}"))
        page.on("requestfailed", b._failed)
        return b

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _failed(self, request: Any) -> None:
        # ERR_ABORTED: the page moved on (a click navigated, a download took over) before a
        # request of the old page finished; that is the browser's doing, not the app's.
        if "ERR_ABORTED" not in str(request.failure):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def __enter__(self) -> Browse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def allow(self, pattern: str) -> None:
        """A console message or failure the test provokes on purpose (a regular expression)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]

    def goto(self, path: str) -> Any:
        return self.page.goto(self.origin + path)

    def login(self, username: str, password: str = PASSWORD) -> None:
        """Sign in on the login page, as a person would, and wait for the form list."""
        page = self.page
        page.goto(self.origin + "/login")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(re.compile(r"/forms"))

    def logout(self) -> None:
        self.page.get_by_test_id("logout").click()
        self.page.wait_for_url(re.compile(r"/login"))


@pytest.fixture
def browse(browser: Any, server: Server) -> Iterator[Any]:
    """``browse()`` opens a new person's browser (fresh cookies); at the end of the test none may
    have reached outside the app or shown an unexpected error."""
    opened: list[Browse] = []

    def make() -> Browse:
        b = Browse.open(browser, server)
        opened.append(b)
        return b

    yield make
    problems = [p for b in opened for p in b.unexpected()]
    for b in opened:
        b.context.close()
    assert not problems, "browser problems:\n" + "\n".join(problems)
