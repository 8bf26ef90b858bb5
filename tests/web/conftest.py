"""Shared fixtures of the web tests: the app on a temporary SQLite store with one user of each
kind, and clients that sign in and send the CSRF token like a browser does.

Users (all with password ``PASSWORD``):

* ``admin`` — 管理员
* ``unit_a`` — 填报单位 北京市丰台区社区卫生服务管理中心, code 149020 (owns seed 002's forms)
* ``unit_b`` — 填报单位 北京市密云区卫生健康委员会, code MY001 (owns seed 000's forms)
* ``reviewer`` — 审核人 of 北京市丰台区卫生健康委员会 (code 149001, seed 002's department)
* ``reviewer_none`` — 审核人 with no department
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.api import parse_file
from jixiao.store.db import open_store
from jixiao.store.ingest import build_record, file_sha256
from jixiao.store.models import FormRow
from jixiao.store.models_web import DepartmentRow, ReviewerDepartmentRow, UserRow
from jixiao.store.write import write_document
from jixiao.web import security
from jixiao.web.app import create_app
from jixiao.web.security import hash_password

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "src" / "jixiao" / "samples"
SEED_MIYUN = SAMPLES / "000_9da3ca00a275ab0a.txt"  # 12 forms, 北京市密云区卫生健康委员会
SEED_FENGTAI = SAMPLES / "002_ddf2ad2b933db61d.txt"  # 4 forms, 149001 丰台区卫健委 / 149020
PASSWORD = "correct-horse-9"

USERS: dict[str, dict[str, Any]] = {
    "admin": {"role": "admin", "display_name": "系统管理员"},
    "unit_a": {"role": "unit", "display_name": "丰台社区中心", "unit_code": "149020",
               "unit_name": "北京市丰台区社区卫生服务管理中心"},
    "unit_b": {"role": "unit", "display_name": "密云卫健委", "unit_code": "MY001",
               "unit_name": "北京市密云区卫生健康委员会"},
    "reviewer": {"role": "reviewer", "display_name": "丰台审核人"},
    "reviewer_none": {"role": "reviewer", "display_name": "未分配审核人"},
}  # fmt: skip
_HASH: dict[str, str] = {}


def password_hash() -> str:
    """One Argon2id hash for every test user (hashing is deliberately slow)."""
    if "h" not in _HASH:
        _HASH["h"] = hash_password(PASSWORD)
    return _HASH["h"]


def seed_users(app: FastAPI) -> dict[str, int]:
    """Create the users above and the reviewer's department; their ids by user name."""
    ids: dict[str, int] = {}
    with Session(app.state.engine) as db:
        for name, fields in USERS.items():
            user = UserRow(username=name, password_hash=password_hash(), active=True,
                           must_change_password=False, created_at=datetime.now(UTC), **fields)
            db.add(user)
            db.flush()
            ids[name] = user.id
        fengtai = DepartmentRow(name="北京市丰台区卫生健康委员会", code="149001")
        miyun = DepartmentRow(name="北京市密云区卫生健康委员会", code=None)
        db.add_all([fengtai, miyun])
        db.flush()
        db.add(ReviewerDepartmentRow(user_id=ids["reviewer"], department_id=fengtai.id))
        db.commit()
    return ids


def store_file(app: FastAPI, path: Path, owner: str | None, uploaded_by: int | None = None) -> list[int]:
    """Ingest one file as if ``owner`` had uploaded it; the ids of its forms."""
    data = path.read_bytes()
    rec = build_record(path.name, file_sha256(path), "text", len(data), parse_file(path, path.name))
    rec.owner, rec.uploaded_by = owner, uploaded_by
    write_document(app.state.engine, rec)
    with Session(app.state.engine) as db:
        return list(db.scalars(select(FormRow.id).where(FormRow.unit_code == owner)
                               .order_by(FormRow.id)))


class WebClient(TestClient):
    """A TestClient that signs in and sends the CSRF token like the pages do."""

    csrf: str = ""

    def login(self, username: str, password: str = PASSWORD) -> Any:
        page = self.get("/login")
        token = csrf_from(page.text)
        response = self.post("/login", data={"username": username, "password": password,
                                             "csrf_token": token}, follow_redirects=False)
        if response.status_code == 303:
            self.refresh_csrf()
        return response

    def refresh_csrf(self) -> str:
        me = self.get("/api/me")
        self.csrf = me.json()["csrf_token"] if me.status_code == 200 else ""
        return self.csrf

    def form_post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with the hidden ``csrf_token`` field, as a page's form would."""
        return self.post(url, data={**(data or {}), "csrf_token": self.csrf}, **kwargs)

    def api(self, method: str, url: str, **kwargs: Any) -> Any:
        """An API call with the ``X-CSRF-Token`` header, as the pages' scripts send it."""
        headers = {**kwargs.pop("headers", {}), "X-CSRF-Token": self.csrf}
        return self.request(method, url, headers=headers, **kwargs)


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


PRODUCTION_HASHER = security._hasher  # checked in test_security.py
# Argon2id at its cheapest for the tests: the production cost (~0.1-0.5 s per hash, on purpose)
# would make every sign-in of the suite slow.  Hashes carry their parameters, so verifying works.
_FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "_hasher", _FAST_HASHER)
    monkeypatch.setattr(security, "_DUMMY_HASH", _FAST_HASHER.hash("jixiao: no such user"))


@pytest.fixture(scope="session")
def _migrated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store migrated to the head, copied for each test (migrating takes about a second)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    open_store(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, _migrated_store: Path) -> Iterator[FastAPI]:
    shutil.copyfile(_migrated_store, tmp_path / "web.db")
    application = create_app(f"sqlite:///{tmp_path / 'web.db'}")
    application.state.user_ids = seed_users(application)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[WebClient]:
    """An anonymous client."""
    with WebClient(app) as c:
        yield c


@pytest.fixture
def client_as(app: FastAPI) -> Iterator[Any]:
    """``client_as("unit_a")``: a new client signed in as that user."""
    opened: list[WebClient] = []

    def make(username: str) -> WebClient:
        c = WebClient(app)
        c.__enter__()
        opened.append(c)
        response = c.login(username)
        assert response.status_code == 303, response.text
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)


@pytest.fixture
def seeded(app: FastAPI) -> dict[str, list[int]]:
    """Seed 002 owned by unit_a (149020), seed 000 owned by unit_b (MY001): form ids by owner."""
    return {
        "unit_a": store_file(app, SEED_FENGTAI, "149020", app.state.user_ids["unit_a"]),
        "unit_b": store_file(app, SEED_MIYUN, "MY001", app.state.user_ids["unit_b"]),
    }
