"""Corrections, conflicts, decisions and submissions on both store backends (PostgreSQL when
``JIXIAO_TEST_PG_URL`` is set): versions chain with ``IS NOT DISTINCT FROM`` and writers take
turns, which SQLite and PostgreSQL do differently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.store_helpers import BACKENDS, store_url
from tests.web.conftest import SEED_FENGTAI, WebClient, seed_users, store_file

from jixiao.store.models import FormRow
from jixiao.web.app import create_app


@pytest.fixture(params=BACKENDS)
def backend_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    for url in store_url(request.param, tmp_path):
        app = create_app(url)
        app.state.user_ids = seed_users(app)
        try:
            yield app
        finally:
            app.state.engine.dispose()


def _client(app: FastAPI, user: str) -> WebClient:
    client = WebClient(app)
    assert client.login(user).status_code == 303
    return client


def test_versions_conflicts_and_submissions(backend_app: FastAPI) -> None:
    app = backend_app
    base_id = store_file(app, SEED_FENGTAI, "149020", app.state.user_ids["unit_a"])[0]
    unit, reviewer = _client(app, "unit_a"), _client(app, "reviewer")
    first = unit.api("POST", f"/forms/{base_id}/correct",
                     data={"path": "indicators[0].actual", "value": "14"},
                     headers={"Accept": "application/json"})  # fmt: skip
    assert first.status_code == 200, first.text
    assert first.json()["recomputed_total"] == pytest.approx(90.0)
    late = reviewer.api("POST", f"/forms/{base_id}/correct",
                        data={"path": "manager", "value": "王五"})  # fmt: skip
    assert late.status_code == 409 and "丰台社区中心" in late.json()["detail"]
    new_id = first.json()["form_id"]
    page = reviewer.get(f"/forms/{new_id}")
    assert page.status_code == 200 and 'data-testid="version-2"' in page.text
    posted = unit.form_post("/new/submit", {
        "year": "2024", "project_name": "后端测试", "department": "北京市丰台区卫生健康委员会",
        "department_code": "149001", "implementer": "社区中心", "funds.unit": "万元",
        "funds.total.adjusted": "10", "funds.total.executed": "10", "funds.weight": "10",
        "funds.score": "10", "goal_expected": "甲", "goal_actual": "乙",
        "indicators.0.level1": "产出指标", "indicators.0.level2": "数量指标",
        "indicators.0.level3": "人数", "indicators.0.target": "10人", "indicators.0.actual": "10人",
        "indicators.0.weight": "90", "indicators.0.score": "90",
        "total_weight": "100", "total_score": "100",
    }, follow_redirects=False)  # fmt: skip
    assert posted.status_code == 303, posted.text
    with Session(app.state.engine) as db:
        assert db.scalar(select(func.count()).select_from(FormRow)
                         .where(FormRow.project_name == "后端测试", FormRow.unit_code == "149020")) == 1  # fmt: skip
    unit.close()
    reviewer.close()
