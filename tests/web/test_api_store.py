"""The web tables on both store backends: migration 0002 over a store with forms (owners filled
from 执行单位代码), down again, and the main flows through HTTP on PostgreSQL too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from tests.store_helpers import BACKENDS, store_url
from tests.web.conftest import SEED_FENGTAI, SEED_MIYUN, WebClient, seed_users

from jixiao.store.db import current_revision, migrate, open_store
from jixiao.store.ingest import ingest
from jixiao.store.models import FormRow
from jixiao.web.app import create_app

WEB_TABLES = {"users", "departments", "reviewer_departments", "blobs", "web_sessions", "audit_log",
              "login_attempts", "settings", "corrections", "finding_reviews", "comments", "drafts"}


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from store_url(request.param, tmp_path)


def test_migration_0002_fills_owners_and_goes_down(url: str) -> None:
    engine = open_store(url)
    migrate(engine, "0001", down=True)
    assert current_revision(engine) == "0001"
    assert not WEB_TABLES & set(inspect(engine).get_table_names())
    with engine.begin() as conn:  # a store as jixiao 0001 left it, with forms in it
        conn.exec_driver_sql(
            "INSERT INTO documents (sha256, name, format, size, ingested_at, status, problems, "
            "n_forms) VALUES ('x', 'old.txt', 'text', 1, CURRENT_TIMESTAMP, 'ok', '[]', 1)")
        doc_id = conn.exec_driver_sql("SELECT id FROM documents").scalar()
        conn.exec_driver_sql(
            "INSERT INTO forms (document_id, form_index, identity, version, content_hash, "
            "complete, n_errors, n_warnings, n_infos, data) VALUES "
            f"({doc_id}, 0, 'p|d|2024', 1, 'h', true, 0, 0, 0, "
            "'{\"implementer_code\": \"149020\", \"project_name\": \"旧表\"}')")
    engine.dispose()
    engine = open_store(url)  # migrated on open
    assert set(inspect(engine).get_table_names()) >= WEB_TABLES
    with Session(engine) as db:
        assert db.scalar(select(FormRow.unit_code)) == "149020"
    migrate(engine, "0001", down=True)
    assert "unit_code" not in {c["name"] for c in inspect(engine).get_columns("forms")}
    engine.dispose()


def test_ingest_owns_forms_by_implementer_code(url: str) -> None:
    engine = open_store(url)
    ingest(engine, [SEED_FENGTAI, SEED_MIYUN], workers=1)
    with Session(engine) as db:
        owners = {r.project_name: r.unit_code for r in db.scalars(select(FormRow))}
    assert set(owners.values()) == {"149020", None}  # 密云's forms print no implementer code
    engine.dispose()


def test_the_web_app_on_each_backend(url: str) -> None:
    app = create_app(url)
    app.state.user_ids = seed_users(app)
    with WebClient(app) as a, WebClient(app) as b, WebClient(app) as r:
        a.login("unit_a")
        b.login("unit_b")
        r.login("reviewer")
        up = a.api("POST", "/api/upload", files=[("files", ("丰台.txt", SEED_FENGTAI.read_bytes()))])
        assert up.json()["results"][0]["status"] == "stored"
        b.api("POST", "/api/upload", files=[("files", ("密云.txt", SEED_MIYUN.read_bytes()))])
        ids_a = [f["id"] for f in a.get("/api/forms").json()["forms"]]
        assert len(ids_a) == 4 and b.get("/api/forms").json()["total"] == 12
        assert b.get(f"/api/forms/{ids_a[0]}").status_code == 404
        assert r.get("/api/forms").json()["total"] == 4
        assert a.get("/api/forms?q=运维&sort=recomputed").json()["total"] == 1
        assert a.get("/api/dashboard").json()["report"]["overview"]["forms"] == 4
        assert a.get("/forms", headers={"Accept": "text/html"}).status_code == 200
    app.state.engine.dispose()
