"""Uploads: many files, every format parse reads, results and errors per file, size and type
refused with a message, hostile names, originals kept, ownership."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.web.conftest import SEED_FENGTAI, SEED_MIYUN, WebClient

from jixiao.store.models import DocumentRow, FormRow
from jixiao.store.models_web import AuditLogRow, BlobRow
from jixiao.web.app import create_app
from jixiao.web.uploads import UNNAMED, safe_name

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def _upload(c: WebClient, *files: tuple[str, bytes]) -> list[dict[str, object]]:
    response = c.api("POST", "/api/upload", files=[("files", (n, d)) for n, d in files])
    assert response.status_code == 200, response.text
    results: list[dict[str, object]] = response.json()["results"]
    return results


def test_many_files_at_once_each_with_its_result(client_as: object, app: FastAPI) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    results = _upload(
        c,
        ("丰台.txt", SEED_FENGTAI.read_bytes()),
        ("empty.txt", b""),
        ("nothing.txt", "这里没有自评表，只是一段话。".encode()),
        ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    )
    by_name = {r["name"]: r for r in results}
    assert by_name["丰台.txt"]["status"] == "stored"
    assert len(by_name["丰台.txt"]["forms"]) == 4  # type: ignore[arg-type]
    assert "4 张表" in str(by_name["丰台.txt"]["message"])
    assert by_name["empty.txt"]["status"] == "refused" and by_name["empty.txt"]["message"] == "文件为空"
    assert by_name["nothing.txt"]["status"] == "failed"
    assert "未找到" in str(by_name["nothing.txt"]["message"])
    assert by_name["picture.png"]["status"] == "refused"
    assert "不支持的文件类型" in str(by_name["picture.png"]["message"])
    with Session(app.state.engine) as db:
        forms = list(db.scalars(select(FormRow)))
        assert {f.unit_code for f in forms} == {"149020"}  # the uploading unit owns them
        docs = {d.name: d for d in db.scalars(select(DocumentRow))}
        assert docs["nothing.txt"].status == "failed"  # kept, with its reason
        blob = db.get(BlobRow, docs["丰台.txt"].blob_sha256)
        assert blob is not None and blob.content == SEED_FENGTAI.read_bytes()
        assert docs["丰台.txt"].uploaded_by == app.state.user_ids["unit_a"]
        audit = list(db.scalars(select(AuditLogRow).where(AuditLogRow.action == "upload")))
        assert len(audit) == 2


def test_every_format_parse_reads(client_as: object) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    paths = [FIXTURES / "pdf-seeds" / "002-ddf2ad2b933db61d.pdf",
             FIXTURES / "docx" / "002-ddf2ad2b933db61d.docx",
             FIXTURES / "html" / "002-ddf2ad2b933db61d.html",
             FIXTURES / "xls" / "000-9da3ca00a275ab0a.f0.yuan.numbers-as-text.xls",
             *sorted((FIXTURES / "xlsx").glob("002-*.xlsx"))[:1]]
    results = _upload(c, *[(p.name, p.read_bytes()) for p in paths])
    assert len(results) == len(paths) == 5
    for r in results:
        assert r["status"] == "stored", r
        assert r["forms"], r
    assert {r["format"] for r in results} == {"pdf", "docx", "html", "xls", "xlsx"}


def test_second_upload_is_not_stored_twice(client_as: object) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    first = _upload(c, ("a.txt", SEED_FENGTAI.read_bytes()))[0]
    again = _upload(c, ("copy.txt", SEED_FENGTAI.read_bytes()))[0]
    assert first["status"] == "stored" and again["status"] == "skipped"
    assert "已经上传过" in str(again["message"])
    assert [f["id"] for f in again["forms"]] == [f["id"] for f in first["forms"]]  # type: ignore[union-attr]


def test_two_units_uploading_the_same_file_each_get_their_own(client_as: object) -> None:
    a = client_as("unit_a")  # type: ignore[operator]
    b = client_as("unit_b")  # type: ignore[operator]
    ra = _upload(a, ("x.txt", SEED_MIYUN.read_bytes()))[0]
    rb = _upload(b, ("x.txt", SEED_MIYUN.read_bytes()))[0]
    assert ra["status"] == rb["status"] == "stored"
    ids_a = {f["id"] for f in ra["forms"]}  # type: ignore[union-attr]
    ids_b = {f["id"] for f in rb["forms"]}  # type: ignore[union-attr]
    assert ids_a and ids_b and not ids_a & ids_b
    assert a.get(f"/api/forms/{next(iter(ids_b))}").status_code == 404
    assert a.get("/api/forms").json()["total"] == 12 == b.get("/api/forms").json()["total"]


def test_oversized_upload_refused_with_a_message(tmp_path: Path) -> None:
    from tests.web.conftest import seed_users

    app = create_app(f"sqlite:///{tmp_path / 'small.db'}", max_upload_mb=0.001)  # ~1 KB
    app.state.user_ids = seed_users(app)
    with WebClient(app) as c:
        c.login("unit_a")
        r = _upload(c, ("big.txt", SEED_FENGTAI.read_bytes()), ("tiny.txt", "短".encode()))
        assert r[0]["status"] == "refused" and "文件过大" in str(r[0]["message"])
        assert r[1]["status"] == "failed"  # read, but no form in it: the batch went on
        huge = c.api("POST", "/api/upload", files=[("files", ("h.txt", b"x" * 2_000_000))])
        assert huge.status_code == 413 and "过大" in huge.json()["detail"]
        page = c.post("/upload", files=[("files", ("h.txt", b"x" * 2_000_000))],
                      data={"csrf_token": c.csrf}, headers={"Accept": "text/html"})
        assert page.status_code == 413 and "文件过大" in page.text and "/upload" in page.text
    app.state.engine.dispose()


def test_a_zip_that_is_not_an_office_file_is_refused(client_as: object) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    r = _upload(c, ("forms.xlsx", buf.getvalue()))[0]
    assert r["status"] in ("refused", "failed")
    assert r["message"]


def test_hostile_file_names() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\windows\\win.ini") == "win.ini"
    assert safe_name("C:\\Users\\x\\表.xlsx") == "表.xlsx"
    assert safe_name("a\x00b\x1f.txt") == "ab.txt"
    assert safe_name("..") == UNNAMED and safe_name("") == UNNAMED and safe_name(None) == UNNAMED
    long = safe_name("很" * 1000 + ".xlsx")
    assert len(long) <= 160 and long.endswith(".xlsx")
    assert safe_name('<img src=x onerror="alert(1)">.txt') == '<img src=x onerror="alert(1)">.txt'


def test_hostile_names_are_escaped_on_the_page(client_as: object, app: FastAPI) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    evil = '<img src=x onerror=alert(1)>"onmouseover=alert(2).txt'
    page = c.post("/upload", files=[("files", (evil, SEED_FENGTAI.read_bytes()))],
                  data={"csrf_token": c.csrf}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    again = c.get("/upload")  # the recent uploads list shows the stored name, escaped
    assert "&lt;img src=x" in again.text and "<img src=x" not in again.text
    with Session(app.state.engine) as db:
        names = list(db.scalars(select(DocumentRow.name)))
    # kept as sent (the client encodes the quote as %22), only escaped when shown
    assert len(names) == 1 and names[0].startswith("<img src=x onerror=alert(1)>")
    slashed = c.api("POST", "/api/upload", files=[("files", ("<script>x</script>.txt", b"abc"))])
    assert slashed.json()["results"][0]["name"] == "script>.txt"  # no folders in a name


def test_upload_page_without_script_lists_each_file(client_as: object) -> None:
    c = client_as("unit_b")  # type: ignore[operator]
    page = c.get("/upload")
    assert page.status_code == 200 and 'data-testid="upload-input"' in page.text
    assert "上传的表归本单位" in page.text and "MY001" in page.text  # whose forms these become
    done = c.post("/upload", files=[("files", ("密云.txt", SEED_MIYUN.read_bytes())),
                                    ("files", ("空.txt", b""))],
                  data={"csrf_token": c.csrf}, headers={"Accept": "text/html"})
    assert done.text.count('data-testid="upload-result"') == 2
    assert "已入库" in done.text and "文件为空" in done.text
    fragment = c.post("/upload?fragment=1", files=[("files", ("again.txt", SEED_MIYUN.read_bytes()))],
                      headers={"X-CSRF-Token": c.csrf})
    assert fragment.text.lstrip().startswith("<li") and "已存在" in fragment.text


def test_upload_needs_the_csrf_token(client_as: object) -> None:
    c = client_as("unit_a")  # type: ignore[operator]
    response = c.post("/api/upload", files=[("files", ("a.txt", SEED_FENGTAI.read_bytes()))])
    assert response.status_code == 403
    assert c.get("/api/forms").json()["total"] == 0
