"""Format backends: one per input format, each producing the same :class:`~jixiao.document.Document`.

The format is detected from the content (magic bytes), not only from the file name, and looked up
in :data:`BACKENDS`, the one explicit format -> backend table.  Readers know nothing of scoring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jixiao.document import Document
from jixiao.model import Problem
from jixiao.readers.text.backend import text_to_document
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
    decoded = decode_bytes(data)
    if decoded.text is None:
        code = "empty-file" if not data.strip() else "not-text"
        raise _problem(name, code, decoded.problem or "", decoded.problem_en or "")
    return text_to_document(decoded.text, name, encoding=decoded.encoding)


Backend = Callable[[bytes, str], Document]

#: format name -> backend.  Formats without a backend yet are refused with a clear message.
BACKENDS: dict[str, Backend] = {
    "text": read_text_bytes,
}


def detect_format(data: bytes) -> str:
    """The format of ``data`` by its content: pdf, ooxml, ole, image or text."""
    magic = sniff_binary(data)
    if magic is None:
        return "text"
    if magic == "PDF":
        return "pdf"
    if magic.startswith("ZIP"):
        return "ooxml"
    if magic.startswith("OLE"):
        return "ole"
    return "binary"


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
    backend = BACKENDS.get(fmt)
    if backend is None:
        if fmt == "binary":
            decoded = decode_bytes(data)
            raise _problem(name, "not-text", decoded.problem or "", decoded.problem_en or "")
        raise _problem(
            name,
            "unsupported-format",
            f"暂不支持读取 {fmt.upper()} 格式（将在后续版本支持），请先导出为文本",
            f"reading {fmt.upper()} files is not supported yet; export the form as text first",
        )
    return backend(data, name)
