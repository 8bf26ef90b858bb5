"""Format backends: one per input format, each producing the same :class:`~jixiao.document.Document`.

The format is detected from the content (magic bytes), not only from the file name, and looked up
in :data:`BACKENDS`, the one explicit format -> backend table.  Readers know nothing of scoring.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from jixiao.document import Document
from jixiao.model import Problem
from jixiao.readers.text.decode import decode_bytes, sniff_binary

MAX_BYTES = 200 * 1024 * 1024  # a form file larger than this is not a form file


class ReadError(Exception):
    """A document that cannot be read at all; carries a :class:`Problem` for the user."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _problem(name: str, code: str, zh: str, en: str) -> ReadError:
    return ReadError(Problem(file=name, code=code, message=zh, message_en=en))


def read_text_bytes(data: bytes, name: str) -> Document:
    from jixiao.readers.text.backend import text_to_document

    decoded = decode_bytes(data)
    if decoded.text is None:
        code = "empty-file" if not data.strip() else "not-text"
        raise _problem(name, code, decoded.problem or "", decoded.problem_en or "")
    return text_to_document(decoded.text, name, encoding=decoded.encoding)


Backend = Callable[[bytes, str], Document]

#: format name -> "module:function" of its backend, imported on first use so that a user reading
#: text never pays for the PDF or spreadsheet libraries.  Each backend takes (data, name) and
#: returns a Document, or raises ReadError with a user-facing problem.
BACKENDS: dict[str, str] = {
    "text": "jixiao.readers:read_text_bytes",
    "html": "jixiao.readers.html:read_html",
    "pdf": "jixiao.readers.pdf:read_pdf",
    "xlsx": "jixiao.readers.workbook:read_xlsx",
    "xls": "jixiao.readers.workbook:read_xls",
    "docx": "jixiao.readers.docx:read_docx",
}

_HTML_HINTS = (b"<html", b"<table", b"<!doctype html", b"<body", b"<tr")


def _zip_kind(data: bytes) -> str:
    """xlsx or docx by the parts inside the zip (names only; nothing is decompressed here)."""
    import io
    import zipfile

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip-corrupt"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    """xls or doc: Excel BIFF streams are named "Workbook"/"Book" (UTF-16 in the directory).

    A password-protected .xlsx/.docx is also an OLE file, holding an "EncryptedPackage" stream;
    it goes to the xlsx backend, which reports it as encrypted.
    """
    if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000]:
        return "xlsx"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data[:1_000_000]:
        return "xls"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    return "ole"


def detect_format(data: bytes) -> str:
    """The format of ``data`` by its content: pdf, xlsx, docx, xls, doc, html, text or binary."""
    magic = sniff_binary(data)
    if magic is None:
        head = data[:4096].lower()
        if any(hint in head for hint in _HTML_HINTS):
            return "html"
        return "text"
    if magic == "PDF":
        return "pdf"
    if magic.startswith("ZIP"):
        return _zip_kind(data)
    if magic.startswith("OLE"):
        return _ole_kind(data)
    return "binary"


def _load_backend(fmt: str, name: str) -> Backend | None:
    """The backend of ``fmt``; ``None`` when the table has none.  A backend whose library is not
    installed is a broken installation, said as such, never passed off as an unsupported format."""
    target = BACKENDS.get(fmt)
    if target is None:
        return None
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        missing = exc.name or str(exc)
        raise _problem(
            name,
            "missing-dependency",
            f"读取 {fmt.upper()} 需要的软件包 {missing} 未安装，请重新运行 scripts/setup",
            f"reading {fmt.upper()} needs the package {missing}, which is not installed; run scripts/setup again",
        ) from exc
    backend: Backend = getattr(module, func_name)
    return backend


def read_document(path: Path, name: str | None = None) -> Document:
    """Read one file into a Document, or raise :class:`ReadError` with a user-facing problem."""
    name = name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _problem(
                name,
                "too-large",
                f"文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）",
                f"file too large ({size // 1024 // 1024} MB, limit {MAX_BYTES // 1024 // 1024} MB)",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _problem(
            name,
            "unreadable-file",
            f"无法读取文件：{exc.strerror}",
            f"cannot read file: {exc.strerror}",
        ) from exc
    fmt = detect_format(data)
    backend = _load_backend(fmt, name)
    if backend is None:
        if fmt == "binary":
            decoded = decode_bytes(data)
            raise _problem(name, "not-text", decoded.problem or "", decoded.problem_en or "")
        raise _problem(
            name,
            "unsupported-format",
            f"暂不支持读取 {fmt.upper()} 格式，请另存为 PDF、xlsx、docx、HTML 或文本",
            f"reading {fmt.upper()} files is not supported; save the form as PDF, xlsx, docx, HTML or text",
        )
    return backend(data, name)
