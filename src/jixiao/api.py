"""The Python API for reading forms: :func:`parse`, :func:`iter_parse` and :func:`parse_text`.

Every call returns one :class:`~jixiao.model.ParseResult` per document; a document that cannot be
read yields a result with a :class:`~jixiao.model.Problem` instead of raising, so one bad file
never costs the rest of a batch.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jixiao.document import Document
from jixiao.model import ParseResult, Problem
from jixiao.readers import ReadError, read_document
from jixiao.readers.text.backend import text_to_document
from jixiao.recognize import recognize

PathLike = str | os.PathLike[str]


def expand_paths(paths: Iterable[PathLike]) -> Iterator[Path]:
    """Files as given, folders walked recursively in a stable (sorted) order; hidden files skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path


def _internal_error(name: str, exc: BaseException) -> Problem:
    if os.environ.get("JIXIAO_DEBUG"):
        traceback.print_exception(exc)
    return Problem(
        file=name,
        code="internal-error",
        message=f"读取时发生内部错误（{type(exc).__name__}），请报告此问题并附上文件",
        message_en=f"internal error while reading ({type(exc).__name__}); please report it with the file",
    )


def parse_document(document: Document) -> ParseResult:
    """Recognize the forms of an already-read Document."""
    try:
        found = recognize(document)
    except Exception as exc:  # never let one document stop a batch
        return ParseResult(document=document.name, problems=[_internal_error(document.name, exc)])
    for form in found.forms:
        form.notes[:0] = [n.model_copy() for n in document.notes]
    return ParseResult(document=document.name, forms=found.forms, problems=found.problems)


def parse_file(path: PathLike, name: str | None = None) -> ParseResult:
    """Read one file; problems come back as values, never as exceptions."""
    with _collector_paused():
        return _parse_file(path, name)


def _parse_file(path: PathLike, name: str | None) -> ParseResult:
    name = name or str(path)
    if not Path(path).exists():
        problem = Problem(
            file=name, code="not-found", message="文件不存在", message_en="no such file"
        )
        return ParseResult(document=name, problems=[problem])
    try:
        document = read_document(Path(path), name)
    except ReadError as err:
        return ParseResult(document=name, problems=[err.problem])
    except Exception as exc:
        return ParseResult(document=name, problems=[_internal_error(name, exc)])
    return parse_document(document)


def iter_parse(paths: Iterable[PathLike]) -> Iterator[ParseResult]:
    """Parse files and folders one document at a time (memory stays flat for large batches)."""
    for path in expand_paths(paths):
        yield parse_file(path)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a document builds thousands of short-lived objects and no reference cycles, which
    reference counting frees as soon as the document is done; Python's cyclic collector would only
    walk them again and again (~15 % of the parse bench's time).  It is paused for one document,
    never while the caller runs, and left as it was found.

    What the document leaves alive (the forms, new entries of the bounded memo tables) would
    still be walked once the collector resumes — young-generation passes, then full passes as
    they age, 5-10 % of the bench's time.  So the caller's young objects are collected first
    (``gc.collect(1)``: its garbage is collected as usual, and cheaply, as the caller holds few
    young objects between documents), and after the document everything young — only what the
    document made — moves straight to the oldest generation (``gc.freeze()`` then
    ``gc.unfreeze()``, which re-links lists without walking them).  Those objects are freed by
    reference counting as before; only a full collection would look at them again.  A caller
    that keeps objects frozen itself (``gc.get_freeze_count() > 0``) is left alone: unfreezing
    would undo its freeze, so there the collector is only paused."""
    enabled = gc.isenabled()
    promote = enabled and gc.get_freeze_count() == 0
    if promote:
        gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        if promote:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def parse(paths: PathLike | Iterable[PathLike]) -> list[ParseResult]:
    """Parse files and folders; one :class:`ParseResult` per document.

    >>> results = parse(["forms.txt"])                       # doctest: +SKIP
    >>> [f.project_name for r in results for f in r.forms]   # doctest: +SKIP
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return list(iter_parse(paths))


def parse_text(text: str, name: str = "<text>") -> ParseResult:
    """Parse forms from a string (e.g. text pasted from a PDF or a spreadsheet)."""
    if not text.strip():
        problem = Problem(
            file=name, code="empty-file", message="文本为空", message_en="the text is empty"
        )
        return ParseResult(document=name, problems=[problem])
    try:
        document = text_to_document(text, name)
    except Exception as exc:
        return ParseResult(document=name, problems=[_internal_error(name, exc)])
    return parse_document(document)
