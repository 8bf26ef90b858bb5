"""Reviewers' decisions on findings and their comments."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.model import Form
from jixiao.store.models import FormRow
from jixiao.store.models_web import AuditLogRow, FindingReviewRow
from jixiao.web.formview import finding_key
from jixiao.web.versions import evaluate


def _a_finding(app: FastAPI, form_id: int) -> tuple[str, str]:
    with Session(app.state.engine) as db:
        row = db.get(FormRow, form_id)
        assert row is not None
        findings = evaluate(db, Form.model_validate(row.data))[1]
    found = next(f for f in findings if f.code == "A002")  # 满意度 80% vs 基本满意
    return finding_key(found.code, found.field), found.code


def test_dismiss_needs_a_reason_and_is_shown_with_it(app, client_as, seeded) -> None:
    form_id = seeded["unit_a"][0]
    key, code = _a_finding(app, form_id)
    reviewer = client_as("reviewer")
    url = f"/forms/{form_id}/review"
    refused = reviewer.api("POST", url, data={"key": key, "code": code, "decision": "dismiss"})
    assert refused.status_code == 422 and "理由" in refused.json()["detail"]
    done = reviewer.form_post(url, {"key": key, "code": code, "decision": "dismiss",
                                    "reason": "已电话核实满意度调查"}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    page = reviewer.get(f"/forms/{form_id}").text
    assert "已驳回：已电话核实满意度调查" in page
    assert "待处理 5" in page  # 6 findings, one decided
    with Session(app.state.engine) as db:
        assert db.scalars(select(AuditLogRow).where(AuditLogRow.action == "finding.dismiss")).one()
    # the unit sees the decision, cannot make one
    unit = client_as("unit_a")
    assert "已驳回：已电话核实满意度调查" in unit.get(f"/forms/{form_id}").text
    assert unit.api("POST", url, data={"key": key, "code": code, "decision": "accept"}).status_code == 403


def test_a_decision_survives_a_correction_of_another_value(app, client_as, seeded) -> None:
    form_id = seeded["unit_a"][0]
    key, code = _a_finding(app, form_id)
    reviewer = client_as("reviewer")
    reviewer.form_post(f"/forms/{form_id}/review", {"key": key, "code": code, "decision": "accept",
                                                    "reason": "请单位补充调查数据"})  # fmt: skip
    moved = reviewer.form_post(f"/forms/{form_id}/correct", {"path": "manager", "value": "王五"},
                               follow_redirects=False)  # fmt: skip
    new_id = int(moved.headers["location"].rsplit("/", 1)[1])
    assert "已采纳：请单位补充调查数据" in reviewer.get(f"/forms/{new_id}").text
    reviewer.form_post(f"/forms/{new_id}/review", {"key": key, "code": code, "decision": "reopen"})
    assert "已采纳" not in reviewer.get(f"/forms/{new_id}").text
    with Session(app.state.engine) as db:
        assert len(db.scalars(select(FindingReviewRow)).all()) == 2  # decisions are only added


def test_a_finding_that_no_longer_exists_is_refused(app, client_as, seeded) -> None:
    reviewer = client_as("reviewer")
    response = reviewer.api("POST", f"/forms/{seeded['unit_a'][0]}/review",
                            data={"key": "S999|nowhere", "code": "S999", "decision": "accept"})  # fmt: skip
    assert response.status_code == 422


def test_comments_by_reviewers_read_by_the_unit(app, client_as, seeded) -> None:
    form_id = seeded["unit_a"][0]
    reviewer = client_as("reviewer")
    assert reviewer.form_post(f"/forms/{form_id}/comments", {"text": "  "}).status_code == 422
    posted = reviewer.form_post(f"/forms/{form_id}/comments",
                                {"text": "请补充<b>培训</b>签到表"}, follow_redirects=False)  # fmt: skip
    assert posted.status_code == 303
    unit = client_as("unit_a")
    page = unit.get(f"/forms/{form_id}").text
    assert "请补充&lt;b&gt;培训&lt;/b&gt;签到表" in page and "丰台审核人" in page
    assert unit.form_post(f"/forms/{form_id}/comments", {"text": "好"}).status_code == 403
