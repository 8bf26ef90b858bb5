"""Clean-up of printed text and numbers shared by every reader."""

from __future__ import annotations

import pytest

from jixiao.text.normalize import clean, label_key, looks_traditional
from jixiao.text.numbers import is_blank, parse_amount, parse_rate, parse_score


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("不超过 2160\n\n元", "不超过2160元"),
        ("12 月底完成", "12月底完成"),
        ("≥1642 人次", "≥1642人次"),
        ("身边家医 APP 及微信公众\n号", "身边家医APP及微信公众号"),
        ("截至 2022\n年 12 月", "截至2022年12月"),
        ("<p>根据方案。</p> <p>目标1</p>", "根据方案。目标1"),
        ("１２３ＡＢ％", "123AB%"),
        ("HIS system upgrade", "HIS system upgrade"),
        ("（2023 年度）", "（2023年度）"),
        ("   \n ", None),
        (None, None),
    ],
)
def test_clean(raw: str | None, expected: str | None) -> None:
    assert clean(raw) == expected


def test_label_key_folds_traditional_width_spaces_and_punctuation() -> None:
    assert label_key("其中：當年財政\n撥款") == label_key("其中:当年财政拨款") == "其中当年财政拨款"
    assert label_key("年 度 资 金 总\n额") == "年度资金总额"


def test_traditional_detection() -> None:
    assert looks_traditional(
        "項目支出績效自評表 項目名稱 基層醫療衛生服務能力提升項目補助資金 主管部門 衛生健康委員會"
    )
    assert not looks_traditional(
        "项目支出绩效自评表 项目名称 基层医疗卫生服务能力提升项目补助资金 主管部门 卫生健康委员会"
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("4,507.55", 4507.55),
        ("4104.267万元", 4104.267),
        ("０.２１６０", 0.216),
        ("—", None),
        ("77件", None),
    ],
)
def test_parse_amount(raw: str, value: float | None) -> None:
    assert parse_amount(raw) == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [("91%", 0.91), ("92.1 %", 0.921), ("100%", 1.0), ("0.49", 0.49), ("97", 0.97), ("", None)],
)
def test_parse_rate(raw: str, value: float | None) -> None:
    assert parse_rate(raw) == value


def test_scores_and_blanks() -> None:
    assert parse_score("10分") == 10
    assert parse_score("4.5") == 4.5
    assert is_blank("—") and is_blank(" ") and is_blank(None) and not is_blank("0")
