"""Characters and ruling edges of PDF pages, straight from pdfminer.six.

Why not pdfplumber's ``Page.chars``/``Page.edges``: pdfplumber turns every layout object into a
dict of some twenty resolved attributes (colours, marked content, matrices) that the reader never
uses; that conversion was a fifth of the time per page.  Here only what the table finder and the
text assembly need is kept: a char's text, box and size; an edge's position and orientation.  The
coordinates follow pdfplumber's convention (``top`` measured down from the top of the page), so
pdfplumber's own table finder runs on these edges unchanged.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTLayoutContainer, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

Obj = dict[str, Any]


@dataclass(slots=True)
class PageObjects:
    width: float
    height: float
    chars: list[Obj]  # text, x0, x1, top, bottom, size
    edges: list[Obj]  # orientation "h"/"v", x0, x1, top, bottom, width, height


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> Obj:
    return {
        "object_type": "edge",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _curve_edges(item: LTCurve, height: float, out: list[Obj]) -> None:
    if isinstance(item, LTRect):
        x0, y0, x1, y1 = item.bbox
        top, bottom = height - y1, height - y0
        out += [
            _edge(x0, top, x1, top, "h"),
            _edge(x0, bottom, x1, bottom, "h"),
            _edge(x0, top, x0, bottom, "v"),
            _edge(x1, top, x1, bottom, "v"),
        ]
        return
    pts = item.pts
    for (ax, ay), (bx, by) in itertools.pairwise(pts):
        if ay == by:
            out.append(_edge(min(ax, bx), height - ay, max(ax, bx), height - ay, "h"))
        elif ax == bx:
            top, bottom = height - max(ay, by), height - min(ay, by)
            out.append(_edge(ax, top, ax, bottom, "v"))
        # a slanted segment is no ruling


def _collect(
    container: LTLayoutContainer, height: float, chars: list[Obj], edges: list[Obj]
) -> None:
    for item in container:
        if isinstance(item, LTChar):
            x0, y0, x1, y1 = item.bbox
            chars.append(
                {
                    "text": item.get_text(),
                    "x0": x0,
                    "x1": x1,
                    "top": height - y1,
                    "bottom": height - y0,
                    "size": item.size,
                }
            )
        elif isinstance(item, LTCurve):  # LTRect and LTLine are curves too
            _curve_edges(item, height, edges)
        elif isinstance(item, LTFigure):  # a form XObject: its content is part of the page
            _collect(item, height, chars, edges)


class PageReader:
    """pdfminer set up once per file; pages parsed one at a time, nothing kept between them."""

    def __init__(self, data: bytes) -> None:
        self.document = PDFDocument(PDFParser(io.BytesIO(data)))
        self.resources = PDFResourceManager(caching=True)
        self._device = PDFPageAggregator(self.resources, laparams=None)
        self._interpreter = PDFPageInterpreter(self.resources, self._device)

    def pages(self) -> Iterator[PDFPage]:
        return PDFPage.create_pages(self.document)

    def read(self, page: PDFPage) -> PageObjects:
        self._interpreter.process_page(page)
        layout = self._device.get_result()
        chars: list[Obj] = []
        edges: list[Obj] = []
        _collect(layout, layout.height, chars, edges)
        return PageObjects(layout.width, layout.height, chars, edges)

    def trim_caches(self, max_fonts: int, max_objects: int) -> None:
        """Empty pdfminer's font and object caches once they grow past the given sizes.

        Why: pdfminer keeps every parsed object and font for the life of the document; on a long
        file whose pages carry their own fonts that grows without bound.  Clearing on every page
        would re-parse the fonts real exports share between pages, so only big caches are emptied.
        """
        fonts: dict[Any, Any] | None = getattr(self.resources, "_cached_fonts", None)
        objs: dict[Any, Any] | None = getattr(self.document, "_cached_objs", None)
        if (fonts is not None and len(fonts) > max_fonts) or (
            objs is not None and len(objs) > max_objects
        ):
            if fonts is not None:
                fonts.clear()
            if objs is not None:
                objs.clear()
