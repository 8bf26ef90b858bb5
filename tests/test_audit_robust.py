"""Bad input never raises: any form, however broken, yields findings and scores, not exceptions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks import audit_form
from jixiao.model import Form, Funds, FundsRow, Indicator
from jixiao.profile import load_profile
from jixiao.scoring import score_form

CELLS = ["≥90%", "≤290户", "0", "#####", "逐步提高", "基本满意", "2024年6月底", "不涉及", "",
         "460户/460户/434户", "等于6.3072万元", "1份", "374名", "100%", "按计划完成", "指标1",
         "-5", "1e308", "≤0", "=0万元", "12月底", "部分完成"]
LEVEL1 = ["产出指标", "效益指标", "效果指标", "满意度指标", "数量指标", "成本指标", "其他", None]
LEVEL2 = ["数量指标", "质量指标", "时效指标", "成本指标", "社会效益", "服务对象满意度指标", None]

numbers = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0.0, -1.0, 10.0, 100.0]))
cells = st.one_of(st.none(), st.sampled_from(CELLS), st.text(max_size=12))
indicators = st.builds(Indicator, level1=st.sampled_from(LEVEL1), level2=st.sampled_from(LEVEL2),
                       level3=cells, target=cells, actual=cells, weight=numbers, score=numbers,
                       deviation=cells)
rows = st.builds(FundsRow, initial=numbers, adjusted=numbers, executed=numbers, rate=numbers)
funds = st.builds(Funds, unit=st.sampled_from(["万元", "元", None, "亿"]), total=rows, current=rows,
                  carryover=rows, weight=numbers, rate=numbers, score=numbers)
forms = st.builds(Form, year=st.one_of(st.none(), st.integers(1990, 2030)), funds=funds,
                  indicators=st.lists(indicators, max_size=8), total_score=numbers,
                  total_weight=numbers, grade=st.sampled_from([None, "优", "良", "X"]),
                  level1_weights=st.dictionaries(st.sampled_from(LEVEL1[:4]), st.floats(0, 100),
                                                 max_size=2))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(forms, st.sampled_from(["national", "twenty-point", "beijing-2024", "sichuan"]))
def test_any_form_audits_without_raising(form: Form, profile: str) -> None:
    p = load_profile(profile)
    score = score_form(form, p)
    assert len(score.rows) == len(form.indicators)
    for f in audit_form(form, p, score=score):
        assert f.message and f.message_en and f.code


def test_an_empty_form_is_reported_not_rejected() -> None:
    findings = audit_form(Form(), load_profile("national"))
    assert all(f.severity.value in ("error", "warning", "info") for f in findings)
