"""The PDF backend: native (text-layer) PDFs with ruled tables, one grid per table per page.

Why these libraries (see shared/domain/ecosystem.md §1): PDFium (pypdfium2, Apache-2.0) opens the
file first because it is fast and strict: it tells an encrypted file from a corrupt one and sorts
the pages into text, scan and overfull (:mod:`~jixiao.readers.pdf_pages`), so scans are reported
as needing OCR, never silently empty, and never reach the slower parser.  pdfminer.six then gives
each text page's characters and rulings (:mod:`~jixiao.readers.pdf_objects`), and pdfplumber's
(MIT) lines-strategy table finder turns the rulings into cell boxes, from which
:mod:`~jixiao.readers.pdf_layout` rebuilds merged cells.  PyMuPDF is AGPL and is not used.

Bounded cost: the page count is capped (:data:`MAX_PAGES`, or ``JIXIAO_PDF_MAX_PAGES``), overfull
pages are skipped, pages are parsed one at a time and the parsers' caches are trimmed, so time
grows linearly and memory stays flat on a 500-page file.
"""

from __future__ import annotations

import logging
import os

from jixiao.document import Document
from jixiao.model.provenance import Note, Severity
from jixiao.readers import ReadError
from jixiao.readers.pdf_layout import read_page
from jixiao.readers.pdf_objects import PageReader
from jixiao.readers.pdf_pages import HEAVY, SCAN, SCAN_TEXT, TEXT, fail, page_kinds

MAX_PAGES = 1000  # a file longer than this is not a batch of forms but a book
CACHED_FONTS = 200  # pdfminer cache sizes past which they are emptied (see PageReader.trim_caches)
CACHED_OBJECTS = 5000

# pdfminer logs a warning for every damaged stream or odd font; the reader reports what matters
# to the user as notes and problems, so the library's own chatter stays below ERROR.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _pages(numbers: list[int]) -> str:
    """1-based page numbers as a short list with ranges ("1, 3-5"), the same in both languages."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(parts)


def max_pages() -> int:
    raw = os.environ.get("JIXIAO_PDF_MAX_PAGES", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_PAGES


def _open_miner(data: bytes, name: str) -> PageReader:
    """pdfminer's view of the file; pdfminer is stricter than PDFium about damage."""
    try:
        return PageReader(data)
    except Exception as exc:  # pdfminer's errors share no base class worth naming
        raise _corrupt(name, exc) from None


def _corrupt(name: str, exc: Exception) -> ReadError:
    return fail(
        name,
        "corrupt-pdf",
        "PDF 文件结构无法解析，无法读取",
        f"the PDF's structure cannot be parsed ({type(exc).__name__})",
    )


def read_pdf(data: bytes, name: str, *, limit: int | None = None) -> Document:
    """Read a PDF into a Document, one grid per table and per block of free text, page by page."""
    kinds = page_kinds(data, name, limit or max_pages())
    count = len(kinds)
    if count == 0 or all(kind == SCAN for kind in kinds):
        raise fail(
            name,
            "needs-ocr",
            "PDF 没有文字层（扫描件或图片），需要先进行文字识别（OCR）",
            "the PDF has no text layer (a scan or images); it needs OCR",
        )
    document = Document(name=name, grids=[], format="pdf")
    pages_with: dict[str, list[int]] = {code: [] for code in _PAGE_NOTES}
    pages_with["needs-ocr"] = [n for n, kind in enumerate(kinds, start=1) if kind == SCAN]
    pages_with["pdf-complex-page"] = [n for n, kind in enumerate(kinds, start=1) if kind == HEAVY]
    unread = pages_with["pdf-page-unreadable"]
    reader = _open_miner(data, name)
    page_iter = reader.pages()
    for number in range(1, count + 1):
        try:
            page = next(page_iter)
        except StopIteration:
            break
        except Exception:  # a broken page tree: the pages PDFium saw but pdfminer cannot reach
            unread.extend(n for n in range(number, count + 1) if kinds[n - 1] in (TEXT, SCAN_TEXT))
            break
        if kinds[number - 1] not in (TEXT, SCAN_TEXT):
            continue
        try:
            content = read_page(reader.read(page), number)
        except Exception:  # one broken page costs itself, not the file
            unread.append(number)
            continue
        finally:
            reader.trim_caches(CACHED_FONTS, CACHED_OBJECTS)
        document.grids.extend(content.grids)
        if content.cid_chars:
            pages_with["pdf-cid-text"].append(number)
        if content.too_complex:
            pages_with["pdf-complex-page"].append(number)
        if kinds[number - 1] == SCAN_TEXT and all(not g.has_columns for g in content.grids):
            pages_with["pdf-scan-text-layer"].append(number)
    if unread and not document.grids:
        raise _corrupt(name, RuntimeError("no page could be parsed"))
    _add_notes(document, pages_with)
    return document


#: note code -> (Chinese, English) message about a list of pages, filled in with the page numbers
_PAGE_NOTES: dict[str, tuple[str, str]] = {
    "needs-ocr": (
        "第 {} 页没有文字层（扫描件或图片），需要文字识别（OCR），其内容未读取",
        "page(s) {} have no text layer (scanned or images) and need OCR; their content was not read",
    ),
    "pdf-cid-text": (
        "第 {} 页的字体缺少字符映射（ToUnicode），部分文字提取为“(cid:…)”乱码，请核对或改用 OCR",
        "page(s) {} use a font without a ToUnicode map; some text came out as '(cid:…)' garbage: check it or use OCR",
    ),
    "pdf-complex-page": (
        "第 {} 页内容过多（图形或长文，不像自评表），已跳过或只读取了文字",
        "page(s) {} hold too much content for a form (a drawing or long text); skipped or read as text only",
    ),
    "pdf-scan-text-layer": (
        "第 {} 页是带文字层的扫描件，表格线只在图像中，已按文字读取，表格结构可能不完整；最好用 OCR 识别表格",
        "page(s) {} are scans with a text layer: the table rulings are only in the image, so the text was read without its table structure; table OCR would do better",
    ),
    "pdf-page-unreadable": (
        "第 {} 页无法解析，已跳过",
        "page(s) {} could not be parsed and were skipped",
    ),
}


def _add_notes(document: Document, pages: dict[str, list[int]]) -> None:
    for code, (zh, en) in _PAGE_NOTES.items():
        if pages.get(code):
            where = _pages(pages[code])
            document.notes.append(
                Note(
                    code=code,
                    severity=Severity.warning,
                    message=zh.format(where),
                    message_en=en.format(where),
                )
            )


__all__ = ["MAX_PAGES", "read_pdf"]
