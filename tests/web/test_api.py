"""The JSON HTTP API and the security rules, tested through HTTP: a unit never reads or changes
another unit's forms (404, exactly like a form that does not exist), a reviewer only the assigned
departments', anonymous requests 401, unsafe requests without the CSRF token 403, throttling."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, WebClient

from jixiao.store.models import FormRow

MISSING = 999_999


def _count_forms(app: FastAPI) -> int:
    with Session(app.state.engine) as db:
        return db.scalar(select(func.count()).select_from(FormRow)) or 0


def test_api_form_detail(client_as: object, seeded: dict[str, list[int]]) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    fid = seeded["unit_a"][0]
    body = c.get(f"/api/forms/{fid}").json()
    assert body["id"] == fid and body["unit_code"] == "149020"
    assert body["form"]["project_name"] == body["project_name"]
    assert isinstance(body["findings_list"], list)
    counts = body["findings"]
    assert len(body["findings_list"]) == counts["error"] + counts["warning"] + counts["info"]


def test_a_unit_never_reads_another_units_forms(client_as: object, seeded: dict[str, list[int]]) -> None:
    a = client_as("unit_a")  # type: ignore[operator]
    other = seeded["unit_b"][0]
    listed = {f["id"] for f in a.get("/api/forms?per_page=200").json()["forms"]}
    assert listed == set(seeded["unit_a"])
    for url in (f"/api/forms/{other}", f"/api/forms/{other}/versions", f"/forms/{other}",
                f"/forms/{other}/export.xlsx", f"/forms/{other}/export.pdf",
                f"/forms/{other}/page.png?path=project_name", f"/forms/{other}/source?path=project_name",
                f"/forms/{other}/latest"):
        theirs = a.get(url, follow_redirects=False)
        missing = a.get(url.replace(str(other), str(MISSING)), follow_redirects=False)
        assert theirs.status_code == 404, url
        assert theirs.json() == missing.json(), url  # nothing tells them apart
    assert "密云" not in a.get("/forms", headers={"Accept": "text/html"}).text


def test_a_unit_never_changes_another_units_forms(client_as: object, app: FastAPI,
                                                  seeded: dict[str, list[int]]) -> None:
    a = client_as("unit_a")  # type: ignore[operator]
    other = seeded["unit_b"][0]
    before = _count_forms(app)
    correct = a.api("POST", f"/forms/{other}/correct",
                    data={"path": "project_name", "value": "被篡改"})
    assert correct.status_code == 404
    comment = a.api("POST", f"/forms/{other}/comments", data={"text": "看得到吗"})
    assert comment.status_code == 404
    review = a.api("POST", f"/forms/{other}/review",
                   data={"key": "x", "code": "S001", "decision": "dismiss", "reason": "x"})
    assert review.status_code == 404
    assert _count_forms(app) == before  # nothing was stored
    b = client_as("unit_b")  # type: ignore[operator]
    assert b.get(f"/api/forms/{other}").json()["project_name"] != "被篡改"


def test_reviewer_sees_only_assigned_departments(client_as: object, seeded: dict[str, list[int]]) -> None:
    r = client_as("reviewer")  # type: ignore[operator]
    listed = {f["id"] for f in r.get("/api/forms?per_page=200").json()["forms"]}
    assert listed == set(seeded["unit_a"])  # 丰台 (149001), not 密云
    assert r.get(f"/api/forms/{seeded['unit_a'][0]}").status_code == 200
    assert r.get(f"/api/forms/{seeded['unit_b'][0]}").status_code == 404
    nobody = client_as("reviewer_none")  # type: ignore[operator]
    assert nobody.get(f"/api/forms/{seeded['unit_a'][0]}").status_code == 404


def test_admin_sees_everything(client_as: object, seeded: dict[str, list[int]]) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    for fid in (seeded["unit_a"][0], seeded["unit_b"][0]):
        assert admin.get(f"/api/forms/{fid}").status_code == 200


def test_anonymous_gets_401_everywhere_in_the_api(client: WebClient, seeded: dict[str, list[int]]) -> None:
    fid = seeded["unit_a"][0]
    for url in ("/api/forms", f"/api/forms/{fid}", f"/api/forms/{fid}/versions", "/api/me"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert "登录" in response.json()["detail"]
    page = client.get(f"/forms/{fid}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/login?next=/forms/{fid}"


def test_unsafe_requests_need_the_csrf_token(client_as: object, app: FastAPI,
                                             seeded: dict[str, list[int]]) -> None:
    a = client_as("unit_a")  # type: ignore[operator]
    fid = seeded["unit_a"][0]
    before = _count_forms(app)
    no_token = a.post(f"/forms/{fid}/correct", data={"path": "project_name", "value": "x"})
    assert no_token.status_code == 403 and "CSRF" in no_token.json()["detail"]
    wrong = a.post(f"/forms/{fid}/correct", data={"path": "project_name", "value": "x",
                                                  "csrf_token": "forged"})
    assert wrong.status_code == 403
    other_session = client_as("unit_b")  # type: ignore[operator]
    stolen = a.post(f"/forms/{fid}/correct", data={"path": "project_name", "value": "x"},
                    headers={"X-CSRF-Token": other_session.csrf})
    assert stolen.status_code == 403  # a token is bound to its own session
    assert a.post("/logout").status_code == 403
    assert _count_forms(app) == before
    assert a.get("/api/me").status_code == 200  # still signed in: the forged logout did nothing


def test_login_needs_the_pre_session_token(client: WebClient) -> None:
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/api/me").status_code == 401


def test_login_throttling(app: FastAPI) -> None:
    with WebClient(app) as c:
        for _ in range(4):
            assert c.login("unit_a", "wrong-password-x").status_code == 401
        fifth = c.login("unit_a", "wrong-password-x")  # the fifth failure says so at once
        assert fifth.status_code == 429 and "15 分钟" in fifth.text
        locked = c.login("unit_a")  # even the right password, while locked
        assert locked.status_code == 429
        assert "锁定" in locked.text and "分钟" in locked.text
        api = c.post("/api/login", json={"username": "unit_a", "password": PASSWORD},
                     headers={"X-CSRF-Token": c.get("/api/csrf").json()["csrf_token"]})
        assert api.status_code == 429 and "锁定" in api.json()["detail"]
        assert c.login("unit_b").status_code == 303  # other accounts are not affected


def test_a_success_resets_the_failure_count(app: FastAPI) -> None:
    with WebClient(app) as c:
        for _ in range(4):
            c.login("unit_a", "wrong-password-x")
        assert c.login("unit_a").status_code == 303
        c.form_post("/logout")
        for _ in range(4):
            c.login("unit_a", "wrong-password-x")
        assert c.login("unit_a").status_code == 303


def test_security_headers(client_as: object) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    response = c.get("/forms", headers={"Accept": "text/html"})
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_static_assets_are_local(client: WebClient) -> None:
    page = client.get("/login").text
    assert "http://" not in page.replace('http://www.w3.org', '') and "https://" not in page
    for url in ("/static/vendor/htmx.min.js", "/static/vendor/echarts.min.js", "/static/app.css",
                "/static/app.js", "/static/upload.js"):
        assert client.get(url).status_code == 200, url


def test_openapi_description_without_cdn_pages(client: WebClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/forms" in spec["paths"] and "/api/upload" in spec["paths"]
    assert client.get("/api/docs").status_code == 404  # Swagger UI would load a CDN


def test_one_address_trying_many_names_is_locked(app: FastAPI) -> None:
    with WebClient(app) as c:
        for i in range(49):  # 4 wrong passwords for each of many names: no name reaches 5
            assert c.login(f"name{i // 4}", "wrong-password-x").status_code == 401
        assert c.login("name99", "wrong-password-x").status_code == 429
        locked = c.login("unit_b")  # from this address even a correct sign-in waits
        assert locked.status_code == 429 and "此地址" in locked.text
