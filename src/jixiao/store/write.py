"""Writing one document per transaction: its row, forms, indicators, findings and value sources,
or its failure row with the reason.  An interrupt never leaves half a document behind."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError

from jixiao.store.db import explain
from jixiao.store.models import DocumentRow, FindingRow, FormRow, IndicatorRow, SourceRow
from jixiao.store.records import (
    DocumentRecord,
    FormRecord,
    UnstorableValue,
    check_values,
    unstorable_reason,
)

Outcome = Literal["stored", "failed", "skipped"]


@dataclass
class Written:
    outcome: Outcome
    forms: int = 0
    new_versions: int = 0  # forms stored as a corrected version of an earlier one
    findings: int = 0
    reason: str | None = None
    reason_en: str | None = None


def unreadable_key(name: str) -> str:
    """The key of a file that could not be read at all (no content to hash)."""
    return hashlib.sha256(b"unreadable\0" + name.encode("utf-8", "surrogatepass")).hexdigest()


def known_hashes(engine: Engine, hashes: Iterable[str]) -> set[str]:
    """Which of ``hashes`` are stored already."""
    wanted, found = list(dict.fromkeys(hashes)), set[str]()
    with engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(conn.scalars(select(DocumentRow.sha256).where(DocumentRow.sha256.in_(chunk))))
    return found


def _serialize(conn: Connection) -> None:
    """Writers take turns: SQLite by BEGIN IMMEDIATE (see db.py), PostgreSQL by an advisory lock."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(5005)")


def _version(
    conn: Connection, rec: FormRecord, owner: str | None = None
) -> tuple[int, int | None, bool]:
    """(version, supersedes id, new?) for a form: a copy of a stored version keeps its number.
    Versions chain within one owner (``unit_code``): one unit's upload never supersedes another's."""
    rows = conn.execute(
        select(FormRow.id, FormRow.version, FormRow.content_hash)
        .where(FormRow.identity == rec.identity)
        .where(FormRow.unit_code.is_not_distinct_from(owner))
        .order_by(FormRow.version.desc(), FormRow.id.desc())
    ).all()
    if not rows:
        return 1, None, False
    for _id, version, digest in rows:
        if digest == rec.content_hash:
            return version, None, False
    return rows[0].version + 1, rows[0].id, True


def _insert_document(conn: Connection, rec: DocumentRecord, written: Written) -> None:
    status = "failed" if rec.failed else "ok"
    doc_id = conn.execute(
        insert(DocumentRow).returning(DocumentRow.id),
        {
            "sha256": rec.sha256,
            "name": rec.name,
            "format": rec.format,
            "size": rec.size,
            "ingested_at": datetime.now(UTC),
            "status": status,
            "reason": rec.reason,
            "reason_en": rec.reason_en,
            "problems": rec.problems,
            "n_forms": len(rec.forms),
            "blob_sha256": rec.blob_sha256,
            "uploaded_by": rec.uploaded_by,
            "unit_code": rec.owner,
        },
    ).scalar_one()
    if rec.blob is not None and rec.blob_sha256 is not None:
        _keep_blob(conn, rec.blob_sha256, rec.blob)
    for form in rec.forms:
        owner = rec.owner if rec.owner is not None else form.columns.get("unit_code")
        version, supersedes, new = _version(conn, form, owner)
        form_id = conn.execute(
            insert(FormRow).returning(FormRow.id),
            {
                **form.columns,
                "unit_code": owner,
                "document_id": doc_id,
                "identity": form.identity,
                "content_hash": form.content_hash,
                "version": version,
                "supersedes_id": supersedes,
            },
        ).scalar_one()
        for table, rows in (
            (IndicatorRow, form.indicators),
            (FindingRow, form.findings),
            (SourceRow, form.sources),
        ):
            _bulk(conn, table.__tablename__, form_id, rows)
        written.forms += 1
        written.new_versions += new
        written.findings += len(form.findings)


def _keep_blob(conn: Connection, sha256: str, content: bytes) -> None:
    """The uploaded original, once per distinct content."""
    from jixiao.store.models_web import BlobRow

    if conn.scalar(select(func.count()).where(BlobRow.sha256 == sha256)):
        return
    conn.execute(
        insert(BlobRow),
        {"sha256": sha256, "content": content, "size": len(content), "created_at": datetime.now(UTC)},
    )


_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _bulk(conn: Connection, table: str, form_id: int, rows: list[dict[str, Any]]) -> None:
    """Child rows straight through the driver's executemany: their JSON is already text (made in
    the worker) and they are the bulk of the data, so the per-row type processing is skipped."""
    if not rows:
        return
    names = ["form_id", *rows[0]]
    mark = _MARKS[conn.dialect.paramstyle]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    keys = names[1:]
    conn.exec_driver_sql(sql, [(form_id, *(r[k] for k in keys)) for r in rows])


def _exists(conn: Connection, sha256: str) -> bool:
    found = conn.scalar(select(func.count()).where(DocumentRow.sha256 == sha256))
    return bool(found)


def write_document(engine: Engine, rec: DocumentRecord) -> Written:
    """Store one document in one transaction.  Already stored (same content): skipped.

    A document whose values the database cannot keep is stored as failed, with the reason and
    without its forms.  Faults of the store itself (locked, read-only, disk full) raise
    :class:`StoreError` after rolling back: nothing of the document is kept.
    """
    url = engine.url.render_as_string(hide_password=True)
    if not rec.checked:
        try:
            for form in rec.forms:
                check_values(form)
        except UnstorableValue as bad:
            return _write_failure(engine, rec, *unstorable_reason(bad))
    try:
        with engine.begin() as conn:
            _serialize(conn)
            if _exists(conn, rec.sha256):
                return Written("skipped")
            written = Written("failed" if rec.failed else "stored", reason=rec.reason,
                              reason_en=rec.reason_en)
            _insert_document(conn, rec, written)
            return written
    except IntegrityError as exc:
        if "sha256" in str(exc.orig).lower() or "unique" in str(exc.orig).lower():
            return Written("skipped")  # another ingest stored the same file meanwhile
        return _write_failure(engine, rec, *_db_value_error(exc))
    except DataError as exc:
        return _write_failure(engine, rec, *_db_value_error(exc))
    except OperationalError as exc:
        raise explain(exc, url) from exc
    except (SQLAlchemyError, OSError) as exc:
        err = explain(exc, url)
        if err.code != "database-error":
            raise err from exc
        return _write_failure(engine, rec, *_db_value_error(exc))


def _db_value_error(exc: BaseException) -> tuple[str, str]:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
    return (
        f"数据库拒绝了表中的值：{detail}；整份文件未保存其表格",
        f"the database refused a value: {detail}; none of the file's forms were stored",
    )


def _write_failure(engine: Engine, rec: DocumentRecord, reason: str, reason_en: str) -> Written:
    failed = DocumentRecord(
        name=rec.name, sha256=rec.sha256, format=rec.format, size=rec.size,
        problems=rec.problems, failed=True, reason=reason, reason_en=reason_en,
    )  # fmt: skip
    return write_failure(engine, failed)


def write_failure(engine: Engine, rec: DocumentRecord) -> Written:
    """Store a failed document (no forms) with its reason."""
    url = engine.url.render_as_string(hide_password=True)
    rec.failed, rec.forms = True, []
    try:
        with engine.begin() as conn:
            _serialize(conn)
            if _exists(conn, rec.sha256):
                return Written("skipped")
            _insert_document(conn, rec, Written("failed"))
    except SQLAlchemyError as exc:
        raise explain(exc, url) from exc
    return Written("failed", reason=rec.reason, reason_en=rec.reason_en)


def counts(engine: Engine) -> dict[str, Any]:
    """Rows per table (for summaries and tests)."""
    with engine.connect() as conn:
        return {
            t.__tablename__: conn.scalar(select(func.count()).select_from(t))
            for t in (DocumentRow, FormRow, IndicatorRow, FindingRow, SourceRow)
        }
