"""The audit on the 16 real seed forms (hand-checked parses in tests/data/expected).

Each expectation below was checked by reading the form: the error-level findings of every form are
listed exactly (a consistent form has none), and the warnings a reviewer would certainly raise are
required.  Findings are named by rule code and 三级指标, not by row number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.checks import Finding, audit_form
from jixiao.model import Form, Severity
from jixiao.profile import choose_profile
from jixiao.scoring import score_form

EXPECTED = Path(__file__).parent / "data" / "expected"


def _forms() -> dict[str, Form]:
    forms: dict[str, Form] = {}
    for path in sorted(EXPECTED.glob("*.json")):
        for i, data in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            form = Form.model_validate(data)
            form.document, form.form_index = path.name, i
            assert form.project_name
            forms[form.project_name] = form
    return forms


FORMS = _forms() if EXPECTED.exists() else {}
pytestmark = pytest.mark.skipif(len(FORMS) < 16, reason="expected seed parses not present")

Key = tuple[str, str | None]

#: every error-level finding per form: (code, 三级指标 or None for form-level findings)
ERRORS: dict[str, set[Key]] = {
    "基层医疗卫生服务能力提升项目补助资金": set(),
    "计划生育避孕药具经费": set(),
    "计划生育家庭奖励及扶助": set(),
    "婴幼儿照护服务": {("T006", None)},
    "计划生育特殊家庭扶助保障": {
        ("A005", "为计划生育特殊家庭提供暖心服务包户数"),
        ("A005", "生日慰问失独家庭人数"),
        ("A006", "为计划生育特殊家庭提供暖心服务包费用"),
        ("A006", "失独家庭生日慰问费用"),
        ("A006", "计划生育特殊家庭临时救助费用"),
        ("F001", None),  # 年初: total 101.81 but 101.81 + 12 in the rows
        ("S006", "慰问及帮扶计划生育特殊家庭比例"),  # the lost score (97 − 92 = 5)
        ("T006", None),  # cost ceilings 182.3 vs budget 113.81
    },
    "卫生健康系统网络运行经费": {
        ("S005", "24家医疗卫生机构光纤租用费"), ("S005", "15家社区卫生服务站光纤租用费"),
        ("D001", "24家医疗卫生机构光纤租用费"), ("D001", "15家社区卫生服务站光纤租用费"),
    },
    "村镇一体化专网通信服务费（58个村）": set(),
    "密云区卫健委健康密云信息化平台建设项目": {("T007", "项目资金")},
    "爱国卫生工作经费": set(),
    "北京市密云区疾病预防控制中心专项审计": {("A001", "按时出具审计报告")},
    "村卫生室医务人员投保医疗责任保险": {("D001", "乡村医生数统计")},
    "卫生系统人才资格考试及能力提升等": set(),
    "2023年基层党组织党建活动经费": {("A002", "参与活动党员的满意度")},
    "2023年医养结合上门服务": {
        ("A002", "受益对象满意度"), ("D001", "项目控制成本"), ("T006", None),
    },
    "2023年社区卫生人员岗位培训补助经费": {
        ("A002", "培训（参会）人员对会议（培训）组织满意度"),
        ("S004", "培训（参会）人员对会议（培训）组织满意度"),
    },
    "2023年系统运维费": {("A002", "故障率"), ("A002", "系统故障修复响应时间")},
}

#: warnings and notes a reviewer would certainly raise (others may appear as well)
REQUIRED: dict[str, set[Key]] = {
    "计划生育特殊家庭扶助保障": {("T004", "为计划生育特殊家庭提供暖心服务包户数"),
                                ("D002", "人生杂志订阅费用"),
                                ("A008", "三节慰问计划生育特殊家庭户数")},
    "婴幼儿照护服务": {("F007", None), ("T005", "普惠托育租金补助及相关工作"),
                       ("T004", "托育机构托位数")},
    "密云区卫健委健康密云信息化平台建设项目": {("C001", None), ("D003", "年度项目完成时间")},
    "卫生系统人才资格考试及能力提升等": {("C001", None), ("T010", "培训人数")},
    "北京市密云区疾病预防控制中心专项审计": {("W003", None)},
    "村卫生室医务人员投保医疗责任保险": {("A004", "乡村医生参保率"),
                                        ("A004", "保险公司签订医责险的相关合同"),
                                        ("T009", "村卫生室医务人员满意度")},
    "2023年医养结合上门服务": {("F007", None), ("T005", "项目控制成本"),
                               ("S003", "项目控制成本")},
    "2023年基层党组织党建活动经费": {("A003", "项目完成期"), ("F010", None)},
    "2023年社区卫生人员岗位培训补助经费": {("S003", "培训参加人次"), ("A003", "继续医学教育培训进度")},
    "计划生育家庭奖励及扶助": {("S003", "农村部分计划生育家庭奖励扶助人数")},
}


def _audit(name: str) -> list[Finding]:
    form = FORMS[name]
    return audit_form(form, choose_profile(form))


def _keys(findings: list[Finding]) -> set[Key]:
    return {(f.code, f.indicator) for f in findings}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_findings_are_exactly_the_real_problems(name: str) -> None:
    errors = [f for f in _audit(name) if f.severity is Severity.error]
    assert _keys(errors) == ERRORS[name]


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_warnings_a_reviewer_expects_are_raised(name: str) -> None:
    assert REQUIRED[name] <= _keys(_audit(name))


def test_no_seed_is_missing_from_the_expectations() -> None:
    assert set(FORMS) == set(ERRORS)


def test_findings_carry_the_contract_fields() -> None:
    for f in _audit("计划生育特殊家庭扶助保障"):
        assert f.file == "000_9da3ca00a275ab0a.json" and f.project_name == "计划生育特殊家庭扶助保障"
        assert f.message and f.message_en and isinstance(f.evidence, dict)
    zero = next(f for f in _audit("计划生育特殊家庭扶助保障") if f.code == "A005")
    assert zero.field is not None and zero.field.endswith(".score")
    assert zero.evidence["target"] == "≤290户" and zero.evidence["printed"] == 3


def test_benefits_at_49_percent_cite_the_rate_and_outputs() -> None:
    c001 = next(f for f in _audit("密云区卫健委健康密云信息化平台建设项目") if f.code == "C001")
    assert c001.evidence["rate"] == pytest.approx(0.4863, abs=1e-4)
    assert c001.evidence["output_share"] == pytest.approx(17.5 / 25)


def test_seed_totals_recompute_from_printed_scores() -> None:
    for name, total in [("计划生育家庭奖励及扶助", 95.2), ("密云区卫健委健康密云信息化平台建设项目", 87.4),
                        ("2023年系统运维费", 96)]:
        s = score_form(FORMS[name])
        assert s.printed_total == total and s.printed_sum == pytest.approx(total)
        assert s.weight_sum == 100


def test_seed_execution_scores_match_their_rounding() -> None:
    for name, expected in [("基层医疗卫生服务能力提升项目补助资金", 9.105), ("计划生育家庭奖励及扶助", 9.205),
                           ("卫生系统人才资格考试及能力提升等", 3.946)]:
        funds = score_form(FORMS[name]).funds
        assert funds.expected == pytest.approx(expected, abs=1e-3)
        assert funds.status.value == "ok"


SAMPLES = Path(__file__).parents[1] / "src" / "jixiao" / "samples"


def test_end_to_end_from_the_seed_files_through_the_readers() -> None:
    """Read the seed files with the real readers; the audit must find the same errors."""
    import jixiao

    findings = jixiao.audit(sorted(SAMPLES.glob("*.txt")))
    by_form: dict[str, set[Key]] = {name: set() for name in ERRORS}
    for f in findings:
        if f.severity is Severity.error and f.project_name in by_form:
            by_form[f.project_name].add((f.code, f.indicator))
    assert by_form == ERRORS
    located = [f for f in findings if f.code == "A005"]
    assert located and all(f.location is not None and f.location.line for f in located)
