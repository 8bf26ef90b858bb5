"""The form list (/forms): only what the user may see, latest versions, filters, search, sort,
pages, and texts escaped."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from tests.web.conftest import SEED_FENGTAI, store_file

HOSTILE = '<script>alert(1)</script>"onmouseover=alert(2) x'


def _hostile_seed(tmp_path: Path) -> Path:
    text = SEED_FENGTAI.read_text(encoding="utf-8").replace("2023 年系统运维费", HOSTILE)
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_role_sees_its_forms(client_as: object, seeded: dict[str, list[int]]) -> None:
    expected = {"unit_a": 4, "unit_b": 12, "reviewer": 4, "reviewer_none": 0, "admin": 16}
    for name, n in expected.items():
        c = client_as(name)  # type: ignore[operator]
        assert c.get("/api/forms").json()["total"] == n, name
        page = c.get("/forms", headers={"Accept": "text/html"})
        assert page.text.count('data-testid="form-row"') == n, name
        assert f"共 {n} 张" in page.text


def test_columns_scores_grade_and_counts(client_as: object, seeded: dict[str, list[int]]) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    forms = c.get("/api/forms?sort=project&dir=asc").json()["forms"]
    first = forms[0]
    assert first["project_name"] == "2023年医养结合上门服务"
    assert first["self_total"] == 95.0 and first["recomputed_total"] is not None
    assert set(first["findings"]) == {"error", "warning", "info"}
    page = c.get("/forms?sort=project&dir=asc", headers={"Accept": "text/html"}).text
    for header in ("自评分", "复核分", "复核等级", "错误", "警告", "提示"):
        assert header in page
    assert f'href="/forms/{first["id"]}"' in page


def test_filters_search_sort_and_pages(client_as: object, seeded: dict[str, list[int]]) -> None:
    c = client_as("admin")  # type: ignore[operator]
    assert c.get("/api/forms?year=2023").json()["total"] == 4
    assert c.get("/api/forms?year=2024").json()["total"] == 12
    assert c.get("/api/forms?department=北京市丰台区卫生健康委员会").json()["total"] == 4
    assert c.get("/api/forms?department=149001").json()["total"] == 4  # by code too
    assert c.get("/api/forms?q=运维").json()["total"] == 1
    assert c.get("/api/forms?q=11010623T000001998836").json()["total"] == 1  # project code
    assert c.get("/api/forms?q=100%25").json()["total"] == 0  # % is a character, not a wildcard
    grades = {f["recomputed_grade"] for f in c.get("/api/forms?per_page=100").json()["forms"]}
    grade = sorted(g for g in grades if g)[0]
    graded = c.get(f"/api/forms?grade={grade}&per_page=100").json()["forms"]
    assert graded and all(f["recomputed_grade"] == grade for f in graded)
    scores = [f["self_total"] for f in c.get("/api/forms?sort=self&dir=asc&per_page=100").json()["forms"]]
    assert scores == sorted(scores)
    down = [f["self_total"] for f in c.get("/api/forms?sort=self&dir=desc&per_page=100").json()["forms"]]
    assert down == sorted(down, reverse=True)
    p1 = c.get("/api/forms?per_page=20&page=1&sort=id").json()
    assert len(p1["forms"]) == 16 and p1["total"] == 16
    # unknown sort keys and page sizes fall back instead of failing
    assert c.get("/api/forms?sort=drop table&per_page=7").json()["per_page"] == 50
    assert c.get("/api/forms?year=abc").status_code == 422
    assert c.get("/api/forms?year=").json()["total"] == 16  # an empty select means "all"
    page = c.get("/forms?year=2023&sort=self", headers={"Accept": "text/html"}).text
    assert page.count('data-testid="form-row"') == 4 and 'aria-sort="descending"' in page


def test_pages(client_as: object, app: FastAPI, seeded: dict[str, list[int]]) -> None:
    c = client_as("admin")  # type: ignore[operator]
    a = c.get("/api/forms?per_page=20&page=1&sort=id&dir=asc").json()["forms"]
    assert len(a) == 16
    html = c.get("/forms?per_page=20", headers={"Accept": "text/html"}).text
    assert "第 1 / 1 页" in html
    # 16 forms in pages of 20 fit one page; ask page 2: empty but no error
    assert c.get("/api/forms?per_page=20&page=2").json()["forms"] == []


def test_only_the_latest_version_is_listed(client_as: object, app: FastAPI, tmp_path: Path) -> None:
    uid = app.state.user_ids["unit_a"]
    store_file(app, SEED_FENGTAI, "149020", uid)
    c = client_as("unit_a")  # type: ignore[operator]
    assert c.get("/api/forms").json()["total"] == 4
    # the same file with one form's name corrected (same project code): a new version of it
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(SEED_FENGTAI.read_text(encoding="utf-8")
                         .replace("2023 年系统运维费", "2023 年系统运维费（更正）"), encoding="utf-8")
    store_file(app, corrected, "149020", uid)
    forms = c.get("/api/forms?per_page=100").json()["forms"]
    assert len(forms) == 4
    assert sorted(f["version"] for f in forms) == [1, 1, 1, 2]
    v2 = next(f for f in forms if f["version"] == 2)
    assert v2["project_name"] == "2023年系统运维费（更正）"
    versions = c.get(f"/api/forms/{v2['id']}/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert "第2版" in c.get("/forms", headers={"Accept": "text/html"}).text


def test_texts_are_escaped_in_the_list(client_as: object, app: FastAPI, tmp_path: Path) -> None:
    store_file(app, _hostile_seed(tmp_path), "149020", app.state.user_ids["unit_a"])
    c = client_as("unit_a")  # type: ignore[operator]
    page = c.get("/forms", headers={"Accept": "text/html"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;onmouseover=alert(2)" in page
    assert '"onmouseover=alert(2)' not in page  # never closes an attribute
    found = c.get("/api/forms?q=<script>").json()["forms"]
    assert found and found[0]["project_name"] == HOSTILE  # the data itself is kept as read
    search = c.get("/forms", params={"q": '"><script>alert(3)</script>'},
                   headers={"Accept": "text/html"}).text
    assert "<script>alert(3)" not in search


def test_empty_list_explains_what_to_do(client_as: object) -> None:
    unit = client_as("unit_a")  # type: ignore[operator]
    page = unit.get("/forms", headers={"Accept": "text/html"}).text
    assert 'data-testid="forms-empty"' in page and "上传文件" in page
    reviewer = client_as("reviewer_none")  # type: ignore[operator]
    assert "联系管理员" in reviewer.get("/forms", headers={"Accept": "text/html"}).text


def test_export_the_filtered_list_as_csv(client_as: object, app: FastAPI, tmp_path: Path,
                                         seeded: dict[str, list[int]]) -> None:
    import csv
    import io

    text = SEED_FENGTAI.read_text(encoding="utf-8").replace("2023 年系统运维费", "=HYPERLINK(1)")
    evil = tmp_path / "formula.txt"
    evil.write_text(text, encoding="utf-8")
    store_file(app, evil, "149020", app.state.user_ids["unit_a"])
    c = client_as("unit_a")  # type: ignore[operator]
    response = c.get("/forms.csv?sort=project&dir=asc")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["编号", "年度", "主管部门", "部门代码", "项目名称"]
    names = [r[4] for r in rows[1:]]
    assert len(names) == 4 and "'=HYPERLINK(1)" in names  # the new version; never run as a formula
    assert "基层医疗" not in response.content.decode("utf-8-sig")  # unit_b's forms are not there
    only = c.get("/forms.csv?q=医养")
    assert len(list(csv.reader(io.StringIO(only.content.decode("utf-8-sig"))))) == 2
    page = c.get("/forms?q=医养", headers={"Accept": "text/html"}).text
    assert 'href="/forms.csv?q=' in page
    assert client_as("reviewer_none").get("/forms.csv").content.decode("utf-8-sig").count("\n") == 1  # type: ignore[operator]
