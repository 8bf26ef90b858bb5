"""Security choices that are not a single page's behaviour: the password KDF, what the store
keeps of passwords and sessions, escaping of user input echoed back in messages."""

from __future__ import annotations

from argon2 import Type
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import PASSWORD, PRODUCTION_HASHER, WebClient, csrf_from

from jixiao.store.models_web import UserRow, WebSessionRow
from jixiao.web.security import SESSION_COOKIE, token_key


def test_passwords_use_argon2id_with_owasp_parameters() -> None:
    assert PRODUCTION_HASHER.type is Type.ID
    # OWASP: at least m=19 MiB, t=2, p=1 for Argon2id
    assert PRODUCTION_HASHER.memory_cost >= 19 * 1024 and PRODUCTION_HASHER.time_cost >= 2
    assert PRODUCTION_HASHER.hash("x" * 12).startswith("$argon2id$")


def test_the_store_keeps_no_password_and_no_session_token(client_as: object, app: FastAPI) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    token = c.cookies.get(SESSION_COOKIE)
    with Session(app.state.engine) as db:
        user = db.scalar(select(UserRow).where(UserRow.username == "unit_a"))
        assert user is not None
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
        ids = list(db.scalars(select(WebSessionRow.id)))
    assert token not in ids and token_key(str(token)) in ids


def test_user_input_in_messages_is_escaped(client: WebClient, client_as: object) -> None:
    hostile = '<script>alert(1)</script>'
    login = client.get("/login")

    page = client.post("/login", data={"username": hostile, "password": "x",
                                       "csrf_token": csrf_from(login.text)})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text  # the name is kept in the field, escaped
    c = client_as("unit_a")  # type: ignore[operator]
    bad = c.get("/forms?year=<script>alert(1)</script>", headers={"Accept": "text/html"})
    assert bad.status_code == 422 and "<script>alert(1)</script>" not in bad.text
    missing = c.get("/forms/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"Accept": "text/html"})
    assert "<script>alert(1)</script>" not in missing.text


def test_csrf_token_changes_with_the_session(app: FastAPI) -> None:
    with WebClient(app) as c:
        c.login("unit_a")
        first = c.csrf
        c.form_post("/logout")
        c.login("unit_a")
        assert c.csrf and c.csrf != first
        stale = c.post("/logout", headers={"X-CSRF-Token": first}, follow_redirects=False)
        assert stale.status_code == 403


def test_a_cross_site_form_post_is_refused(client_as: object) -> None:
    """What a hostile page can send: the browser adds the cookie, but it cannot know the token."""
    c = client_as("admin")  # type: ignore[operator]
    forged = c.post("/admin/users", data={"username": "mallory", "role": "admin"},
                    headers={"Origin": "https://evil.example", "Content-Type":
                             "application/x-www-form-urlencoded"})
    assert forged.status_code == 403
    users = c.get("/admin/users", headers={"Accept": "text/html"}).text
    assert "mallory" not in users
