"""``jixiao audit`` / ``jixiao score`` / ``jixiao rules`` as a user runs them, and the Python API."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jixiao
from jixiao.cli import app
from jixiao.i18n import set_lang
from jixiao.model import Form, ParseResult, Problem
from jixiao.scoring import api as scoring_api

EXPECTED = Path(__file__).parent / "data" / "expected"
SEED = "000_9da3ca00a275ab0a"
CONTRACT = {"file", "form_index", "project_name", "code", "severity", "field", "indicator",
            "message", "evidence"}
runner = CliRunner()


def _results(paths: list[str | Path]) -> Iterator[ParseResult]:
    """Stand-in for the readers: each path names an expected-parse JSON; 'empty.txt' fails."""
    for p in paths:
        name = Path(p).name
        if name == "empty.txt":
            yield ParseResult(document=str(p), problems=[Problem(
                file=str(p), code="empty-file", message="文件为空", message_en="the file is empty")])
            continue
        data = json.loads((EXPECTED / f"{Path(p).stem}.json").read_text(encoding="utf-8"))
        forms = [Form.model_validate(d).model_copy(update={"document": str(p), "form_index": i})
                 for i, d in enumerate(data)]
        yield ParseResult(document=str(p), forms=forms)


@pytest.fixture(autouse=True)
def _fake_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (EXPECTED / f"{SEED}.json").exists():
        pytest.skip("expected seed parses not present")
    monkeypatch.setattr(scoring_api, "_iter_parse", _results)
    set_lang("zh")


def test_json_is_a_list_of_findings_with_the_contract_keys() -> None:
    result = runner.invoke(app, ["audit", f"{SEED}.txt", "--format", "json"])
    assert result.exit_code == 1  # error-level findings remain
    findings = json.loads(result.stdout)
    assert findings and all(set(f) >= CONTRACT for f in findings)
    zero = [f for f in findings if f["code"] == "A005"]
    assert {f["indicator"] for f in zero} == {"为计划生育特殊家庭提供暖心服务包户数", "生日慰问失独家庭人数"}
    assert all(f["project_name"] == "计划生育特殊家庭扶助保障" and f["form_index"] == 4 for f in zero)


def test_select_and_ignore_by_code_or_prefix() -> None:
    out = runner.invoke(app, ["audit", f"{SEED}.txt", "-f", "json", "--select", "T,A005",
                              "--ignore", "T003"]).stdout
    codes = {f["code"] for f in json.loads(out)}
    assert codes and all(c.startswith("T") or c == "A005" for c in codes)
    assert "T003" not in codes


def test_exit_status_is_zero_when_no_error_remains() -> None:
    result = runner.invoke(app, ["audit", f"{SEED}.txt", "--select", "T003,W004", "-f", "json"])
    assert result.exit_code == 0


def test_csv_has_a_header_and_one_line_per_finding() -> None:
    out = runner.invoke(app, ["audit", f"{SEED}.txt", "-f", "csv", "--select", "A005"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and rows[0]["code"] == "A005"
    assert json.loads(rows[0]["evidence"])["target"] == "≤290户"


def test_table_groups_findings_by_form_and_speaks_english_on_request() -> None:
    result = runner.invoke(app, ["audit", f"{SEED}.txt", "--min-severity", "error", "--lang", "en"])
    assert "计划生育特殊家庭扶助保障" in result.stdout and "nothing delivered" in result.stdout
    assert "errors" in result.stderr or "errors" in result.output


def test_a_config_file_changes_thresholds_and_rules(tmp_path: Path) -> None:
    base = json.loads(runner.invoke(app, ["audit", f"{SEED}.txt", "-f", "json", "-s", "T010"]).stdout)
    assert base
    cfg = tmp_path / "jixiao.toml"
    cfg.write_text("[thresholds]\nover_achievement = 5.0\n", "utf-8")
    relaxed = runner.invoke(app, ["audit", f"{SEED}.txt", "-f", "json", "-s", "T010", "-c", str(cfg)])
    assert json.loads(relaxed.stdout) == []
    cfg.write_text('ignore = ["T"]\n', "utf-8")
    ignored = runner.invoke(app, ["audit", f"{SEED}.txt", "-f", "json", "-c", str(cfg)])
    assert not any(f["code"].startswith("T") for f in json.loads(ignored.stdout))


def test_a_bad_profile_is_reported_in_both_languages() -> None:
    result = runner.invoke(app, ["audit", f"{SEED}.txt", "--profile", "nowhere"])
    assert result.exit_code == 2
    assert "未知的模板配置" in result.output and "unknown profile" in result.output


def test_parse_problems_go_to_stderr_and_do_not_stop_the_batch() -> None:
    result = runner.invoke(app, ["audit", "empty.txt", f"{SEED}.txt", "-f", "json"])
    assert "文件为空" in result.stderr
    assert json.loads(result.stdout)
    assert result.exit_code == 1


def test_score_prints_printed_and_recomputed_side_by_side() -> None:
    result = runner.invoke(app, ["score", f"{SEED}.txt", "--format", "json"])
    assert result.exit_code == 0
    scores = json.loads(result.stdout)
    assert len(scores) == 12
    health = next(s for s in scores if s["project_name"] == "密云区卫健委健康密云信息化平台建设项目")
    assert health["printed_total"] == 87.4 and health["funds"]["expected"] == pytest.approx(4.8633, abs=1e-3)
    table = runner.invoke(app, ["score", f"{SEED}.txt"]).stdout
    assert "10 × 66/80" in table.replace("\n", "") or "66/80" in table


def test_rules_command_lists_the_catalogue() -> None:
    data = json.loads(runner.invoke(app, ["rules", "-f", "json"]).stdout)
    assert {"A005", "S002", "T007", "C001"} <= {r["code"] for r in data}
    assert runner.invoke(app, ["rules", "-f", "markdown"]).stdout.startswith("# 审核规则")


def test_python_api_accepts_forms_and_paths() -> None:
    forms = next(iter(_results([f"{SEED}.txt"]))).forms
    by_form = jixiao.audit(forms, select=["A005"])
    by_path = jixiao.audit(f"{SEED}.txt", select=["A005"])
    assert [f.indicator for f in by_form] == [f.indicator for f in by_path]
    scores = jixiao.score(forms[0], profile="national")
    assert len(scores) == 1 and scores[0].profile == "national"
