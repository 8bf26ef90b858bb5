"""``jixiao ingest``: the command, its summary and exit status; interrupts and concurrent runs."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.generate import generate
from tests.store_helpers import BACKENDS, FIXTURES, SEEDS, store_url
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.store.db import open_store
from jixiao.store.write import counts

runner = CliRunner()


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_url(request.param, tmp_path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 80 generated documents (bench/generate.py), enough to stop a run part way."""
    out = tmp_path_factory.mktemp("corpus")
    generate(320, out=out, seed=7)
    return out / "docs"


def test_ingest_seeds(url: str) -> None:
    result = runner.invoke(app, ["--lang", "zh", "ingest", *map(str, SEEDS), "--db", url, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "2 个文件：新入库 2 个" in result.output and "16 张表" in result.output
    again = runner.invoke(app, ["--lang", "en", "ingest", *map(str, SEEDS), "--db", url])
    assert again.exit_code == 0
    assert "2 already stored" in again.output and "0 failed" in again.output


def test_ingest_fixtures_names_failures_and_exits_1(url: str) -> None:
    result = runner.invoke(app, ["--lang", "zh", "ingest", str(FIXTURES), "--db", url, "--workers", "2"])
    assert result.exit_code == 1
    assert "encrypted.pdf" in result.output and "密码" in result.output
    assert "个失败" in result.output


def test_ingest_store_fault_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    bad.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(app, ["--lang", "zh", "ingest", str(SEEDS[0]), "--db", str(bad)])
    assert result.exit_code == 2
    assert "不是 jixiao 数据库" in result.output


def _cli(db: str, docs: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "jixiao", "ingest", str(docs), "--db", db, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so the test can stop it and its workers
        env={**os.environ, "JIXIAO_LANG": "zh"},
    )


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _wait_for(db: Path, proc: subprocess.Popen[bytes], n: int) -> None:
    deadline = time.monotonic() + 120
    while _stored(db) < n and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def _check_complete(db: Path, n_files: int) -> None:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT d.sha256, d.n_forms, (SELECT count(*) FROM forms f WHERE f.document_id = d.id)"
            " FROM documents d"
        ).fetchall()
    finally:
        conn.close()
    assert len(rows) == n_files == len({r[0] for r in rows})  # every document exactly once
    assert all(n == m for _, n, m in rows)  # with all its forms


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_run_continues_where_it_stopped(corpus: Path, tmp_path: Path, workers: str) -> None:
    db = tmp_path / "k.db"
    n_files = len(list(corpus.iterdir()))
    proc = _cli(str(db), corpus, "--workers", workers)
    _wait_for(db, proc, 5)
    children = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # kill -9 of the command: no clean-up of any kind
    proc.wait()
    try:  # its worker processes follow it instead of lingering as orphans
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(c) for c in children), "worker processes outlived the command"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    stored = _stored(db)
    assert 0 < stored < n_files, "the run was not stopped part way"
    again = _cli(str(db), corpus, "--workers", workers)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert f"已在库中跳过 {stored} 个" in err.decode()
    _check_complete(db, n_files)


def test_ctrl_c_keeps_what_was_committed(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    n_files = len(list(corpus.iterdir()))
    proc = _cli(str(db), corpus, "--workers", "2")
    _wait_for(db, proc, 5)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt arrived")
    assert proc.returncode == 130, err.decode()
    assert "已中断" in err.decode() and "Traceback" not in err.decode()
    again = _cli(str(db), corpus, "--workers", "2")
    again.communicate(timeout=300)
    assert again.returncode == 0
    _check_complete(db, n_files)


def test_two_ingests_at_once(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    first, second = _cli(str(db), corpus, "--workers", "1"), _cli(str(db), corpus, "--workers", "1")
    for proc in (first, second):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    _check_complete(db, len(list(corpus.iterdir())))


def test_two_ingests_at_once_postgres(corpus: Path, tmp_path: Path) -> None:
    from tests.store_helpers import PG_URL, reset_postgres

    if not PG_URL:
        pytest.skip("JIXIAO_TEST_PG_URL is not set (scripts/pg-test-server starts a local server)")
    reset_postgres(PG_URL)
    try:
        procs = [_cli(PG_URL, corpus, "--workers", "1") for _ in range(2)]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err.decode()
        engine = open_store(PG_URL)
        assert counts(engine)["documents"] == len(list(corpus.iterdir()))
        engine.dispose()
    finally:
        reset_postgres(PG_URL)
