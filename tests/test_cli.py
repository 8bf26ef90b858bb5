"""The ``jixiao`` command as a user runs it: parse, demo, schema, languages, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.model.schema import CONTRACT_KEYS

SAMPLES = Path(__file__).parents[1] / "src" / "jixiao" / "samples"
SEED_TSV = SAMPLES / "000_9da3ca00a275ab0a.txt"
SEED_PDF_TEXT = SAMPLES / "002_ddf2ad2b933db61d.txt"

runner = CliRunner()


def test_parse_json_prints_the_contract_for_every_form() -> None:
    result = runner.invoke(app, ["parse", str(SEED_TSV), str(SEED_PDF_TEXT), "--format", "json"])
    assert result.exit_code == 0, result.output
    forms = json.loads(result.stdout)
    assert len(forms) == 16
    for form in forms:
        assert set(CONTRACT_KEYS) <= set(form)
        assert form["document"] in (str(SEED_TSV), str(SEED_PDF_TEXT))
    names = [f["project_name"] for f in forms]
    assert "基层医疗卫生服务能力提升项目补助资金" in names
    assert "2023年系统运维费" in names


def test_parse_json_carries_value_locations_unless_asked_not_to() -> None:
    with_sources = json.loads(runner.invoke(app, ["parse", str(SEED_TSV), "-f", "json"]).stdout)
    src = with_sources[0]["sources"]["project_name"]
    assert src["raw"].strip() == "基层医疗卫生服务能力提升项目补助资金"
    assert src["location"]["line"] >= 1
    without = json.loads(runner.invoke(app, ["parse", str(SEED_TSV), "-f", "json", "--no-sources"]).stdout)
    assert "sources" not in without[0]
    assert "sources" not in without[0]["indicators"][0]


def test_parse_table_shows_each_form_readably() -> None:
    result = runner.invoke(app, ["parse", str(SEED_PDF_TEXT)])
    assert result.exit_code == 0
    assert "2023年医养结合上门服务" in result.stdout
    assert "项目控制成本" in result.stdout
    assert "总分" in result.stdout


def test_a_missing_file_fails_the_run_but_not_the_batch() -> None:
    result = runner.invoke(app, ["parse", "no-such-file.txt", str(SEED_TSV), "-f", "json"])
    assert result.exit_code == 1
    assert "no-such-file.txt" in result.stderr and "文件不存在" in result.stderr
    assert len(json.loads(result.stdout)) == 12


def test_english_messages_on_request() -> None:
    result = runner.invoke(app, ["--lang", "en", "parse", "no-such-file.txt"])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_folders_are_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "seed.txt").write_bytes(SEED_PDF_TEXT.read_bytes())
    result = runner.invoke(app, ["parse", str(tmp_path), "-f", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 4


def test_demo_reads_the_embedded_samples() -> None:
    result = runner.invoke(app, ["demo", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 16


def test_schema_command_prints_the_documented_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["x-contract-keys"] == list(CONTRACT_KEYS)
    committed = json.loads((Path(__file__).parents[1] / "docs" / "form.schema.json").read_text("utf-8"))
    assert schema == committed


@pytest.mark.parametrize("args", [["-m", "jixiao", "--help"]])
def test_runs_as_a_module(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert "parse" in proc.stdout
