"""``jixiao export --db URL --id N``: a stored form written back, then parsed, is the same form
(SQLite and PostgreSQL); findings stored with it are marked; unknown ids are messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine
from tests.analysis_helpers import SQLITE_AND_PG, filled_store, latest_rows
from tests.test_export import assert_same, read_back
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.export.stored import UnknownForm, stored_form

runner = CliRunner()


@pytest.fixture(scope="module", params=SQLITE_AND_PG)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Engine]]:
    yield from filled_store(request.param, tmp_path_factory.mktemp("export"))


def _a_full_form(engine: Engine) -> int:
    """A complete seed form with findings (密云 信息化平台: 49 % execution)."""
    return next(r.id for r in latest_rows(engine)
                if r.project_name and "信息化平台" in r.project_name)  # fmt: skip


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_export_by_id_round_trip(store: tuple[str, Engine], fmt: str, tmp_path: Path) -> None:
    url, engine = store
    form_id = _a_full_form(engine)
    form, findings = stored_form(engine, form_id)
    assert findings and all(f.form_index == form.form_index for f in findings)
    out = tmp_path / f"f.{fmt}"
    result = runner.invoke(app, ["--lang", "zh", "export", "--db", url, "--id", str(form_id),
                                 "--format", fmt, "-o", str(out), "--findings"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"库中第 {form_id} 号表" in result.output and f"标注 {len(findings)} 条" in result.output
    assert_same(read_back(out), [form])


def test_findings_marked_in_the_workbook(store: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = store
    form_id = _a_full_form(engine)
    _, findings = stored_form(engine, form_id)
    out = tmp_path / "f.xlsx"
    runner.invoke(app, ["export", "--db", url, "--id", str(form_id), "-f", "xlsx", "-o", str(out),
                        "--findings"])  # fmt: skip
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    text = "\n".join(comments)
    assert comments and all(f.message in text for f in findings if f.severity == "error")


def test_unknown_id_and_misuse(store: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = store
    with pytest.raises(UnknownForm):
        stored_form(engine, 10**6)
    missing = runner.invoke(app, ["--lang", "zh", "export", "--db", url, "--id", "1000000",
                                  "-f", "pdf", "-o", str(tmp_path / "x.pdf")])  # fmt: skip
    assert missing.exit_code == 2 and "没有编号为 1000000 的表" in missing.output
    assert not (tmp_path / "x.pdf").exists()
    both = runner.invoke(app, ["--lang", "zh", "export", "some.txt", "--id", "1", "-f", "pdf"])
    assert both.exit_code == 2 and "--id 不能与文件" in both.output
    neither = runner.invoke(app, ["--lang", "zh", "export", "-f", "pdf"])
    assert neither.exit_code == 2 and "--id N" in neither.output
    no_db = runner.invoke(app, ["--lang", "zh", "export", "--db", str(tmp_path / "n.db"),
                                "--id", "1", "-f", "pdf"])  # fmt: skip
    assert no_db.exit_code == 2 and "数据库文件不存在" in no_db.output
