"""``ingest``: read, score and audit files in worker processes; store one document per transaction.

A document already stored (same SHA-256 of its bytes) is skipped, which makes a second run a no-op
and lets an interrupted run continue where it stopped: whatever was committed stays.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from jixiao.model import ParseResult, Severity
from jixiao.store.db import StoreError, explain
from jixiao.store.records import (
    DocumentRecord,
    UnstorableValue,
    check_values,
    form_record,
    unstorable_reason,
)
from jixiao.store.write import Written, known_hashes, unreadable_key, write_document, write_failure

PathLike = str | os.PathLike[str]


@dataclass
class Failure:
    name: str
    reason: str
    reason_en: str


@dataclass
class IngestSummary:
    files: int = 0
    stored: int = 0  # documents newly stored (including failed ones)
    skipped: int = 0  # already in the store (or a duplicate within this batch)
    forms: int = 0
    new_versions: int = 0
    findings: int = 0
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    fatal: StoreError | None = None


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def build_record(name: str, sha256: str, fmt: str | None, size: int | None,
                 result: ParseResult, profile_name: str | None = None) -> DocumentRecord:
    """Score and audit every form of a parse result into rows for the store; with the profile
    chosen from each form, or ``profile_name`` for all (the web app's store-wide choice)."""
    from jixiao.checks.engine import audit_form
    from jixiao.profile import choose_profile, load_profile
    from jixiao.scoring.form import score_form

    forms = []
    try:
        for form in result.forms:
            profile = load_profile(profile_name) if profile_name else choose_profile(form)
            score = score_form(form, profile)
            forms.append(form_record(form, score, audit_form(form, profile, score=score)))
            check_values(forms[-1])
    except (UnstorableValue, ValueError) as exc:  # ValueError: NaN in a finding's evidence
        bad = exc if isinstance(exc, UnstorableValue) else UnstorableValue("evidence", str(exc))
        why, why_en = unstorable_reason(bad)
        return DocumentRecord(
            name=name, sha256=sha256, format=fmt, size=size, failed=True, checked=True,
            problems=[p.model_dump(mode="json", exclude_none=True) for p in result.problems],
            reason=why, reason_en=why_en,
        )  # fmt: skip
    errors = [p for p in result.problems if p.severity == Severity.error]
    reason: str | None = None
    reason_en: str | None = None
    if result.failed:
        if errors:
            reason = "；".join(p.message for p in errors)
            reason_en = "; ".join(p.message_en or p.message for p in errors)
        elif not result.forms:
            reason, reason_en = "文件中没有找到自评表", "no form found in the file"
        else:
            reason, reason_en = "表格不完整（中途截断）", "a form stops part way"
    return DocumentRecord(
        name=name, sha256=sha256, format=fmt, size=size, forms=forms,
        problems=[p.model_dump(mode="json", exclude_none=True) for p in result.problems],
        failed=result.failed, reason=reason, reason_en=reason_en, checked=True,
    )  # fmt: skip


def process_file(path: str) -> DocumentRecord:
    """Worker: read, parse, score and audit one file.  Never raises."""
    from jixiao.api import parse_file
    from jixiao.readers import detect_format

    name = path
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return DocumentRecord(
            name=name, sha256=unreadable_key(name), failed=True,
            reason=f"无法读取文件：{exc.strerror}", reason_en=f"cannot read file: {exc.strerror}",
        )  # fmt: skip
    sha = hashlib.sha256(data).hexdigest()
    fmt = detect_format(data)
    del data
    try:
        return build_record(name, sha, fmt, Path(path).stat().st_size, parse_file(path))
    except Exception as exc:  # one bad file never stops the batch
        return DocumentRecord(
            name=name, sha256=sha, format=fmt, failed=True,
            reason=f"处理时发生内部错误（{type(exc).__name__}）",
            reason_en=f"internal error while processing ({type(exc).__name__}: {exc})",
        )  # fmt: skip


def _worker_init(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if sys.platform == "linux":  # kill -9 of the main process: the workers go too, not orphaned
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


def _results(paths: list[str], workers: int) -> Iterator[DocumentRecord]:
    """Records as workers finish them, at most a few per worker in flight (flat memory)."""
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield process_file(path)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
    )
    try:
        todo = iter(paths)
        running: set[Future[DocumentRecord]] = set()
        for path in todo:
            running.add(pool.submit(process_file, path))
            if len(running) >= workers * 4:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
                nxt = next(todo, None)
                if nxt is not None:
                    running.add(pool.submit(process_file, nxt))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def ingest(
    engine: Engine,
    paths: Iterable[PathLike],
    workers: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[DocumentRecord | None, Written], None] | None = None,
) -> IngestSummary:
    """Ingest files and folders into the store; see the module docstring.

    ``on_start(n)`` is told how many files will be processed, ``on_done`` is called after each.
    Store faults (locked, read-only, disk full) stop the run with ``summary.fatal`` set; Ctrl-C
    stops it with ``summary.interrupted``.  Both keep everything committed so far.
    """
    from jixiao.api import expand_paths

    summary = IngestSummary()
    url = engine.url.render_as_string(hide_password=True)
    files = list(expand_paths(paths))
    summary.files = len(files)
    todo: list[str] = []
    hashes: dict[str, str] = {}
    unreadable: list[DocumentRecord] = []
    try:
        for path in files:
            try:
                hashes[str(path)] = file_sha256(path)
            except OSError as exc:
                name = str(path)
                unreadable.append(DocumentRecord(
                    name=name, sha256=unreadable_key(name), failed=True,
                    reason=f"无法读取文件：{exc.strerror}",
                    reason_en=f"cannot read file: {exc.strerror}",
                ))  # fmt: skip
        stored = known_hashes(engine, hashes.values())
        seen: set[str] = set()
        for name, sha in hashes.items():
            if sha in stored or sha in seen:
                summary.skipped += 1
            else:
                seen.add(sha)
                todo.append(name)
        if on_start:
            on_start(len(todo) + len(unreadable))
        for rec in unreadable:
            _count(summary, rec, write_failure(engine, rec), on_done)
        for rec in _results(todo, workers or os.cpu_count() or 1):
            _count(summary, rec, write_document(engine, rec), on_done)
    except StoreError as exc:
        summary.fatal = exc
    except SQLAlchemyError as exc:
        summary.fatal = explain(exc, url)
    except KeyboardInterrupt:
        summary.interrupted = True
    return summary


def _count(
    summary: IngestSummary,
    rec: DocumentRecord,
    written: Written,
    on_done: Callable[[DocumentRecord | None, Written], None] | None,
) -> None:
    if written.outcome == "skipped":
        summary.skipped += 1
    else:
        summary.stored += 1
        summary.forms += written.forms
        summary.new_versions += written.new_versions
        summary.findings += written.findings
    if rec.failed or written.outcome == "failed":
        summary.failures.append(
            Failure(rec.name, written.reason or rec.reason or "", written.reason_en or rec.reason_en or "")
        )
    if on_done:
        on_done(rec, written)
