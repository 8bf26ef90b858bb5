"""Where a value came from, shown: the PDF page as an image with the value's cell outlined, or the
sheet and cell of a workbook, or the line of a text file.

Why server-side images: the reviewer checks a number against the document the unit sent, in any
browser, without a PDF viewer and without the original leaving the server.  The page is rendered by
pypdfium2 (already the PDF reader's dependency) and outlined with Pillow; the bytes come from the
store (the upload keeps the original).  Images are bounded in size and cached by (file hash, page,
box, crop) so a reviewer walking down a column of values does not re-render the page each time.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from jixiao.model.provenance import Location

MAX_WIDTH = 1400  # pixels: sharp on a laptop screen, ~150-300 KB per page
CROP_MARGIN = 60.0  # points of context around the cell in the close-up
OUTLINE = (220, 38, 38)  # red, as the findings' errors
_CACHE_SIZE = 64


class PageImageError(ValueError):
    """The page cannot be shown; the message is Chinese, then English."""

    def __init__(self, message: str, message_en: str) -> None:
        self.message, self.message_en = message, message_en
        super().__init__(message)


def describe_location(loc: Location | None) -> str:
    """A place in Chinese: ``第2页（单元格已框出）``, ``工作表 Sheet1 单元格 C5``, ``第12行第3格``."""
    if loc is None:
        return "位置未知"
    place = loc.describe_zh()
    if loc.page is not None and loc.bbox is not None:
        place += " （单元格已框出）"
    return place or "位置未知"


def has_page_image(loc: Location | None) -> bool:
    """True when the value has a PDF page (and so an image can be shown)."""
    return loc is not None and loc.page is not None


@dataclass(frozen=True)
class _Key:
    digest: str
    page: int
    bbox: tuple[float, float, float, float] | None
    crop: bool
    width: int


_cache: OrderedDict[_Key, bytes] = OrderedDict()
_lock = Lock()


def render_page(
    pdf: bytes,
    page: int,
    bbox: tuple[float, float, float, float] | None = None,
    *,
    crop: bool = False,
    max_width: int = MAX_WIDTH,
    digest: str | None = None,
) -> bytes:
    """PNG of ``page`` (1-based) of ``pdf``, with ``bbox`` (x0, top, x1, bottom in PDF points from
    the page's top-left, as the reader records it) outlined; ``crop`` shows only the cell and
    ``CROP_MARGIN`` around it.  ``digest`` (the file's SHA-256) enables the cache."""
    key = _Key(digest, page, bbox, crop, max_width) if digest else None
    if key is not None:
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
    png = _render(pdf, page, bbox, crop, max_width)
    if key is not None:
        with _lock:
            _cache[key] = png
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return png


def _render(
    pdf: bytes,
    page_no: int,
    bbox: tuple[float, float, float, float] | None,
    crop: bool,
    max_width: int,
) -> bytes:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    from PIL import ImageDraw

    try:
        doc = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PageImageError("原始文件不是可读的 PDF，无法显示页面",
                             f"the original is not a readable PDF: {exc}") from None  # fmt: skip
    try:
        if not 1 <= page_no <= len(doc):
            raise PageImageError(f"原始文件没有第 {page_no} 页（共 {len(doc)} 页）",
                                 f"the original has no page {page_no} ({len(doc)} pages)")  # fmt: skip
        page = doc[page_no - 1]
        width_pt, height_pt = page.get_size()
        region = (0.0, 0.0, width_pt, height_pt)
        if crop and bbox is not None:
            x0, top, x1, bottom = bbox
            region = (
                max(0.0, x0 - CROP_MARGIN),
                max(0.0, top - CROP_MARGIN),
                min(width_pt, x1 + CROP_MARGIN),
                min(height_pt, bottom + CROP_MARGIN),
            )
        span = max(region[2] - region[0], 1.0)
        scale = min(max_width / span, 4.0)
        crop_box = (region[0], height_pt - region[3], width_pt - region[2], region[1])
        image = page.render(scale=scale, crop=crop_box).to_pil().convert("RGB")
        if bbox is not None:
            x0, top, x1, bottom = bbox
            draw = ImageDraw.Draw(image)
            box = [
                (x0 - region[0]) * scale - 2,
                (top - region[1]) * scale - 2,
                (x1 - region[0]) * scale + 2,
                (bottom - region[1]) * scale + 2,
            ]
            draw.rectangle(box, outline=OUTLINE, width=max(2, round(scale)))
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()
    finally:
        doc.close()
