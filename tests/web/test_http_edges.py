"""HTTP edge cases that no page shows but a server log or a monitoring tool does: a browser that
drops a request mid-body (htmx superseding a live preview), and ``HEAD`` requests."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from fastapi import FastAPI


def _disconnecting_post(app: FastAPI, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """POST ``path`` straight through ASGI, the client gone before its body arrives (what
    uvicorn reports when the browser aborts the request); the messages the app sent back."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # an unhandled exception would propagate here
    return sent


def test_a_preview_the_browser_cancels_leaves_no_traceback(
    app: FastAPI, client_as: Any, caplog: pytest.LogCaptureFixture
) -> None:
    unit = client_as("unit_a")
    headers = {
        "content-type": "application/x-www-form-urlencoded", "content-length": "40",
        "x-csrf-token": unit.csrf, "hx-request": "true",
        "cookie": "; ".join(f"{k}={v}" for k, v in unit.cookies.items()),
    }  # fmt: skip
    with caplog.at_level(logging.DEBUG):
        sent = _disconnecting_post(app, "/new/preview", headers)
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 499  # "client closed request": only the access log sees it
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
    # the same page still answers a request that arrives whole
    assert unit.post("/new/preview", data={"year": "2024"}, headers={"X-CSRF-Token": unit.csrf,
                                                                       "HX-Request": "true"}).status_code == 200


@pytest.mark.parametrize("path", ["/login", "/static/app.css"])
def test_head_is_answered_like_get_without_a_body(client: Any, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b"" and got.content
    assert head.headers["content-type"] == got.headers["content-type"]


def test_head_of_a_signed_in_page_and_of_an_anonymous_one(client_as: Any, client: Any) -> None:
    unit = client_as("unit_a")
    for path in ("/forms", "/new", "/dashboard"):
        head, got = unit.head(path), unit.get(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and "<html" in got.text
    # anonymous: HEAD is sent to the login page as GET is, never 405
    anonymous = client.head("/forms", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    # a POST-only address still refuses HEAD (as it refuses GET)
    assert client.head("/new/preview").status_code == 405
