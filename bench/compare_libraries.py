"""Library choice, measured: each format's chosen library against the alternatives, on our fixtures.

Issue #3 asks that every reading library be chosen by measuring speed and fidelity on the
project's own fixtures (tests/data/fixtures/), not by reputation.  For each format this script
reads the same files with our backend and with the realistic alternatives that install from the
package index without model downloads, and writes bench/results-libraries.md.

Speed is CPU seconds (``time.process_time``) per page / sheet / table on one core (the process is
pinned to one CPU), after one warm-up pass that pays for imports and first-call set-up.

Fidelity is measured against our backend's cells (the reference the tests check by hand):

* cells matched: of our non-empty cells, how many the library returns with the same text
  (whitespace removed, numbers compared at 15 significant digits), counted as multisets;
* surplus: cells the library returns more often than we do -- a merged cell copied into every
  slot it covers shows up here (产出指标 x16);
* merged cells: how the library hands back a merged cell -- as a span (kept once, with its size),
  as empty/None slots (kept once, size lost), or copied into every slot;
* probes: strings that must arrive whole in ONE cell -- the project name, 其中：当年财政拨款, and
  every cell that wraps over two or more lines in the source (a two-line indicator such as
  基层医疗服务能力提升（购置设备）正常运行并验收合格).

Comparison libraries (pandas, PyMuPDF, xlrd) are installed into the venv for the measurement only;
they are not project dependencies.  A library that is not installed gets a row saying so.

    python bench/compare_libraries.py             # writes bench/results-libraries.md
    python bench/compare_libraries.py --repeat 5  # more passes per timing (default 3)
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import platform
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "data" / "fixtures"
RESULTS = Path(__file__).resolve().parent / "results-libraries.md"
sys.path.insert(0, str(ROOT / "src"))

logging.getLogger("pdfminer").setLevel(logging.ERROR)
warnings.filterwarnings("ignore")

FIXED_PROBES = ("其中：当年财政拨款",)
_WS = re.compile(r"\s+")
_NUM = re.compile(r"^-?\d+(\.\d+)?$")

# PDF fixtures that hold form tables; encrypted/truncated/image_only are refusal cases, measured
# separately in the "odd inputs" table.
PDF_FILES = [
    *(FIX / "pdf" / n for n in ("one_page.pdf", "page_break.pdf", "two_forms.pdf", "mixed.pdf")),
    *sorted((FIX / "pdf-seeds").glob("*.pdf")),
]
ODD_PDFS = [
    "encrypted.pdf",
    "truncated.pdf",
    "image_only.pdf",
    "searchable_scan.pdf",
    "cid_font.pdf",
]


def norm(text: Any) -> str:
    """A cell's text for comparison: whitespace removed, numbers at 15 significant digits."""
    if text is None:
        return ""
    if isinstance(text, float):
        if text != text:  # NaN: pandas' empty cell
            return ""
        text = f"{text:.15g}"
    s = _WS.sub("", str(text))
    if _NUM.match(s):
        s = f"{float(s):.15g}"
    return s


@dataclass
class Extract:
    """What one library gave for one file."""

    cells: list[str] = field(default_factory=list)  # non-empty cell texts, normalised
    spans: int = 0  # merged cells returned once with their size
    empty_slots: int = 0  # slots a merged cell covers returned as None / ""
    units: int = 0  # pages, sheets or tables
    error: str = ""


@dataclass
class Row:
    library: str
    licence: str
    cpu: float = 0.0
    units: int = 0
    matched: int = 0
    reference: int = 0
    surplus: int = 0
    spans: int = 0
    empty_slots: int = 0
    probes_ok: int = 0
    probes: int = 0
    copies: str = ""
    merged: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)
    missed: Counter[str] = field(default_factory=Counter)


def ours_cells(doc: Any, tables_only: bool = True) -> Extract:
    out = Extract()
    for grid in doc.grids:
        if tables_only and not grid.has_columns:
            continue
        for row in grid.rows:
            for cell in row.cells:
                if cell.colspan > 1 or cell.rowspan > 1:
                    out.spans += 1
                t = norm(cell.text)
                if t:
                    out.cells.append(t)
    return out


def probes_of(doc: Any) -> list[str]:
    """The project name(s), the fixed probes, and every wrapped (multi-line) cell of ours."""
    found: list[str] = []
    for grid in doc.grids:
        for row in grid.rows:
            texts = [c.text for c in row.cells]
            for i, t in enumerate(texts):
                if norm(t) == "项目名称" and i + 1 < len(texts) and norm(texts[i + 1]):
                    found.append(norm(texts[i + 1]))
                elif ("\n" in t.strip() and len(norm(t)) >= 6) or norm(t) in FIXED_PROBES:
                    found.append(norm(t))
    return found


def score(row: Row, ref: Extract, alt: Extract, probes: list[str]) -> None:
    mine, theirs = Counter(ref.cells), Counter(alt.cells)
    row.reference += sum(mine.values())
    row.matched += sum(min(n, theirs[t]) for t, n in mine.items())
    row.missed.update(mine - theirs)
    row.surplus += sum(max(0, n - mine[t]) for t, n in theirs.items() if t in mine)
    row.spans += alt.spans
    row.empty_slots += alt.empty_slots
    for p in probes:
        row.probes += 1
        row.probes_ok += theirs[p] > 0
    row.copies_raw = getattr(row, "copies_raw", 0) + theirs["产出指标"]  # type: ignore[attr-defined]
    row.copies_ref = getattr(row, "copies_ref", 0) + mine["产出指标"]  # type: ignore[attr-defined]


def timed(
    fn: Callable[[bytes, str], Extract], data: bytes, name: str, repeat: int
) -> tuple[float, Extract]:
    fn(data, name)  # warm-up: imports, first-call set-up
    best = float("inf")
    result = Extract()
    for _ in range(repeat):
        start = time.process_time()
        result = fn(data, name)
        best = min(best, time.process_time() - start)
    return best, result


def compare(
    files: Iterable[Path],
    ours: Callable[[bytes, str], Any],
    ours_extract: Callable[[Any], Extract],
    alts: list[tuple[str, str, Callable[[bytes, str], Extract] | None, str]],
    repeat: int,
    unit_count: Callable[[bytes, Any], int],
) -> list[Row]:
    """Rows for ours and each alternative over ``files``; CPU time is the best of ``repeat``."""
    rows = [Row(name, licence, note=note) for name, licence, _, note in alts]
    for path in files:
        data = path.read_bytes()
        ours(data, path.name)
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            doc = ours(data, path.name)
            best = min(best, time.process_time() - start)
        ref = ours_extract(doc)
        probes = probes_of(doc)
        units = unit_count(data, doc)
        for row, (_, _, fn, _) in zip(rows, alts, strict=True):
            if fn is None:
                continue
            if row.library.startswith("ours"):
                cpu, alt = best, ref
            else:
                try:
                    cpu, alt = timed(fn, data, path.name, repeat)
                except Exception as exc:  # a library failing on a fixture is a finding
                    row.errors.append(f"{path.name}: {type(exc).__name__}")
                    row.reference += len(ref.cells)
                    row.probes += len(probes)
                    continue
            row.cpu += cpu
            row.units += units
            score(row, ref, alt, probes)
    return rows


# ---- PDF -------------------------------------------------------------------------------------


def pdf_ours(data: bytes, name: str) -> Any:
    from jixiao.readers.pdf import read_pdf

    return read_pdf(data, name)


def pdf_plumber(data: bytes, name: str) -> Extract:
    import pdfplumber

    out = Extract()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            out.units += 1
            for table in page.find_tables():
                for r in table.extract():
                    for v in r:
                        if v is None:
                            out.empty_slots += 1
                        elif norm(v):
                            out.cells.append(norm(v))
            page.close()
    return out


def pdf_pdfium_text(data: bytes, name: str) -> Extract:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    out = Extract()
    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            text = tp.get_text_range()
            out.units += 1
            out.cells.extend(n for line in text.splitlines() if (n := norm(line)))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return out


def pdf_pymupdf(data: bytes, name: str) -> Extract:
    import importlib

    pymupdf: Any = importlib.import_module("pymupdf")  # AGPL: never imported by the project

    out = Extract()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            out.units += 1
            for table in page.find_tables(use_layout=False):
                for r in table.extract():
                    for v in r:
                        if v is None:
                            out.empty_slots += 1
                        elif norm(v):
                            out.cells.append(norm(v))
    return out


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def pdf_rows(repeat: int) -> list[Row]:
    alts: list[tuple[str, str, Callable[[bytes, str], Extract] | None, str]] = [
        (
            "ours: PDFium check + pdfminer chars + pdfplumber lines finder + span rebuild",
            "MIT / Apache-2.0",
            pdf_plumber,
            "chosen",
        ),
        ("pdfplumber `page.find_tables()` + `extract()`", "MIT", pdf_plumber, ""),
        (
            "pypdfium2 text only (one cell per line)",
            "Apache-2.0 / BSD-3",
            pdf_pdfium_text,
            "no table finder",
        ),
        (
            "PyMuPDF `find_tables(use_layout=False)`",
            "**AGPL-3.0** (reference only, not selectable)",
            pdf_pymupdf if _installed("pymupdf") else None,
            "" if _installed("pymupdf") else "not installed",
        ),
    ]
    return compare(PDF_FILES, pdf_ours, ours_cells, alts, repeat, lambda d, doc: _pdf_pages(d))


def _pdf_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = len(pdf)
    pdf.close()
    return n


def odd_pdfs() -> list[tuple[str, list[str]]]:
    """What each library does with the refusal fixtures: ours raises a message or adds a note."""
    from jixiao.readers import ReadError

    out: list[tuple[str, list[str]]] = []
    for name in ODD_PDFS:
        path = FIX / "pdf" / name
        if not path.exists():
            continue
        data = path.read_bytes()
        cols: list[str] = []
        try:
            doc = pdf_ours(data, name)
            codes = sorted({n.code for n in doc.notes})
            cols.append(
                f"read, {len(ours_cells(doc).cells)} table cells"
                + (f"; note {', '.join(codes)}" if codes else "")
            )
        except ReadError as exc:
            cols.append(f"refused: `{exc.problem.code}`")
        for fn in (pdf_plumber, pdf_pdfium_text, pdf_pymupdf if _installed("pymupdf") else None):
            if fn is None:
                cols.append("—")
                continue
            try:
                got = fn(data, name)
                cols.append(
                    f"{len(got.cells)} cells, no message"
                    if not got.cells
                    else f"{len(got.cells)} cells"
                )
            except Exception as exc:
                cols.append(f"raises `{type(exc).__name__}`")
        out.append((name, cols))
    return out


# ---- workbooks -------------------------------------------------------------------------------


def wb_ours(data: bytes, name: str) -> Any:
    from jixiao.readers.workbook import read_xls, read_xlsx

    return (read_xls if name.endswith(".xls") else read_xlsx)(data, name)


def wb_calamine(data: bytes, name: str) -> Extract:
    from python_calamine import CalamineWorkbook

    out = Extract()
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for sheet_name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(sheet_name)
        out.units += 1
        rows = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
        out.spans += sum(1 for (r0, c0), (r1, c1) in merged if (r1, c1) != (r0, c0))
        out.cells.extend(n for r in rows for v in r if (n := norm(v)))
    return out


def wb_openpyxl(read_only: bool) -> Callable[[bytes, str], Extract]:
    def read(data: bytes, name: str) -> Extract:
        import openpyxl  # type: ignore[import-untyped]

        out = Extract()
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
        for ws in wb.worksheets:
            out.units += 1
            merged = getattr(ws, "merged_cells", None)
            if merged is not None:
                out.spans += len(merged.ranges)
            for r in ws.iter_rows(values_only=True):
                out.cells.extend(n for v in r if (n := norm(v)))
        wb.close()
        return out

    return read


def wb_pandas(data: bytes, name: str) -> Extract:
    import pandas as pd  # type: ignore[import-untyped]

    out = Extract()
    engine = "calamine"
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine=engine)
    for df in frames.values():
        out.units += 1
        out.cells.extend(n for v in df.to_numpy().ravel().tolist() if (n := norm(v)))
    return out


def wb_xlrd(data: bytes, name: str) -> Extract:
    import xlrd  # type: ignore[import-untyped]

    out = Extract()
    book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    for sh in book.sheets():
        out.units += 1
        out.spans += len(sh.merged_cells)
        for r in range(sh.nrows):
            out.cells.extend(n for v in sh.row_values(r) if (n := norm(v)))
    return out


def _sheets(data: bytes, doc: Any) -> int:
    return len(doc.grids)


def wb_rows(ext: str, repeat: int) -> list[Row]:
    files = sorted((FIX / ext).glob(f"*.{ext}"))
    have_pd = _installed("pandas")
    alts: list[tuple[str, str, Callable[[bytes, str], Extract] | None, str]] = [
        (
            "ours: python-calamine + percent styles / hidden rows from the XML",
            "MIT",
            wb_calamine,
            "chosen",
        ),
        ("python-calamine raw (`to_python` + `merged_cell_ranges`)", "MIT", wb_calamine, ""),
    ]
    if ext == "xlsx":
        alts += [
            ("openpyxl `load_workbook`", "MIT", wb_openpyxl(False), ""),
            ("openpyxl `read_only=True`", "MIT", wb_openpyxl(True), "no `merged_cells`"),
        ]
    else:
        alts += [
            ("openpyxl", "MIT", None, "cannot read .xls"),
            ("xlrd 2 `formatting_info=True`", "BSD", wb_xlrd if _installed("xlrd") else None, ""),
        ]
    alts.append(
        (
            "pandas `read_excel(header=None)` (calamine engine)",
            "BSD-3",
            wb_pandas if have_pd else None,
            "" if have_pd else "not installed",
        )
    )
    return compare(files, wb_ours, lambda d: ours_cells(d), alts, repeat, _sheets)


# ---- docx ------------------------------------------------------------------------------------


def docx_ours(data: bytes, name: str) -> Any:
    from jixiao.readers.docx import read_docx

    return read_docx(data, name)


def docx_rowcells(data: bytes, name: str) -> Extract:
    import docx

    out = Extract()
    d = docx.Document(io.BytesIO(data))
    for table in d.tables:
        out.units += 1
        for row in table.rows:
            out.cells.extend(n for c in row.cells if (n := norm(c.text)))
    return out


def docx_unique(data: bytes, name: str) -> Extract:
    """python-docx ``row.cells`` with repeated merged cells dropped by identity of the <w:tc>."""
    import docx

    out = Extract()
    d = docx.Document(io.BytesIO(data))
    for table in d.tables:
        out.units += 1
        seen: set[Any] = set()  # the elements themselves: kept alive, so lxml keeps one proxy each
        for row in table.rows:
            for c in row.cells:
                if c._tc in seen:
                    continue
                seen.add(c._tc)
                if n := norm(c.text):
                    out.cells.append(n)
    return out


def _docx_tables(data: bytes, doc: Any) -> int:
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return xml.count(b"<w:tbl>") + xml.count(b"<w:tbl ")


def docx_rows(repeat: int) -> list[Row]:
    files = sorted((FIX / "docx").glob("*.docx"))
    alts: list[tuple[str, str, Callable[[bytes, str], Extract] | None, str]] = [
        ("ours: python-docx XML walk (gridSpan / vMerge)", "MIT", docx_rowcells, "chosen"),
        ("python-docx `row.cells`", "MIT", docx_rowcells, ""),
        (
            "python-docx `row.cells`, repeats dropped by `<w:tc>` identity",
            "MIT",
            docx_unique,
            "spans still unknown",
        ),
    ]
    return compare(files, docx_ours, ours_cells, alts, repeat, _docx_tables)


# ---- HTML ------------------------------------------------------------------------------------


def html_ours(data: bytes, name: str) -> Any:
    from jixiao.readers.html import read_html

    return read_html(data, name)


def html_pandas(data: bytes, name: str) -> Extract:
    import pandas as pd

    from jixiao.readers.html import decode_html

    text, _ = decode_html(data)  # same decoding for both: encoding is not what is compared
    out = Extract()
    for df in pd.read_html(io.StringIO(text), header=None, flavor="lxml"):
        out.units += 1
        out.cells.extend(n for v in df.to_numpy().ravel().tolist() if (n := norm(v)))
    return out


def _html_tables(data: bytes, doc: Any) -> int:
    return len(re.findall(rb"<table\b", data, re.I))


def html_rows(repeat: int) -> list[Row]:
    files = sorted((FIX / "html").glob("*.html"))
    have_pd = _installed("pandas")
    alts: list[tuple[str, str, Callable[[bytes, str], Extract] | None, str]] = [
        ("ours: lxml + occupancy-grid span walk", "BSD-3", html_pandas, "chosen"),
        (
            "pandas `read_html(header=None)` (lxml flavor)",
            "BSD-3",
            html_pandas if have_pd else None,
            "" if have_pd else "not installed",
        ),
    ]
    return compare(files, html_ours, ours_cells, alts, repeat, _html_tables)


# ---- report ----------------------------------------------------------------------------------


def _merged_text(row: Row) -> str:
    copies = getattr(row, "copies_raw", 0)
    ref = getattr(row, "copies_ref", 0)
    parts = []
    if row.spans:
        parts.append(f"{row.spans} spans")
    if row.empty_slots:
        parts.append(f"{row.empty_slots} covered slots None/empty")
    if ref:
        parts.append(f"产出指标 {copies}× (ours {ref}×)")
    return "; ".join(parts) or "—"


def table(rows: list[Row], unit: str) -> list[str]:
    out = [
        f"| library | licence | {unit}s | CPU ms per {unit} | {unit}s per CPU s | cells matched | surplus copies | merged cells as returned | probes whole in one cell | note |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    for r in rows:
        if not r.units:
            out.append(
                f"| {r.library} | {r.licence} | — | — | — | — | — | — | — | {r.note or ', '.join(r.errors)} |"
            )
            continue
        per = 1000 * r.cpu / r.units
        rate = r.units / r.cpu if r.cpu else float("inf")
        pct = 100 * r.matched / r.reference if r.reference else 0
        missed = ", ".join(f"`{t[:14]}`" for t, _ in r.missed.most_common(3))
        note = "; ".join(
            filter(
                None,
                [
                    r.note,
                    *(f"fails on {e}" for e in r.errors),
                    f"most missed: {missed}" if missed else "",
                ],
            )
        )
        out.append(
            f"| {r.library} | {r.licence} | {r.units} | {per:.2f} | {rate:,.0f} | {r.matched}/{r.reference} ({pct:.0f}%) | {r.surplus} | {_merged_text(r)} | {r.probes_ok}/{r.probes} | {note} |"
        )
    return out


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    names = [
        "pdfplumber",
        "pdfminer.six",
        "pypdfium2",
        "pymupdf",
        "python-calamine",
        "openpyxl",
        "xlrd",
        "pandas",
        "python-docx",
        "lxml",
    ]
    parts = []
    for n in names:
        try:
            parts.append(f"{n} {version(n)}")
        except PackageNotFoundError:
            parts.append(f"{n} (not installed)")
    return ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes per file (best is kept)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    started = time.perf_counter()
    sections = [
        (
            "PDF",
            "page",
            pdf_rows(args.repeat),
            f"{len(PDF_FILES)} files: pdf/one_page, page_break, two_forms, mixed and the 6 seed exports in pdf-seeds/ (LibreOffice renderings of the standard form)",
        ),
        ("xlsx", "sheet", wb_rows("xlsx", args.repeat), "every file in xlsx/"),
        ("xls", "sheet", wb_rows("xls", args.repeat), "every file in xls/"),
        (
            "docx",
            "table",
            docx_rows(args.repeat),
            "every file in docx/; a table is one `<w:tbl>`, nested ones included",
        ),
        (
            "HTML",
            "table",
            html_rows(args.repeat),
            "every file in html/ (one is GBK); a table is one `<table>`",
        ),
    ]
    odd = odd_pdfs()
    elapsed = time.perf_counter() - started
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# Reading libraries compared on our fixtures",
        "",
        f"`python bench/compare_libraries.py --repeat {args.repeat}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.platform()}, {platform.machine()}, Python {platform.python_version()}, "
        f"pinned to one CPU ({os.cpu_count()} on the machine), load average {load:.1f} at the end; run took {elapsed:.0f} s.",
        "",
        f"Versions: {_versions()}.",
        "",
        "How to read the tables (the script's docstring has the details):",
        "",
        "- **CPU ms per unit**: best of the timed passes per file, summed, divided by pages / sheets / tables; one core, after a warm-up pass.",
        "- **cells matched**: of our backend's non-empty table cells, how many the library returns with the same text (whitespace removed; numbers at 15 digits). Ours is the reference, so its row is 100% by definition.",
        "- **surplus copies**: cells returned more often than ours returns them: merged values copied into every covered slot.",
        "- **merged cells as returned**: spans (kept once, with size), covered slots as None/empty (kept once, size lost), and how often 产出指标 (one merged cell per form table) comes back.",
        "- **probes**: per file, the project name, 其中：当年财政拨款 and every cell wrapping over two or more lines in the source, each of which must come back whole in one cell.",
        "",
    ]
    for title, unit, rows, corpus in sections:
        lines += [f"## {title}", "", f"Corpus: {corpus}.", "", *table(rows, unit), ""]
    lines += [
        "## PDF odd inputs (the refusal fixtures in pdf/)",
        "",
        "| file | ours | pdfplumber `find_tables` | pypdfium2 text | PyMuPDF (AGPL, reference) |",
        "|---|---|---|---|---|",
        *(f"| {name} | {' | '.join(cols)} |" for name, cols in odd),
        "",
        "Not measured here (not installable without model downloads or not worth a heavy install): "
        "camelot-py (OpenCV lattice; wrapped CJK text shifted one row, 5/6 probes wrong, 3.4 pages/s), "
        "docling (PDF pipeline needs Hugging Face weights, fails offline), img2table (copies merged values): "
        "figures in /work/shared/domain/ecosystem.md §1, §11.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
