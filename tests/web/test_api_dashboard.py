"""The dashboard: the report's charts and figures over exactly the forms the user may see."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from tests.web.conftest import SEED_MIYUN


def test_each_user_counts_only_visible_forms(client_as: object, seeded: dict[str, list[int]]) -> None:
    expected = {"unit_a": 4, "unit_b": 12, "reviewer": 4, "admin": 16, "reviewer_none": 0}
    for name, n in expected.items():
        c = client_as(name)  # type: ignore[operator]
        report = c.get("/api/dashboard").json()["report"]
        assert report["overview"]["forms"] == n, name
        review_ids = {r["form_id"] for r in report["review"]}
        listed = {f["id"] for f in c.get("/api/forms?per_page=200").json()["forms"]}
        assert review_ids <= listed, name  # nothing outside the user's own list


def test_the_page_draws_the_charts(client_as: object, seeded: dict[str, list[int]]) -> None:
    c = client_as("unit_b")  # type: ignore[operator]
    page = c.get("/dashboard", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert 'data-testid="kpi-forms">12<' in page.text
    assert "/static/vendor/echarts.min.js" in page.text and "cdn" not in page.text.lower()
    data = re.search(r'<script type="application/json" id="dashboard-data">(.*?)</script>',
                     page.text, re.S)
    assert data
    options = json.loads(data.group(1))
    assert {"scatter", "codes", "grades"} <= set(options)
    for name in options:
        assert f'data-chart="{name}"' in page.text


def test_filters_narrow_the_numbers(client_as: object, seeded: dict[str, list[int]]) -> None:
    admin = client_as("admin")  # type: ignore[operator]
    assert admin.get("/api/dashboard?year=2023").json()["report"]["overview"]["forms"] == 4
    assert admin.get("/api/dashboard?department=密云").json()["report"]["overview"]["forms"] == 12
    page = admin.get("/dashboard?year=2024", headers={"Accept": "text/html"}).text
    assert 'data-testid="kpi-forms">12<' in page
    assert admin.get("/dashboard?year=abc", headers={"Accept": "text/html"}).status_code == 200


def test_a_form_stored_by_two_units_counts_for_each(client_as: object, app: FastAPI) -> None:
    a = client_as("unit_a")  # type: ignore[operator]
    b = client_as("unit_b")  # type: ignore[operator]
    for c in (a, b):
        c.api("POST", "/api/upload", files=[("files", ("x.txt", SEED_MIYUN.read_bytes()))])
    assert a.get("/api/dashboard").json()["report"]["overview"]["forms"] == 12
    assert b.get("/api/dashboard").json()["report"]["overview"]["forms"] == 12


def test_empty_dashboard_says_what_to_do(client_as: object) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    page = c.get("/dashboard", headers={"Accept": "text/html"}).text
    assert 'data-testid="dashboard-empty"' in page and "上传文件" in page
    assert "echarts.min.js" not in page
