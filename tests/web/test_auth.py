"""Signing in and out, sessions, password changes, the first administrator, ``jixiao user``."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, WebClient, csrf_from
from typer.testing import CliRunner

from jixiao.cli import app as cli_app
from jixiao.store.db import open_store
from jixiao.store.models_web import AuditLogRow, UserRow, WebSessionRow
from jixiao.web.accounts import ensure_first_admin
from jixiao.web.security import SESSION_COOKIE, token_key


def test_anonymous_pages_redirect_to_login_and_api_says_401(client: WebClient) -> None:
    page = client.get("/forms", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/forms"
    api = client.get("/api/forms")
    assert api.status_code == 401
    assert "登录" in api.json()["detail"]


def test_login_page_is_chinese_and_has_a_token(client: WebClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert "登录" in page.text and 'lang="zh-CN"' in page.text
    assert csrf_from(page.text)
    assert 'data-testid="login-username"' in page.text


def test_login_then_logout(client: WebClient, app: FastAPI) -> None:
    response = client.login("unit_a")
    assert response.status_code == 303 and response.headers["location"] == "/forms"
    me = client.get("/api/me").json()
    assert me["username"] == "unit_a" and me["role"] == "unit" and me["unit_code"] == "149020"
    token = client.cookies.get(SESSION_COOKIE)
    assert token
    with Session(app.state.engine) as db:  # only the token's hash is stored
        assert db.get(WebSessionRow, token_key(token)) is not None
        assert db.get(WebSessionRow, token) is None
    out = client.form_post("/logout", follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/api/me").status_code == 401
    with Session(app.state.engine) as db:
        assert db.get(WebSessionRow, token_key(token)) is None
        actions = list(db.scalars(select(AuditLogRow.action).order_by(AuditLogRow.id)))
    assert actions == ["login", "logout"]


def test_wrong_password_and_unknown_user_get_the_same_answer(client: WebClient) -> None:
    wrong = client.login("unit_a", "not-the-password")
    unknown = client.login("nobody", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert client.get("/api/me").status_code == 401


def test_session_is_rotated_at_login(app: FastAPI) -> None:
    """A session cookie planted before sign-in (fixation) is not the one used after it."""
    with WebClient(app) as c:
        c.login("unit_a")
        first = c.cookies.get(SESSION_COOKIE)
        c.login("unit_b")  # signing in again from the same browser
        second = c.cookies.get(SESSION_COOKIE)
        assert first and second and first != second
        with Session(app.state.engine) as db:
            assert db.get(WebSessionRow, token_key(first)) is None


def test_cookie_flags(client: WebClient) -> None:
    page = client.get("/login")
    token = csrf_from(page.text)
    response = client.post("/login", data={"username": "admin", "password": PASSWORD,
                                           "csrf_token": token}, follow_redirects=False)
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    flags = cookie.lower()
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    assert "max-age" not in flags and "expires" not in flags  # ends with the browser
    assert "secure" not in flags  # plain http in the test; https sets it


def test_secure_cookie_over_https(app: FastAPI) -> None:
    with WebClient(app, base_url="https://testserver") as c:
        page = c.get("/login")
        response = c.post("/login", data={"username": "admin", "password": PASSWORD,
                                          "csrf_token": csrf_from(page.text)},
                          follow_redirects=False)
        cookie = next(v for k, v in response.headers.multi_items()
                      if k == "set-cookie" and v.startswith(SESSION_COOKIE))
        assert "secure" in cookie.lower()


def test_open_redirect_is_refused(client: WebClient) -> None:
    page = client.get("/login?next=//evil.example/")
    response = client.post("/login", data={"username": "admin", "password": PASSWORD,
                                           "next": "//evil.example/",
                                           "csrf_token": csrf_from(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/forms"


def test_change_password(client_as: object, app: FastAPI) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    bad = c.form_post("/account/password", {"current": PASSWORD, "new": "short", "confirm": "short"})
    assert bad.status_code == 400 and "至少" in bad.text
    mismatch = c.form_post("/account/password", {"current": PASSWORD, "new": "a-new-password-1",
                                                 "confirm": "a-new-password-2"})
    assert "不一致" in mismatch.text
    wrong = c.form_post("/account/password", {"current": "nope-nope-nope", "new": "a-new-password-1",
                                              "confirm": "a-new-password-1"})
    assert "当前密码不正确" in wrong.text
    ok = c.form_post("/account/password", {"current": PASSWORD, "new": "a-new-password-1",
                                           "confirm": "a-new-password-1"})
    assert ok.status_code == 200 and "密码已修改" in ok.text
    with WebClient(app) as other:
        assert other.login("unit_a").status_code == 401
        assert other.login("unit_a", "a-new-password-1").status_code == 303


def test_must_change_password_sends_to_the_password_page(app: FastAPI) -> None:
    with Session(app.state.engine) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == "unit_b"))
        assert user is not None
        user.must_change_password = True
        db.commit()
    with WebClient(app) as c:
        assert c.login("unit_b").status_code == 303
        page = c.get("/forms", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/account/password"
        assert c.get("/api/forms").status_code == 403
        form = c.get("/account/password")
        assert "请先设置自己的新密码" in form.text
        c.form_post("/account/password", {"current": PASSWORD, "new": "brand-new-pass-7",
                                          "confirm": "brand-new-pass-7"})
        assert c.get("/api/me").json()["must_change_password"] is False


def test_deactivated_user_loses_the_session(client_as: object, app: FastAPI) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    assert c.get("/api/me").status_code == 200
    with Session(app.state.engine) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == "unit_a"))
        assert user is not None
        user.active = False
        db.commit()
    assert c.get("/api/me").status_code == 401
    with WebClient(app) as again:
        assert again.login("unit_a").status_code == 401


def test_api_login(client: WebClient) -> None:
    csrf = client.get("/api/csrf").json()["csrf_token"]
    response = client.post("/api/login", json={"username": "reviewer", "password": PASSWORD},
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["role"] == "reviewer" and body["csrf_token"]
    assert client.get("/api/me").json()["username"] == "reviewer"
    bad = client.post("/api/login", json={"username": "reviewer", "password": "x"},
                      headers={"X-CSRF-Token": body["csrf_token"]})
    assert bad.status_code == 401


def test_api_password_change(app: FastAPI) -> None:
    with Session(app.state.engine) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == "reviewer"))
        assert user is not None
        user.must_change_password = True
        db.commit()
    with WebClient(app) as c:
        c.login("reviewer")
        assert c.get("/api/forms").status_code == 403
        weak = c.api("POST", "/api/password", json={"current": PASSWORD, "new": "short"})
        assert weak.status_code == 400 and "至少" in weak.json()["detail"]
        ok = c.api("POST", "/api/password", json={"current": PASSWORD, "new": "reviewer-new-pw-1"})
        assert ok.status_code == 200
        assert c.get("/api/forms").status_code == 200


def test_first_admin_random_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JIXIAO_ADMIN_PASSWORD", raising=False)
    engine = open_store(f"sqlite:///{tmp_path / 'first.db'}")
    account = ensure_first_admin(engine)
    assert account is not None and account.generated and len(account.password) >= 16
    assert account.user.must_change_password and account.user.role == "admin"
    assert ensure_first_admin(engine) is None  # only once
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(UserRow)) == 1
    engine.dispose()


def test_first_admin_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_ADMIN_PASSWORD", "admin-password-from-env")
    engine = open_store(f"sqlite:///{tmp_path / 'first.db'}")
    account = ensure_first_admin(engine)
    assert account is not None and not account.generated
    assert not account.user.must_change_password
    engine.dispose()


def test_user_command(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    added = runner.invoke(cli_app, ["--lang", "zh", "user", "add", "unit9", "--role", "unit", "--unit-code", "U9",
                                    "--unit-name", "第九单位", "--db", db])
    assert added.exit_code == 0, added.output
    assert "初始密码" in added.output
    missing_code = runner.invoke(cli_app, ["user", "add", "unit10", "--role", "unit", "--db", db])
    assert missing_code.exit_code == 2 and "单位代码" in missing_code.output
    dup = runner.invoke(cli_app, ["user", "add", "unit9", "--role", "reviewer", "--db", db])
    assert dup.exit_code == 2 and "已存在" in dup.output
    given = runner.invoke(cli_app, ["user", "add", "rev", "--role", "reviewer", "--password-stdin",
                                    "--db", db], input="a-long-password-1\n")
    assert given.exit_code == 0 and "初始密码" not in given.output
    reset = runner.invoke(cli_app, ["user", "passwd", "unit9", "--db", db])
    assert reset.exit_code == 0 and "已重置" in reset.output
    listing = runner.invoke(cli_app, ["user", "list", "--db", db])
    assert "unit9" in listing.output and "第九单位" in listing.output
    nobody = runner.invoke(cli_app, ["user", "passwd", "ghost", "--db", db])
    assert nobody.exit_code == 2
    off = runner.invoke(cli_app, ["user", "deactivate", "rev", "--db", db])
    assert off.exit_code == 0 and "已停用" in off.output
    assert "已停用" in runner.invoke(cli_app, ["user", "list", "--db", db]).output
    on = runner.invoke(cli_app, ["user", "activate", "rev", "--db", db])
    assert on.exit_code == 0 and "已启用" in on.output
    english = runner.invoke(cli_app, ["--lang", "en", "user", "activate", "ghost", "--db", db])
    assert english.exit_code == 2 and "no account named" in english.output
    runner.invoke(cli_app, ["--lang", "zh", "user", "list", "--db", db])  # the language is global


def test_error_pages_are_chinese_and_keep_the_navigation(client_as: object, client: WebClient) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    page = c.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "找不到页面" in page.text and 'data-testid="nav-forms"' in page.text
    anonymous = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert anonymous.status_code == 404 and 'data-testid="nav-forms"' not in anonymous.text
    assert client.get("/no/such/page").json()["detail"] == "页面不存在"


def test_serve_creates_the_first_admin_and_starts_uvicorn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.delenv("JIXIAO_ADMIN_PASSWORD", raising=False)
    started: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append({"app": app, **kw}))
    db = tmp_path / "served.db"
    result = CliRunner().invoke(cli_app, ["--lang", "zh", "serve", "--db", str(db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "admin" in result.output and "初始密码" in result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert started and started[0]["port"] == 8123 and started[0]["host"] == "127.0.0.1"
    password = result.output.split("初始密码")[1].split()[0]
    app = started[0]["app"]
    with WebClient(app) as c:  # type: ignore[arg-type]
        assert c.login("admin", password).status_code == 303
        assert c.get("/forms", follow_redirects=False).headers["location"] == "/account/password"
    again = CliRunner().invoke(cli_app, ["--lang", "zh", "serve", "--db", str(db)])
    assert "初始密码" not in again.output  # only the first time
    bad = CliRunner().invoke(cli_app, ["--lang", "zh", "serve", "--db",
                                       str(tmp_path / "no" / "such" / "x.db")])
    assert bad.exit_code == 2 and "不存在" in bad.output


def test_behind_a_proxy(tmp_path: Path) -> None:
    from tests.web.conftest import seed_users

    from jixiao.store.models_web import LoginAttemptRow
    from jixiao.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'proxy.db'}", trust_proxy=True)
    seed_users(app)
    with WebClient(app) as c:
        page = c.get("/login")
        response = c.post("/login", data={"username": "admin", "password": PASSWORD,
                                          "csrf_token": csrf_from(page.text)},
                          headers={"X-Forwarded-For": "203.0.113.9, 10.0.0.1",
                                   "X-Forwarded-Proto": "https"}, follow_redirects=False)
        cookie = next(v for k, v in response.headers.multi_items()
                      if k == "set-cookie" and v.startswith(SESSION_COOKIE))
        assert "secure" in cookie.lower()
    with Session(app.state.engine) as db:
        assert db.scalar(select(LoginAttemptRow.ip)) == "203.0.113.9"
    app.state.engine.dispose()


def test_user_import_from_a_csv(tmp_path: Path) -> None:
    db = str(tmp_path / "import.db")
    runner = CliRunner()
    good = tmp_path / "units.csv"
    # as Excel in China saves it: GBK, Chinese headers and role names
    good.write_bytes("用户名,角色,单位代码,单位名称\nft01,填报单位,149020,丰台社区中心\n"
                     "rev01,审核人,,\n\n".encode("gbk"))
    result = runner.invoke(cli_app, ["--lang", "zh", "user", "import", str(good), "--db", db])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines[0] == "username,password" and len(lines) == 3
    password = dict(line.split(",") for line in lines[1:])["ft01"]
    engine = open_store(f"sqlite:///{db}")
    with Session(engine) as s:
        unit = s.scalar(select(UserRow).where(UserRow.username == "ft01"))
        assert unit is not None and unit.unit_code == "149020" and unit.role == "unit"
        assert unit.must_change_password
        from jixiao.web.security import verify_password

        assert verify_password(unit, password)
    engine.dispose()
    bad = tmp_path / "bad.csv"
    bad.write_text("username,role,unit_code\nx1,unit,\nft01,reviewer,\nx1,admin,\n!,admin,\n",
                   encoding="utf-8")
    refused = runner.invoke(cli_app, ["--lang", "zh", "user", "import", str(bad), "--db", db])
    assert refused.exit_code == 2
    assert "bad.csv 第 2 行" in refused.output and "单位代码" in refused.output
    assert "第 5 行" in refused.output  # every problem, not only the first
    again = runner.invoke(cli_app, ["--lang", "zh", "user", "import", str(good), "--db", db])
    assert again.exit_code == 2 and "已存在" in again.output  # none imported twice
    no_header = tmp_path / "nohead.csv"
    no_header.write_text("a,b\n", encoding="utf-8")
    missing = runner.invoke(cli_app, ["--lang", "zh", "user", "import", str(no_header), "--db", db])
    assert missing.exit_code == 2 and "缺少列" in missing.output


def test_changing_the_password_signs_out_the_other_sessions(app: FastAPI) -> None:
    with WebClient(app) as here, WebClient(app) as elsewhere:
        here.login("unit_a")
        elsewhere.login("unit_a")
        changed = here.form_post("/account/password", {"current": PASSWORD, "new": "another-pass-42",
                                                       "confirm": "another-pass-42"})
        assert changed.status_code == 200
        assert here.get("/api/me").status_code == 200  # this browser stays signed in
        assert elsewhere.get("/api/me").status_code == 401  # the other one is signed out
