"""Administration: accounts, departments and reviewers, the profile choice, the audit trail; and
that nobody else can reach it."""

from __future__ import annotations

import re

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, WebClient

from jixiao.store.models_web import AuditLogRow, DepartmentRow, SettingRow, UserRow


def _user(app: FastAPI, name: str) -> UserRow:
    with Session(app.state.engine) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == name))
        assert user is not None
        return user


def test_only_admins_reach_the_admin_pages(client_as: object, client: WebClient) -> None:
    for name in ("unit_a", "reviewer"):
        c = client_as(name)  # type: ignore[operator]
        page = c.get("/admin/users", headers={"Accept": "text/html"})
        assert page.status_code == 403 and "仅限管理员" in page.text
        assert "nav-admin" not in c.get("/forms", headers={"Accept": "text/html"}).text
        post = c.form_post("/admin/users", {"username": "intruder", "role": "admin"})
        assert post.status_code == 403
    assert client.get("/admin/users", follow_redirects=False).status_code == 303
    admin = client_as("admin")  # type: ignore[operator]
    page = admin.get("/admin/users", headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'data-testid="nav-admin"' in page.text


def test_create_a_unit_account_and_sign_in_with_it(client_as: object, app: FastAPI) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    page = admin.form_post("/admin/users", {"username": "newunit", "role": "unit",
                                            "display_name": "新单位", "unit_code": "N01",
                                            "unit_name": "新的单位"})
    assert page.status_code == 200 and "已新建账号 newunit" in page.text
    found = re.search(r'data-testid="new-password-value">([^<]+)<', page.text)
    assert found
    with WebClient(app) as c:
        assert c.login("newunit", found.group(1)).status_code == 303
        assert c.get("/forms", follow_redirects=False).headers["location"] == "/account/password"
    missing = admin.form_post("/admin/users", {"username": "nocode", "role": "unit"})
    assert missing.status_code == 400 and "单位代码" in missing.text
    dup = admin.form_post("/admin/users", {"username": "newunit", "role": "reviewer"})
    assert dup.status_code == 400 and "已存在" in dup.text
    with Session(app.state.engine) as db:
        entry = db.scalar(select(AuditLogRow).where(AuditLogRow.action == "user_create"))
        assert entry is not None and entry.username == "admin"
        assert entry.detail["username"] == "newunit" and entry.detail["unit_code"] == "N01"


def test_deactivate_and_reset(client_as: object, app: FastAPI) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    unit = client_as("unit_a")  # type: ignore[operator]
    target = _user(app, "unit_a")
    admin.form_post(f"/admin/users/{target.id}/active", {"active": "false"})
    assert unit.get("/api/me").status_code == 401  # signed out at once
    assert not _user(app, "unit_a").active
    admin.form_post(f"/admin/users/{target.id}/active", {"active": "true"})
    page = admin.form_post(f"/admin/users/{target.id}/reset")
    new = re.search(r'data-testid="new-password-value">([^<]+)<', page.text)
    assert new
    with WebClient(app) as c:
        assert c.login("unit_a").status_code == 401  # the old password is gone
        assert c.login("unit_a", new.group(1)).status_code == 303
    me = _user(app, "admin")
    self_off = admin.form_post(f"/admin/users/{me.id}/active", {"active": "false"})
    assert self_off.status_code == 400 and "不能停用自己" in self_off.text


def test_edit_changes_what_a_unit_sees(client_as: object, app: FastAPI, seeded: object) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    unit = client_as("unit_a")  # type: ignore[operator]
    assert unit.get("/api/forms").json()["total"] == 4
    target = _user(app, "unit_a")
    admin.form_post(f"/admin/users/{target.id}/edit", {"role": "unit", "display_name": "丰台",
                                                       "unit_code": "MY001", "unit_name": "x"})
    assert unit.get("/api/forms").json()["total"] == 12
    with Session(app.state.engine) as db:
        entry = db.scalar(select(AuditLogRow).where(AuditLogRow.action == "user_update"))
        assert entry is not None and entry.detail["unit_code"] == ["149020", "MY001"]


def test_departments_and_reviewer_assignment(client_as: object, app: FastAPI, seeded: object) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    reviewer = client_as("reviewer_none")  # type: ignore[operator]
    assert reviewer.get("/api/forms").json()["total"] == 0
    imported = admin.form_post("/admin/departments/import")
    assert "已从表单导入 0 个部门" in imported.text  # both seed departments exist already
    admin.form_post("/admin/departments", {"name": "测试部门", "code": "T01"})
    with Session(app.state.engine) as db:
        depts = {d.name: d.id for d in db.scalars(select(DepartmentRow))}
    assert "测试部门" in depts
    rid = _user(app, "reviewer_none").id
    admin.form_post(f"/admin/reviewers/{rid}/departments",
                    {"department_ids": [str(depts["北京市密云区卫生健康委员会"])]})
    assert reviewer.get("/api/forms").json()["total"] == 12  # matched by name (no code on forms)
    admin.form_post(f"/admin/reviewers/{rid}/departments", {})
    assert reviewer.get("/api/forms").json()["total"] == 0
    admin.form_post(f"/admin/departments/{depts['测试部门']}/delete")
    with Session(app.state.engine) as db:
        assert db.get(DepartmentRow, depts["测试部门"]) is None


def test_choose_the_store_profile(client_as: object, app: FastAPI) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    page = admin.get("/admin/profiles", headers={"Accept": "text/html"})
    assert "twenty-point" in page.text and "按表自动选择" in page.text
    admin.form_post("/admin/profiles", {"default_profile": "twenty-point"})
    with Session(app.state.engine) as db:
        setting = db.get(SettingRow, "default_profile")
        assert setting is not None and setting.value == "twenty-point"
    unit = client_as("unit_a")  # type: ignore[operator]
    from tests.web.conftest import SEED_FENGTAI

    result = unit.api("POST", "/api/upload", files=[("files", ("a.txt", SEED_FENGTAI.read_bytes()))])
    form_id = result.json()["results"][0]["forms"][0]["id"]
    assert unit.get(f"/api/forms/{form_id}").json()["profile"] == "twenty-point"
    bad = admin.form_post("/admin/profiles", {"default_profile": "no-such"})
    assert bad.status_code == 400
    admin.form_post("/admin/profiles", {"default_profile": ""})
    with Session(app.state.engine) as db:
        setting = db.get(SettingRow, "default_profile")
        assert setting is not None and setting.value is None


def test_audit_page_lists_changes_and_failed_logins(client_as: object, app: FastAPI) -> None:
    with WebClient(app) as c:
        c.login("unit_b", "wrong-password")
    admin = client_as("admin")  # type: ignore[operator]
    admin.form_post("/admin/departments", {"name": "<script>alert(1)</script>"})
    page = admin.get("/admin/audit", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "新建部门" in page.text and "登录" in page.text
    assert "unit_b" in page.text  # the failed sign-in
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    only = admin.get("/admin/audit?action=department_create", headers={"Accept": "text/html"})
    assert only.text.count('data-testid="audit-row"') == 1
    assert PASSWORD not in page.text


def test_department_names_and_codes_are_unique(client_as: object) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    assert admin.form_post("/admin/departments", {"name": "甲部门"}).status_code == 200
    assert admin.form_post("/admin/departments", {"name": "乙部门"}).status_code == 200
    same_name = admin.form_post("/admin/departments", {"name": "甲部门", "code": "Z9"})
    assert same_name.status_code == 400 and "已存在" in same_name.text
    same_code = admin.form_post("/admin/departments", {"name": "丙部门", "code": "149001"})
    assert same_code.status_code == 400


def test_import_accounts_from_a_csv_page(client_as: object, app: FastAPI) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    csv_text = "用户名,角色,单位代码,单位名称\nmy02,填报单位,MY002,<b>密云二</b>\nrv02,审核人,,\n"
    page = admin.post("/admin/users/import", files={"file": ("单位.csv", csv_text.encode("utf-8"))},
                      data={"csrf_token": admin.csrf}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "已从 单位.csv 导入 2 个账号" in page.text
    assert page.text.count("<code>") >= 2 and "&lt;b&gt;密云二" in page.text
    password = re.search(r"<td>my02</td><td><code>([^<]+)</code>", page.text)
    assert password
    with WebClient(app) as c:
        assert c.login("my02", password.group(1)).status_code == 303
    bad = admin.post("/admin/users/import", files={"file": ("x.csv", b"username,role\nmy02,unit\n")},
                     data={"csrf_token": admin.csrf}, headers={"Accept": "text/html"})
    assert bad.status_code == 400 and "未导入任何账号" in bad.text and "x.csv 第 2 行" in bad.text
    unit = client_as("unit_a")  # type: ignore[operator]
    denied = unit.post("/admin/users/import", files={"file": ("u.csv", csv_text.encode())},
                       data={"csrf_token": unit.csrf})
    assert denied.status_code == 403


def test_find_accounts(client_as: object) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    def rows(url: str) -> int:
        return str(admin.get(url, headers={"Accept": "text/html"}).text).count('data-testid="user-row"')

    assert rows("/admin/users") == 5
    assert rows("/admin/users?role=unit") == 2
    assert rows("/admin/users?q=丰台") == 2  # unit_a by its unit name, the reviewer by name
    assert rows("/admin/users?q=MY001") == 1
    assert rows("/admin/users?q=%25") == 0  # % is a character here, not a wildcard
    assert rows("/admin/users?role=nonsense") == 5
