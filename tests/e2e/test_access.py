"""Who may see what, signing in and out, as a person at a browser does it: a unit types the
address of another unit's form; someone guesses a password too often; a user signs out."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect
from tests.e2e.conftest import ADMIN_PASSWORD, PASSWORD, TEXT_SEED

from jixiao.api import parse_file

WRONG = "用户名或密码错误"


def test_unit_cannot_open_another_units_form(browse: Any) -> None:
    # unit_b uploads its forms and notes where the first one lives
    owner = browse()
    owner.login("unit_b")
    page = owner.page
    page.get_by_test_id("nav-upload").click()
    page.get_by_test_id("upload-input").set_input_files(str(TEXT_SEED))
    expect(page.get_by_test_id("upload-chosen")).to_contain_text(TEXT_SEED.name)
    page.get_by_test_id("upload-submit").click()
    link = page.get_by_test_id("upload-form-link").first
    link.wait_for(timeout=60_000)
    names = [f.project_name for f in parse_file(TEXT_SEED).forms]
    expect(page.get_by_test_id("upload-form-link")).to_have_count(len(names))
    link.click()
    page.wait_for_url(re.compile(r"/forms/\d+$"))
    address = page.url.removeprefix(owner.origin)
    title = page.get_by_test_id("form-title").inner_text()
    assert title == names[0]

    # unit_a does not see them in its list, and typing the address gets "not found"
    other = browse()
    other.allow(r"status of 404")
    other.login("unit_a")
    listed = other.page.get_by_test_id("form-link").all_inner_texts()
    assert not set(listed) & set(names)
    for path in (address, address + "/export.xlsx", address + "/export.pdf",
                 address + "/source?path=project_name"):  # fmt: skip
        response = other.goto(path)
        assert response is not None and response.status == 404, path
        if "source" not in path and "export" not in path:
            expect(other.page.get_by_test_id("error")).to_contain_text("找不到")
            # the page does not reveal the form: neither its name nor a hint that it exists
            assert title not in other.page.content()
    # its owner still opens it
    assert owner.goto(address).status == 200


def test_too_many_wrong_passwords_lock_the_account(browse: Any) -> None:
    b = browse()
    b.allow(r"status of 40[13]|status of 429")
    page = b.page
    b.goto("/login")
    for attempt in range(1, 7):
        page.get_by_label("用户名").fill("locked_out")
        page.get_by_label("密码").fill(f"not-the-password-{attempt}")
        page.get_by_role("button", name="登录").click()
        error = page.get_by_test_id("login-error")
        expect(error).to_be_visible()
        if attempt < 5:
            expect(error).to_have_text(WRONG)
        if "锁定" in error.inner_text():
            break
    expect(page.get_by_test_id("login-error")).to_contain_text("登录失败次数过多")
    expect(page.get_by_test_id("login-error")).to_contain_text(re.compile(r"请 \d+ 分钟后再试"))
    # now even the right password is refused, and the user name typed is kept in the box
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("登录失败次数过多")
    assert "/login" in page.url
    assert page.get_by_label("用户名").input_value() == "locked_out"
    # another account from the same browser is not affected
    b.login("unit_a")
    expect(page.get_by_test_id("current-user")).to_contain_text("丰台社区中心")


def test_logout_ends_the_session(browse: Any) -> None:
    b = browse()
    b.login("reviewer")
    page = b.page
    expect(page.get_by_test_id("current-user")).to_contain_text("审核人")
    b.logout()
    expect(page.get_by_test_id("login-form")).to_be_visible()
    # the pages now ask to sign in again, and come back after it
    b.goto("/dashboard")
    page.wait_for_url(re.compile(r"/login\?next="))
    page.get_by_label("用户名").fill("reviewer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/dashboard$"))
    assert not [c for c in b.context.cookies() if c["name"] == "jixiao_session" and not c["httpOnly"]]


def test_admin_creates_a_unit_account_that_must_set_its_password(browse: Any) -> None:
    admin = browse()
    admin.login("admin", ADMIN_PASSWORD)
    page = admin.page
    page.get_by_test_id("nav-admin").click()
    page.get_by_test_id("user-username").fill("unit_new")
    page.get_by_test_id("user-display-name").fill("新单位")
    page.get_by_test_id("user-role").select_option(label="填报单位")
    page.get_by_test_id("user-unit-name").fill("北京市某新单位")
    page.get_by_test_id("user-unit-code").fill("NEW001")
    page.get_by_test_id("user-create").click()
    one_time = page.get_by_test_id("new-password-value").inner_text().strip()
    assert len(one_time) >= 10
    expect(page.locator('[data-testid="user-row"][data-username="unit_new"]')).to_be_visible()

    # the new unit signs in with it and is sent to choose its own password first
    unit = browse()
    upage = unit.page
    unit.goto("/login")
    upage.get_by_label("用户名").fill("unit_new")
    upage.get_by_label("密码").fill(one_time)
    upage.get_by_role("button", name="登录").click()
    upage.wait_for_url(re.compile(r"/account/password"))
    expect(upage.get_by_test_id("must-change")).to_be_visible()
    upage.get_by_test_id("password-current").fill(one_time)
    upage.get_by_test_id("password-new").fill("my-own-Secret-77")
    upage.get_by_test_id("password-confirm").fill("my-own-Secret-77")
    upage.get_by_test_id("password-submit").click()
    expect(upage.get_by_test_id("flash")).to_contain_text("密码已修改")
    upage.get_by_test_id("nav-forms").click()
    expect(upage.get_by_test_id("forms-empty")).to_contain_text("还没有可查看的自评表")
    expect(upage.get_by_test_id("current-user")).to_contain_text("北京市某新单位")
