"""The new-form page: live scoring as the unit types, drafts, submission."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jixiao.model import Form
from jixiao.scoring import score_form
from jixiao.store.models import FormRow
from jixiao.store.models_web import DraftRow

COMPLETE: dict[str, str] = {
    "year": "2024", "project_name": "社区健康讲座", "project_code": "P-001",
    "department": "北京市丰台区卫生健康委员会", "department_code": "149001",
    "implementer": "北京市丰台区社区卫生服务管理中心", "implementer_code": "149020",
    "funds.unit": "万元", "funds.total.initial": "100", "funds.total.adjusted": "100",
    "funds.total.executed": "90", "funds.weight": "10", "funds.score": "9",
    "goal_expected": "举办讲座20场", "goal_actual": "举办讲座16场",
    "indicators.0.level1": "产出指标", "indicators.0.level2": "数量指标",
    "indicators.0.level3": "讲座场次", "indicators.0.target": "≥20场",
    "indicators.0.actual": "16场", "indicators.0.weight": "50", "indicators.0.score": "40",
    "indicators.0.deviation": "场地原因减少4场",
    "indicators.2.level1": "满意度指标", "indicators.2.level2": "服务对象满意度指标",
    "indicators.2.level3": "居民满意度", "indicators.2.target": "≥90%",
    "indicators.2.actual": "95%", "indicators.2.weight": "40", "indicators.2.score": "40",
    "total_weight": "100", "total_score": "89",
}  # fmt: skip


def _forms(app: FastAPI) -> int:
    with Session(app.state.engine) as db:
        return int(db.scalar(select(func.count()).select_from(FormRow)) or 0)


def test_the_page_starts_with_the_units_own_name(client_as) -> None:
    page = client_as("unit_a").get("/new")
    assert page.status_code == 200
    assert 'value="北京市丰台区社区卫生服务管理中心"' in page.text
    assert 'data-testid="new-indicators.0.target"' in page.text
    assert 'data-testid="live-panel"' in page.text


def test_only_units_fill_forms(client_as) -> None:
    assert client_as("reviewer").get("/new").status_code == 403
    assert client_as("admin").get("/new").status_code == 403


def test_live_preview_reads_targets_and_says_what_each_row_earns(client_as) -> None:
    unit = client_as("unit_a")
    data = {**COMPLETE, "indicators.2.weight": "四十"}
    response = unit.post("/new/preview", data=data,
                         headers={"HX-Request": "true", "X-CSRF-Token": unit.csrf})  # fmt: skip
    assert response.status_code == 200
    html = response.text
    row0 = re.search(r'id="live-row-0"[^>]*hx-swap-oob="true">(.*?)</div>\s*</div>', html, re.S)
    assert row0 is not None
    assert "数值 ≥20场" in row0.group(1) and "数值 16场" in row0.group(1)
    assert 'data-testid="live-earn">40<' in row0.group(1)  # 50 × 16/20
    assert re.search(r'id="err-indicators-2-weight"[^>]*>分值应为数字（填的是“四十”）<', html)
    assert re.search(r'id="err-project_name"[^>]*hx-swap-oob="true"></span>', html)  # cleared
    assert 'data-testid="live-funds-rate">90%<' in html


def test_an_incomplete_form_is_not_stored_and_says_why(app, client_as) -> None:
    unit = client_as("unit_a")
    data = {k: v for k, v in COMPLETE.items() if k != "goal_actual"}
    response = unit.form_post("/new/submit", data)
    assert response.status_code == 422
    assert "还不能提交" in response.text and "实际完成情况" in response.text
    assert 'value="社区健康讲座"' in response.text  # nothing typed is lost
    assert _forms(app) == 0


def test_submit_stores_the_units_form_scored_and_audited(app, client_as) -> None:
    unit = client_as("unit_a")
    response = unit.form_post("/new/submit", COMPLETE, follow_redirects=False)
    assert response.status_code == 303
    form_id = int(response.headers["location"].rsplit("/", 1)[1])
    with Session(app.state.engine) as db:
        row = db.get(FormRow, form_id)
        assert row is not None
        form = Form.model_validate(row.data)
        assert (row.unit_code, row.version, row.project_name) == ("149020", 1, "社区健康讲座")
        assert row.recomputed_total == pytest.approx(score_form(form).recomputed_total)
        assert row.recomputed_total == pytest.approx(9 + 40 + 40)
        draft = db.scalars(select(DraftRow)).one()
        assert draft.status == "submitted" and draft.submitted_form_id == form_id
    assert [i.level3 for i in form.indicators] == ["讲座场次", "居民满意度"]
    assert unit.get(f"/forms/{form_id}").status_code == 200
    assert client_as("unit_b").get(f"/forms/{form_id}").status_code == 404
    assert client_as("reviewer").get(f"/forms/{form_id}").status_code == 200  # department 149001
    again = unit.form_post("/new/submit", {**COMPLETE, "total_score": "90"}, follow_redirects=False)
    with Session(app.state.engine) as db:
        second = db.get(FormRow, int(again.headers["location"].rsplit("/", 1)[1]))
        assert second is not None and (second.version, second.supersedes_id) == (2, form_id)


def test_drafts_are_saved_reopened_and_private_to_the_unit(app, client_as) -> None:
    unit = client_as("unit_a")
    data: dict[str, Any] = {"project_name": "半截表", "indicators.0.level3": "讲座场次",
                            "indicators.0.weight": "abc"}  # fmt: skip
    saved = unit.form_post("/new/save", data, follow_redirects=False)
    assert saved.status_code == 303
    draft_id = int(re.search(r"draft=(\d+)", saved.headers["location"]).group(1))  # type: ignore[union-attr]
    page = unit.get(f"/new?draft={draft_id}&saved=1").text
    assert "草稿已保存" in page and 'value="半截表"' in page and 'value="abc"' in page
    assert "分值应为数字" in page  # the unreadable value is kept and flagged, not dropped
    resaved = unit.form_post("/new/save", {**data, "draft_id": str(draft_id), "project_name": "整表"},
                             follow_redirects=False)  # fmt: skip
    assert resaved.headers["location"].startswith(f"/new?draft={draft_id}")
    assert _forms(app) == 0
    other = client_as("unit_b")
    assert other.get(f"/new?draft={draft_id}").status_code == 404
    assert other.form_post("/new/save", {**data, "draft_id": str(draft_id)}).status_code == 404
    with Session(app.state.engine) as db:
        assert db.get(DraftRow, draft_id).data["project_name"] == "整表"  # type: ignore[union-attr]


def test_added_rows_and_escaping(app, client_as) -> None:
    unit = client_as("unit_a")
    row = unit.get("/new/row?i=7", headers={"HX-Request": "true"})
    assert 'data-testid="new-indicators.7.level3"' in row.text
    assert 'id="next-row" name="i" value="8" hx-swap-oob="true"' in row.text
    assert unit.get("/new/row?i=100000").status_code == 422
    hostile = {**COMPLETE, "project_name": '<script>alert(1)</script>"x'}
    done = unit.form_post("/new/submit", hostile, follow_redirects=False)
    page = unit.get(done.headers["location"]).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_next_years_form_starts_from_a_stored_one(app, client_as, seeded) -> None:
    unit = client_as("unit_a")
    form_id = seeded["unit_a"][0]  # 2023年基层党组织党建活动经费: 参与党员人数 21 / 21
    page = unit.get(f"/new?from={form_id}")
    assert page.status_code == 200
    html = page.text
    assert 'name="year" value="2024"' in html
    assert 'name="project_name" value="2023年基层党组织党建活动经费"' in html
    assert re.search(r'name="indicators.0.target"[^>]*>21</textarea>', html)
    assert re.search(r'name="indicators.0.actual"[^>]*></textarea>', html)  # this year's to write
    assert 'name="indicators.0.score" value=""' in html
    assert 'name="funds.total.adjusted" value="0.216"' in html
    assert 'name="funds.total.executed" value=""' in html
    assert "以此表为模板" in unit.get(f"/forms/{form_id}").text
    assert unit.get(f"/new?from={seeded['unit_b'][0]}").status_code == 404


def test_drafts_can_be_deleted_by_their_unit_only(app, client_as) -> None:
    unit = client_as("unit_a")
    saved = unit.form_post("/new/save", {"project_name": "不要了"}, follow_redirects=False)
    draft_id = int(re.search(r"draft=(\d+)", saved.headers["location"]).group(1))  # type: ignore[union-attr]
    assert client_as("unit_b").form_post(f"/new/drafts/{draft_id}/delete", {}).status_code == 404
    gone = unit.form_post(f"/new/drafts/{draft_id}/delete", {}, follow_redirects=False)
    assert gone.status_code == 303
    with Session(app.state.engine) as db:
        assert db.get(DraftRow, draft_id) is None
    done = unit.form_post("/new/submit", COMPLETE, follow_redirects=False)
    assert done.status_code == 303
    with Session(app.state.engine) as db:
        submitted = db.scalars(select(DraftRow)).one()
    assert unit.form_post(f"/new/drafts/{submitted.id}/delete", {}).status_code == 409
