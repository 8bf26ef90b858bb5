"""The PDF backend: native (text-layer) PDFs with ruled tables, one grid per table per page.

Why two libraries (see shared/domain/ecosystem.md §1): pdfplumber (MIT) finds ruled tables with
exact cell boxes, from which :mod:`~jixiao.readers.pdf_layout` rebuilds merged cells; pypdfium2 opens
the file first, because it is fast and strict: it tells an encrypted file from a corrupt one and
counts each page's text-layer characters at ~100 pages/s, so image-only pages are reported as
needing OCR (never silently empty) and never reach the slower table finder.  PyMuPDF is AGPL and
is not used.

Bounded cost: the page count is capped (:data:`MAX_PAGES`, or ``JIXIAO_PDF_MAX_PAGES``), pages are
read one at a time and each is closed after use, so memory stays flat on a 500-page file.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from jixiao.document import Document
from jixiao.model import Problem
from jixiao.model.provenance import Note, Severity
from jixiao.readers import ReadError
from jixiao.readers.pdf_layout import read_page
from jixiao.readers.pdf_objects import PageReader

MAX_PAGES = 1000  # a file longer than this is not a batch of forms but a book
CACHED_FONTS = 200  # pdfminer cache sizes past which they are emptied (see _bound_caches)
CACHED_OBJECTS = 5000
SCAN_MAX_CHARS = 40  # a page with fewer characters and a page-sized image is a scan
MAX_PAGE_CHARS = 30_000  # a form page has about a thousand; see page_kind
MAX_PAGE_OBJECTS = 20_000  # a form page has a few hundred
PDFIUM_CHUNK = 50  # pages between reopenings of the PDFium document (see page_kinds)

# pdfminer logs a warning for every damaged stream or odd font; the reader reports what matters
# to the user as notes and problems, so the library's own chatter stays below ERROR.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _fail(name: str, code: str, zh: str, en: str) -> ReadError:
    return ReadError(Problem(file=name, code=code, message=zh, message_en=en))


def _pages(numbers: list[int]) -> str:
    """1-based page numbers as a short list: "1、3–5" style ranges, the same in both languages."""
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


def _open_pdfium(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise _fail(
                name,
                "encrypted",
                "PDF 文件设有打开密码，无法读取；请去除密码后重新提交",
                "the PDF is password-protected; remove the password and submit it again",
            ) from None
        raise _fail(
            name,
            "corrupt-pdf",
            "PDF 文件已损坏或不完整（可能下载中断），无法读取",
            "the PDF is damaged or incomplete (perhaps a cut-off download) and cannot be read",
        ) from None


TEXT, SCAN, HEAVY = "text", "scan", "heavy"  # what PDFium says a page is


def page_kind(page: Any) -> str:
    """TEXT for a page with a text layer, SCAN for a scan, HEAVY for a page too big to parse.

    A scan can still carry a few characters: a page number or stamp added after scanning.  So a
    page with fewer than :data:`SCAN_MAX_CHARS` characters counts as a scan when one image covers
    most of it.  A page with more than :data:`MAX_PAGE_OBJECTS` drawing objects or
    :data:`MAX_PAGE_CHARS` characters is a map or a book page, not a form, and pdfminer would
    spend seconds on it: it is skipped, so every page's cost stays bounded.
    """
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    textpage = page.get_textpage()
    text = textpage.get_text_range()
    textpage.close()
    visible = sum(1 for ch in text if not ch.isspace())
    if visible > MAX_PAGE_CHARS or pdfium_c.FPDFPage_CountObjects(page.raw) > MAX_PAGE_OBJECTS:
        return HEAVY
    if visible >= SCAN_MAX_CHARS:
        return TEXT
    if visible == 0:
        return SCAN
    width, height = page.get_size()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        if (x1 - x0) * (y1 - y0) >= 0.5 * width * height:
            return SCAN
    return TEXT


def page_kinds(data: bytes, name: str, limit: int) -> list[str]:
    """What each page is (see :func:`page_kind`); raises for encrypted, corrupt or too long files.

    PDFium keeps the fonts it loads for the life of the document, so the file is reopened every
    :data:`PDFIUM_CHUNK` pages (opening costs only the cross-reference table) to keep memory flat.
    """
    import pypdfium2 as pdfium

    doc = _open_pdfium(data, name)
    try:
        count = len(doc)
        if count > limit:
            raise _fail(
                name,
                "too-many-pages",
                f"PDF 共 {count} 页，超过上限 {limit} 页；请拆分文件后再读取",
                f"the PDF has {count} pages, more than the limit of {limit}; split the file",
            )
        kinds: list[str] = []
        for i in range(count):
            if i and i % PDFIUM_CHUNK == 0:
                doc.close()
                doc = _open_pdfium(data, name)
            try:
                page = doc[i]
            except pdfium.PdfiumError:  # a damaged page: let pdfminer try it, or report it unread
                kinds.append(TEXT)
                continue
            try:
                kinds.append(page_kind(page))
            except Exception:  # PDFium could not say: let pdfminer try the page
                kinds.append(TEXT)
            finally:
                page.close()
        return kinds
    finally:
        doc.close()


def _open_miner(data: bytes, name: str) -> PageReader:
    """pdfminer's view of the file; pdfminer is stricter than PDFium about damage."""
    try:
        return PageReader(data)
    except Exception as exc:  # pdfminer's errors share no base class worth naming
        raise _corrupt(name, exc) from None


def _corrupt(name: str, exc: Exception) -> ReadError:
    return _fail(
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
        raise _fail(
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
            unread.extend(n for n in range(number, count + 1) if kinds[n - 1] == TEXT)
            break
        if kinds[number - 1] != TEXT:
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
