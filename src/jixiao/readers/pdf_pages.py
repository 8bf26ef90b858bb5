"""PDFium's look at a PDF before parsing: can it be opened, and what is each page.

Why PDFium first: it opens a file in milliseconds, tells a password from damage (pdfminer would
fail later and vaguely), and reads a page's text layer and object count at hundreds of pages per
second, so scans and pages too big to be a form are known before pdfminer spends time on them.
"""

from __future__ import annotations

from typing import Any

from jixiao.model import Problem
from jixiao.readers import ReadError

TEXT, SCAN, HEAVY = "text", "scan", "heavy"  # what PDFium says a page is
SCAN_TEXT = "scan-text"  # a scan with a text layer (OCR'd, "searchable"): text but no rulings
SCAN_MAX_CHARS = 40  # a page with fewer characters and a page-sized image is a scan
MAX_PAGE_CHARS = 30_000  # a form page has about a thousand; see page_kind
MAX_PAGE_OBJECTS = 20_000  # a form page has a few hundred
PDFIUM_CHUNK = 50  # pages between reopenings of the PDFium document (see page_kinds)


def fail(name: str, code: str, zh: str, en: str) -> ReadError:
    return ReadError(Problem(file=name, code=code, message=zh, message_en=en))


def _open_pdfium(data: bytes, name: str) -> Any:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise fail(
                name,
                "encrypted",
                "PDF 文件设有打开密码，无法读取；请去除密码后重新提交",
                "the PDF is password-protected; remove the password and submit it again",
            ) from None
        raise fail(
            name,
            "corrupt-pdf",
            "PDF 文件已损坏或不完整（可能下载中断），无法读取",
            "the PDF is damaged or incomplete (perhaps a cut-off download) and cannot be read",
        ) from None


def page_kind(page: Any) -> str:
    """TEXT, SCAN, SCAN_TEXT (a searchable scan), or HEAVY for a page too big to parse.

    A scan can still carry a few characters: a page number or stamp added after scanning.  So a
    page with fewer than :data:`SCAN_MAX_CHARS` characters counts as a scan when one image covers
    most of it; with more, it is a searchable scan, whose text is read but whose table rulings
    are only in the image.  A page with more than :data:`MAX_PAGE_OBJECTS` drawing objects or
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
    if visible == 0:
        return SCAN
    width, height = page.get_size()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        x0, y0, x1, y1 = obj.get_bounds()
        if (x1 - x0) * (y1 - y0) >= 0.5 * width * height:
            return SCAN if visible < SCAN_MAX_CHARS else SCAN_TEXT
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
            raise fail(
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
