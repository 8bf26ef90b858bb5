"""Corrections in place: each save a new version, re-scored and re-audited; conflicts refused."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jixiao.model import Form
from jixiao.store.models import FormRow
from jixiao.store.models_web import AuditLogRow, CorrectionRow


def _row(app: FastAPI, form_id: int) -> FormRow:
    with Session(app.state.engine) as db:
        row = db.get(FormRow, form_id)
        assert row is not None
        return row


def _versions(app: FastAPI, row: FormRow) -> int:
    with Session(app.state.engine) as db:
        return int(db.scalar(select(func.count()).select_from(FormRow)
                             .where(FormRow.identity == row.identity)) or 0)  # fmt: skip


def _new_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_a_correction_is_a_new_version_rescored_and_reaudited(app, client_as, seeded) -> None:
    base_id = seeded["unit_a"][0]
    base = _row(app, base_id)
    assert base.recomputed_total == pytest.approx(95.0)
    unit = client_as("unit_a")
    # 参与党员人数: target 21, actual 21, weight 15; actual 14 earns 15 × 14/21 = 10
    new_id = _new_id(unit.form_post(f"/forms/{base_id}/correct",
                                    {"path": "indicators[0].actual", "value": "14"},
                                    follow_redirects=False))  # fmt: skip
    new = _row(app, new_id)
    assert (new.version, new.supersedes_id, new.identity) == (base.version + 1, base_id, base.identity)
    assert new.unit_code == base.unit_code == "149020"
    assert new.recomputed_total == pytest.approx(90.0)
    assert new.n_errors + new.n_warnings > base.n_errors + base.n_warnings  # printed 15 is now inflated
    assert Form.model_validate(new.data).indicators[0].actual == "14"
    assert Form.model_validate(_row(app, base_id).data).indicators[0].actual == "21"  # untouched
    with Session(app.state.engine) as db:
        fix = db.scalars(select(CorrectionRow).where(CorrectionRow.form_id == new_id)).one()
        assert (fix.base_form_id, fix.path, fix.old, fix.new) == (base_id, "indicators[0].actual", "21", "14")
        assert fix.user_id == app.state.user_ids["unit_a"]
        audit = db.scalars(select(AuditLogRow).where(AuditLogRow.action == "form.correct")).one()
        assert audit.detail["old"] == "21" and audit.target_id == str(new_id)
    page = unit.get(f"/forms/{new_id}").text
    assert 'data-testid="version-2"' in page and "“<del>21</del>” → “<ins>14</ins>”" in page
    assert re.search(r'data-testid="score-recomputed">90<', page)
    assert 'data-testid="corrected-indicators[0].actual"' in page


def test_htmx_save_returns_the_rescored_body(app, client_as, seeded) -> None:
    base_id = seeded["unit_a"][0]
    unit = client_as("unit_a")
    response = unit.post(f"/forms/{base_id}/correct",
                         data={"path": "indicators[0].actual", "value": "14"},
                         headers={"HX-Request": "true", "X-CSRF-Token": unit.csrf})  # fmt: skip
    assert response.status_code == 200
    assert re.search(r'data-testid="score-recomputed">90<', response.text)
    assert response.headers["HX-Push-Url"].startswith("/forms/")
    assert "已保存第 2 版" in response.text
    assert "<html" not in response.text  # a fragment, not a page


def test_json_clients_get_the_new_score(app, client_as, seeded) -> None:
    unit = client_as("unit_a")
    response = unit.api("POST", f"/forms/{seeded['unit_a'][0]}/correct",
                        data={"path": "funds.total.executed", "value": "0.108"},
                        headers={"Accept": "application/json"})  # fmt: skip
    assert response.status_code == 200
    body = response.json()
    assert body["old"] == "0.216" and body["new"] == "0.108"
    assert body["recomputed_total"] == pytest.approx(90.0)  # 执行率 50%: 10 × 0.5 = 5 points fewer


def test_two_reviewers_editing_the_same_form_second_is_told(app, client_as, seeded) -> None:
    base_id = seeded["unit_a"][0]
    base = _row(app, base_id)
    first, second = client_as("reviewer"), client_as("admin")
    _new_id(first.form_post(f"/forms/{base_id}/correct",
                            {"path": "indicators[1].actual", "value": "11月完成"},
                            follow_redirects=False))  # fmt: skip
    late = second.form_post(f"/forms/{base_id}/correct",
                            {"path": "indicators[1].actual", "value": "未完成"},
                            headers={"Accept": "text/html"})  # fmt: skip
    assert late.status_code == 409
    assert "丰台审核人" in late.text and "按计划完成" in late.text and "11月完成" in late.text
    assert "未保存" in late.text
    assert _versions(app, base) == 2  # the second save was not stored
    as_json = second.api("POST", f"/forms/{base_id}/correct",
                         data={"path": "indicators[1].actual", "value": "未完成"})  # fmt: skip
    assert as_json.status_code == 409 and as_json.json()["newer"] != base_id
    htmx = second.post(f"/forms/{base_id}/correct",
                       data={"path": "indicators[1].actual", "value": "未完成"},
                       headers={"HX-Request": "true", "X-CSRF-Token": second.csrf})  # fmt: skip
    assert htmx.status_code == 409 and htmx.headers["HX-Retarget"] == "#form-alert"
    assert 'data-testid="conflict"' in htmx.text
    assert _versions(app, base) == 2


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [("indicators[0].weight", "十五", "应为数字"), ("year", "23", "年度"),
     ("indicators[0].actual", "21", "没有变化"), ("indicators[99].actual", "1", "没有第 100 行"),
     ("no_such_field", "1", "没有字段")],
)  # fmt: skip
def test_unreadable_corrections_are_refused_with_a_reason(app, client_as, seeded, path, value,
                                                          message) -> None:  # fmt: skip
    base_id = seeded["unit_a"][0]
    unit = client_as("unit_a")
    response = unit.api("POST", f"/forms/{base_id}/correct", data={"path": path, "value": value})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert _versions(app, _row(app, base_id)) == 1


def test_an_old_version_is_read_only(app, client_as, seeded) -> None:
    base_id = seeded["unit_a"][0]
    unit = client_as("unit_a")
    new_id = _new_id(unit.form_post(f"/forms/{base_id}/correct",
                                    {"path": "manager", "value": "李四"}, follow_redirects=False))  # fmt: skip
    old_page = unit.get(f"/forms/{base_id}").text
    assert 'data-testid="newer-version"' in old_page
    assert 'data-testid="correct-input-manager"' not in old_page
    assert f'href="/forms/{new_id}"' in old_page
    assert unit.get(f"/forms/{base_id}/latest", follow_redirects=False).headers["location"] == f"/forms/{new_id}"


def test_what_a_correction_would_do_is_shown_before_saving(app, client_as, seeded) -> None:
    base_id = seeded["unit_a"][0]
    unit = client_as("unit_a")
    headers = {"HX-Request": "true", "X-CSRF-Token": unit.csrf}
    url = f"/forms/{base_id}/correct/preview"
    shown = unit.post(url, data={"path": "indicators[0].actual", "value": "14"}, headers=headers)
    assert shown.status_code == 200
    assert "复核总分 95 → <b>90</b>" in shown.text
    bad = unit.post(url, data={"path": "indicators[0].weight", "value": "十五"}, headers=headers)
    assert 'data-testid="whatif-error"' in bad.text and "应为数字" in bad.text
    assert _versions(app, _row(app, base_id)) == 1  # nothing stored
    assert client_as("unit_b").post(url, data={"path": "year", "value": "2020"},
                                    headers={"X-CSRF-Token": ""}).status_code in (403, 404)  # fmt: skip
