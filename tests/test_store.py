"""The store: schema and migrations, idempotent ingest, versions, failures and store faults."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.orm import Session
from tests.store_helpers import BACKENDS, FIXTURES, FORMAT_FIXTURES, SEEDS, store_url

from jixiao.model import Form, ParseResult
from jixiao.store.db import StoreError, current_revision, head_revision, migrate, open_store
from jixiao.store.ingest import build_record, ingest
from jixiao.store.models import DocumentRow, FindingRow, FormRow, SourceRow
from jixiao.store.write import counts, write_document

TABLES = {"documents", "forms", "indicators", "findings", "sources"}


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_url(request.param, tmp_path)


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    eng = open_store(url)
    yield eng
    eng.dispose()


def _consistent(engine: Engine) -> None:
    """Every document holds exactly the forms it says: nothing was committed half way."""
    with engine.connect() as conn:
        for doc_id, n_forms, status in conn.execute(
            select(DocumentRow.id, DocumentRow.n_forms, DocumentRow.status)
        ):
            stored = conn.scalar(
                select(text("count(*)")).select_from(FormRow).where(FormRow.document_id == doc_id)
            )
            assert stored == n_forms, (doc_id, status)


# -- schema and migrations -------------------------------------------------------------------


def test_open_creates_the_schema_at_head(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= TABLES


def test_downgrade_then_upgrade(engine: Engine, url: str) -> None:
    migrate(engine, "base", down=True)
    assert current_revision(engine) is None
    assert not TABLES & set(inspect(engine).get_table_names())
    again = open_store(url)  # an older (here: empty) store is migrated on open
    assert current_revision(again) == head_revision()
    assert ingest(again, SEEDS[:1], workers=1).stored == 1
    again.dispose()


def test_a_store_newer_than_the_code_is_refused(engine: Engine, url: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert err.value.code == "newer-database"
    assert "更新版本" in err.value.message and "newer" in err.value.message_en


def test_sqlite_pragmas(engine: Engine, url: str) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_default_location_is_jixiao_db_or_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.store.db import resolve_url

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIXIAO_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'jixiao.db'}"
    monkeypatch.setenv("JIXIAO_DB", str(tmp_path / "x.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


# -- ingest ------------------------------------------------------------------------------------


def test_ingest_seeds_and_fixtures(engine: Engine) -> None:
    summary = ingest(engine, [*SEEDS, *FORMAT_FIXTURES], workers=2)
    assert summary.fatal is None and not summary.interrupted
    assert summary.stored == summary.files
    n = counts(engine)
    assert n["documents"] == summary.files
    assert n["forms"] == summary.forms >= 16 + 30
    assert n["findings"] == summary.findings > 0
    assert n["indicators"] > n["forms"] * 5
    assert n["sources"] > n["indicators"]
    _consistent(engine)
    with engine.connect() as conn:
        failed = {
            name: reason
            for name, reason in conn.execute(
                select(DocumentRow.name, DocumentRow.reason).where(DocumentRow.status == "failed")
            )
        }
        seed = Session(conn).scalars(
            select(FormRow).where(FormRow.project_name == "基层医疗卫生服务能力提升项目补助资金")
        ).first()
        src = conn.execute(
            select(SourceRow.raw, SourceRow.location).where(SourceRow.path == "funds.total.executed")
        ).first()
        severities = set(conn.scalars(select(FindingRow.severity)))
    # failures are recorded with their reason, not dropped
    assert any(name.endswith("encrypted.pdf") and "密码" in (r or "") for name, r in failed.items())
    assert all(failed.values())
    assert {f.name for f in summary.failures} == set(failed)
    assert seed is not None
    form = seed
    assert form.year == 2024 and form.funds_executed == pytest.approx(4104.267)
    assert form.department == "北京市密云区卫生健康委员会" and form.version == 1
    assert form.recomputed_total is not None and form.self_total is not None
    assert form.data["project_name"] == form.project_name and "sources" in form.data
    assert src is not None and src.raw and src.location
    assert severities <= {"error", "warning", "info"}


def test_second_run_adds_nothing(engine: Engine) -> None:
    first = ingest(engine, [*SEEDS, FIXTURES / "docx"], workers=2)
    before = counts(engine)
    second = ingest(engine, [*SEEDS, FIXTURES / "docx"], workers=2)
    assert counts(engine) == before
    assert second.stored == 0 and second.skipped == first.files == second.files
    assert second.failures == []


def test_a_copy_under_another_name_is_the_same_document(engine: Engine, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(SEEDS[0], copy)
    summary = ingest(engine, [SEEDS[0], copy], workers=1)
    assert summary.stored == 1 and summary.skipped == 1


def test_a_corrected_copy_adds_a_version(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, SEEDS, workers=1)
    before = counts(engine)
    text_ = SEEDS[0].read_text(encoding="utf-8")
    fixed = tmp_path / "000-corrected.txt"  # 全年执行数 of the first form's two funds rows
    fixed.write_text(text_.replace("4104.267", "4104.268", 2), encoding="utf-8")
    summary = ingest(engine, [fixed], workers=1)
    assert summary.stored == 1 and summary.new_versions == 1
    with engine.connect() as conn:
        rows = conn.execute(
            select(FormRow.id, FormRow.version, FormRow.supersedes_id, FormRow.funds_executed)
            .where(FormRow.project_name == "基层医疗卫生服务能力提升项目补助资金")
            .order_by(FormRow.version)
        ).all()
        # the other forms of the corrected file are copies of stored versions, not new ones
        versions = set(conn.scalars(select(FormRow.version)))
    assert [r.version for r in rows] == [1, 2]
    assert rows[1].supersedes_id == rows[0].id
    assert rows[0].funds_executed == pytest.approx(4104.267)  # the old one is kept, not overwritten
    assert rows[1].funds_executed == pytest.approx(4104.268)
    assert versions == {1, 2}
    after = counts(engine)
    assert after["documents"] == before["documents"] + 1
    # ingesting the corrected file again changes nothing
    assert ingest(engine, [fixed], workers=1).stored == 0
    assert counts(engine) == after


def test_values_that_break_the_store_fail_the_document_cleanly(engine: Engine) -> None:
    bad = [
        Form(project_name="年份过大", year=10**12),
        Form(project_name="非数字", total_score=float("nan")),
        Form(project_name="控制字符", department="卫生\x00健康委"),
    ]
    for i, form in enumerate(bad):
        rec = build_record(f"bad{i}.txt", f"{i:064d}", "text", 1, ParseResult(document="x", forms=[form]))
        written = write_document(engine, rec)
        assert written.outcome == "failed"
        assert written.reason and "无法保存" in written.reason
        assert written.reason_en and "cannot be stored" in written.reason_en
    n = counts(engine)
    assert n["documents"] == 3 and n["forms"] == 0 and n["sources"] == 0
    with engine.connect() as conn:
        reasons = list(conn.scalars(select(DocumentRow.reason)))
    assert any("year" in (r or "") for r in reasons)


# -- store faults (SQLite files) -------------------------------------------------------------


def _sqlite_only(url: str) -> Path:
    if not url.startswith("sqlite"):
        pytest.skip("a SQLite file fault")
    return Path(url.removeprefix("sqlite:///"))


def test_locked_database_gives_a_clear_message(engine: Engine, url: str) -> None:
    """Another program holds the write lock beyond the busy timeout: a clear message, no change."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError) as err:
                open_store(url, busy_timeout=0.2)
            assert err.value.code == "locked" and "锁定" in err.value.message
            summary = ingest(engine_with_timeout(url), SEEDS, workers=1)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        other = create_engine(url)
        with other.connect() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_lock(5005)")  # the writers' lock (write.py)
            summary = ingest(engine_with_timeout(url), SEEDS, workers=1)
            conn.exec_driver_sql("SELECT pg_advisory_unlock(5005)")
        other.dispose()
    # the run stops with the message; nothing was half written
    assert summary.fatal is not None and summary.fatal.code == "locked"
    assert "锁定" in summary.fatal.message and "locked" in summary.fatal.message_en
    assert counts(engine)["documents"] == 0


def engine_with_timeout(url: str) -> Engine:
    from jixiao.store.db import create_store_engine

    return create_store_engine(url, busy_timeout=0.2)


def test_read_only_database_gives_a_clear_message(engine: Engine, url: str) -> None:
    path = _sqlite_only(url)
    ingest(engine, SEEDS[:1], workers=1)
    engine.dispose()
    ro = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    summary = ingest(ro, SEEDS[1:], workers=1)
    assert summary.fatal is not None and summary.fatal.code == "read-only"
    assert "只读" in summary.fatal.message
    ro.dispose()


def test_read_only_store_of_an_older_version_says_so(engine: Engine, url: str) -> None:
    path = _sqlite_only(url)
    migrate(engine, "base", down=True)  # an older store that would need migrating
    engine.dispose()
    with pytest.raises(StoreError) as err:
        open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert err.value.code == "read-only"


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(StoreError) as err:
        open_store(str(path))
    assert err.value.code == "not-a-database"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        open_store(str(tmp_path / "no" / "such" / "x.db"))
    assert err.value.code == "no-folder"


def test_full_disk_stops_with_whole_documents(url: str) -> None:
    _sqlite_only(url)
    engine = open_store(url)

    @event.listens_for(engine, "connect")
    def _small(dbapi_conn: sqlite3.Connection, _rec: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 200}")  # about 800 kB more

    engine.dispose()
    summary = ingest(engine, [*SEEDS, FIXTURES / "docx", FIXTURES / "html"], workers=1)
    assert summary.fatal is not None and summary.fatal.code == "disk-full"
    assert "磁盘已满" in summary.fatal.message
    assert 0 < counts(engine)["documents"] < summary.files
    _consistent(engine)
    engine.dispose()
    # with room again, a re-run continues where it stopped
    again = open_store(url)
    rest = ingest(again, [*SEEDS, FIXTURES / "docx", FIXTURES / "html"], workers=1)
    assert rest.fatal is None and rest.stored + rest.skipped == rest.files
    assert counts(again)["documents"] == rest.files
    _consistent(again)
    again.dispose()
