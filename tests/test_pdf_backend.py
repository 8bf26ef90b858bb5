"""The PDF backend on committed fixtures (made by tests/data/fixtures/make_pdf_fixtures.py).

Why these checks: the recognizer reads merged cells by their spans and forms by their title, so
the grid structure (rowspan of 产出指标, colspan of 项目名称's value), wrapped text joined with "\\n",
the page of every cell, and the free text before each table are the contract.  Bad input must end in
a ReadError with a stable code, never a traceback; a scanned page must say it needs OCR.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest

from jixiao.document import Cell, Document, Grid
from jixiao.model import Form
from jixiao.readers import ReadError, detect_format, read_document
from jixiao.readers.pdf import read_pdf
from jixiao.readers.pdf_layout import PageContent, read_page
from jixiao.readers.pdf_objects import PageObjects
from jixiao.readers.pdf_text import is_furniture

FIXTURES = Path(__file__).parent / "data" / "fixtures" / "pdf"


def read(name: str, **kwargs: int) -> Document:
    return read_pdf((FIXTURES / name).read_bytes(), name, **kwargs)


def tables(doc: Document) -> list[Grid]:
    return [g for g in doc.grids if g.has_columns]


def find(grid: Grid, text: str) -> Cell:
    for row in grid.rows:
        for cell in row.cells:
            if cell.text == text:
                return cell
    raise AssertionError(f"no cell {text!r} in grid")


def all_texts(doc: Document) -> list[str]:
    return [c.text for g in doc.grids for r in g.rows for c in r.cells]


def error_code(data: bytes) -> str:
    with pytest.raises(ReadError) as info:
        read_pdf(data, "x.pdf")
    return info.value.problem.code


# --- structure ---------------------------------------------------------------------------------


def test_one_page_title_and_year_come_first_in_their_own_grid() -> None:
    doc = read("one_page.pdf")
    assert doc.format == "pdf"
    assert not doc.notes
    head, table = doc.grids
    assert not head.has_columns
    assert [r.texts() for r in head.rows] == [["项目支出绩效自评表"], ["(2024年度)"]]
    assert head.origin.page == table.origin.page == 1
    assert table.has_columns


def test_one_page_merged_cells_have_their_spans() -> None:
    table = tables(read("one_page.pdf"))[0]
    assert len(table.rows) == 18
    value = find(table, "基层医疗卫生服务能力提升项目补助资金")
    assert (value.col, value.colspan, value.rowspan) == (2, 7, 1)
    funds = find(table, "项目资金\n（万元）")  # two printed lines, joined with \n
    assert (funds.col, funds.rowspan) == (0, 5)
    assert find(table, "绩效指标").rowspan == 8
    output = find(table, "产出指标")
    assert (output.col, output.rowspan, output.colspan) == (1, 5, 1)
    assert find(table, "数量指标").rowspan == 2
    assert find(table, "总计").colspan == 6
    goal = find(table, "预期目标")
    assert (goal.col, goal.colspan) == (1, 4)


def test_cells_are_tiled_once_each() -> None:
    """Every grid slot is covered by exactly one cell (spans are never copied into covered slots)."""
    for name in ("one_page.pdf", "page_break.pdf", "two_forms.pdf"):
        for grid in tables(read(name)):
            width = max(c.col + c.colspan for r in grid.rows for c in r.cells if c.col is not None)
            seen: dict[tuple[int, int], str] = {}
            for r, row in enumerate(grid.rows):
                for cell in row.cells:
                    assert cell.col is not None
                    for dr in range(cell.rowspan):
                        for dc in range(cell.colspan):
                            assert (r + dr, cell.col + dc) not in seen
                            seen[(r + dr, cell.col + dc)] = cell.text
            assert len(seen) == width * len(grid.rows), name


def test_wrapped_text_is_joined_with_newlines() -> None:
    table = tables(read("one_page.pdf"))[0]
    assert find(table, "服务对象满意度\n指标").col == 2
    assert find(table, "实际支出大于预算，超出金额在合理\n范围内").col == 8
    long_goal = table.rows[8].cells[0].text
    assert long_goal.startswith("对各基层医疗机构") and long_goal.count("\n") == 2


def test_cell_locations() -> None:
    table = tables(read("one_page.pdf"))[0]
    cell = find(table, "产出指标")
    loc = cell.location
    assert (loc.page, loc.row, loc.column) == (1, 11, 2)
    assert loc.bbox is not None
    x0, top, x1, bottom = loc.bbox
    assert x0 < x1 and top < bottom
    below = find(table, "效益指标").location.bbox
    assert (
        below is not None and abs(below[1] - bottom) < 1
    )  # 产出指标's box ends where 效益指标 starts


def test_page_furniture_is_dropped() -> None:
    texts = "\n".join(all_texts(read("page_break.pdf")))
    assert "-1-" not in texts and "-2-" not in texts
    assert "第 1 页" not in texts and "共 3 页" not in texts


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("-1-", True),
        ("— 12 —", True),
        ("第 1 页，共 3 页", True),
        ("第2页", True),
        ("3/7", True),
        ("Page 2 of 9", True),
        ("(2024年度)", False),
        ("项目支出绩效自评表", False),
        ("100", True),
    ],
)
def test_furniture_patterns(text: str, furniture: bool) -> None:
    assert is_furniture(text) is furniture


def test_form_over_a_page_break_gives_one_table_per_page_in_order() -> None:
    doc = read("page_break.pdf")
    grids = tables(doc)
    assert [g.origin.page for g in grids] == [1, 2, 3]
    assert doc.grids[0].rows[0].texts() == ["项目支出绩效自评表"]  # only page 1 has a title
    texts = [c.text for g in grids for r in g.rows for c in r.cells]
    for i in range(1, 25):
        assert texts.count(f"为计划生育特殊家庭提供服务户数（第{i}批）") == 1
    assert texts.count("总计") == 1 and "总计" in [c.text for r in grids[2].rows for c in r.cells]
    # the cut merged cells are closed at the page edge: page 2's first row still has its labels
    first = grids[1].rows[0]
    assert [c.text for c in first.cells[:3]] == ["绩效指标", "产出指标", "数量指标"]
    assert first.cells[0].rowspan == len(grids[1].rows)
    assert all(c.location.page == 2 for r in grids[1].rows for c in r.cells)


def test_two_forms_in_one_file() -> None:
    doc = read("two_forms.pdf")
    assert [(g.origin.page, g.has_columns) for g in doc.grids] == [
        (1, False),
        (1, True),
        (2, False),
        (2, True),
    ]
    assert find(doc.grids[3], "计划生育避孕药具经费").colspan == 7
    assert find(doc.grids[3], "产出指标").rowspan == 3


# --- text layer --------------------------------------------------------------------------------


def test_scanned_page_gets_a_needs_ocr_note() -> None:
    doc = read("mixed.pdf")
    (note,) = doc.notes
    assert note.code == "needs-ocr"
    assert "2" in note.message and "OCR" in note.message
    assert "page(s) 2" in note.message_en
    assert {g.origin.page for g in doc.grids} == {1}


def test_image_only_pdf_needs_ocr() -> None:
    assert error_code((FIXTURES / "image_only.pdf").read_bytes()) == "needs-ocr"


def test_a_scan_with_a_stamped_page_number_still_needs_ocr() -> None:
    assert error_code((FIXTURES / "stamped_scan.pdf").read_bytes()) == "needs-ocr"


def test_a_searchable_scan_is_read_as_text_with_a_note() -> None:
    doc = read("searchable_scan.pdf")
    assert [g.has_columns for g in doc.grids] == [False]
    assert "OCR text layer" in doc.grids[0].rows[0].cells[0].text
    assert [n.code for n in doc.notes] == ["pdf-scan-text-layer"]


def test_cid_garbage_gets_a_note() -> None:
    doc = read("cid_font.pdf")
    assert [n.code for n in doc.notes] == ["pdf-cid-text"]
    assert "(cid:" in all_texts(doc)[0]


# --- bad input ---------------------------------------------------------------------------------


def test_encrypted_pdf() -> None:
    assert error_code((FIXTURES / "encrypted.pdf").read_bytes()) == "encrypted"


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "truncated.pdf").read_bytes(),
        b"%PDF-1.7\n",
        b"%PDF-1.4\n" + bytes(range(256)) * 20,
    ],
    ids=["truncated", "header-only", "garbage"],
)
def test_corrupt_pdf(data: bytes) -> None:
    assert error_code(data) == "corrupt-pdf"


def test_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ReadError) as info:
        read("page_break.pdf", limit=2)
    assert info.value.problem.code == "too-many-pages"
    assert "3" in info.value.problem.message_en
    monkeypatch.setenv("JIXIAO_PDF_MAX_PAGES", "2")
    with pytest.raises(ReadError):
        read("page_break.pdf")
    monkeypatch.setenv("JIXIAO_PDF_MAX_PAGES", "3")
    assert len(tables(read("page_break.pdf"))) == 3


def test_an_overfull_page_is_skipped_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.readers.pdf_pages as pages

    monkeypatch.setattr(pages, "MAX_PAGE_OBJECTS", 100)  # the fixture page draws 158 objects
    doc = read("one_page.pdf")
    assert not doc.grids
    assert [(n.code, n.message_en.startswith("page(s) 1 ")) for n in doc.notes] == [
        ("pdf-complex-page", True)
    ]


def test_mutated_pdfs_never_raise_anything_but_read_error() -> None:
    data = (FIXTURES / "one_page.pdf").read_bytes()
    rng = random.Random(3)
    for _ in range(25):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        with contextlib.suppress(ReadError):
            read_pdf(bytes(buf), "m.pdf")


def test_through_the_format_table() -> None:
    path = FIXTURES / "one_page.pdf"
    assert detect_format(path.read_bytes()) == "pdf"
    doc = read_document(path)
    assert doc.format == "pdf" and len(tables(doc)) == 1


# --- end to end (once the recognizer exists) ---------------------------------------------------


def _parse(name: str) -> list[Form]:
    try:
        from jixiao.recognize import recognize  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the recognizer is not written yet: {exc}")
    import jixiao

    (result,) = jixiao.parse([FIXTURES / name])
    assert not result.problems, result.problems
    return result.forms


@pytest.mark.parametrize(
    ("name", "projects", "budgets", "indicators", "scores"),
    [
        ("one_page.pdf", ["基层医疗卫生服务能力提升项目补助资金"], [4507.55], [7], [98.6]),
        ("page_break.pdf", ["计划生育特殊家庭扶助保障"], [113.81], [36], [100]),
        (
            "two_forms.pdf",
            ["基层医疗卫生服务能力提升项目补助资金", "计划生育避孕药具经费"],
            [4507.55, 10],
            [7, 5],
            [98.6, 100],
        ),
    ],
)
def test_end_to_end(
    name: str, projects: list[str], budgets: list[float], indicators: list[int], scores: list[float]
) -> None:
    forms = _parse(name)
    assert [f.project_name for f in forms] == projects
    assert [f.year for f in forms] == [2024] * len(forms)
    assert [f.funds.total.adjusted for f in forms] == budgets
    assert [f.funds.total.executed is not None for f in forms] == [True] * len(forms)
    assert [len(f.indicators) for f in forms] == indicators
    assert [f.total_score for f in forms] == scores


# --- page layout on synthetic pages (no file needed) -------------------------------------------


def _text(s: str, x: float, top: float, size: float = 10.0) -> list[dict[str, object]]:
    """Characters of ``s`` set one em apart (Latin half an em), starting at (x, top)."""
    out: list[dict[str, object]] = []
    for ch in s:
        w = size if ord(ch) >= 0x2E80 else size / 2
        out.append(
            {"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size}
        )
        x += w
    return out


def _grid_edges(
    xs: list[float], ys: list[float], *, top_rule: bool = True
) -> list[dict[str, object]]:
    """Rulings of a plain table with column edges ``xs`` and row edges ``ys``."""

    def edge(x0: float, top: float, x1: float, bottom: float, o: str) -> dict[str, object]:
        return {"orientation": o, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "width": x1 - x0, "height": bottom - top, "object_type": "edge"}  # fmt: skip

    h = [edge(xs[0], y, xs[-1], y, "h") for y in (ys if top_rule else ys[1:])]
    return h + [edge(x, ys[0], x, ys[-1], "v") for x in xs]


def _page(chars: list[dict[str, object]], edges: list[dict[str, object]]) -> PageContent:
    return read_page(PageObjects(width=600, height=800, chars=chars, edges=edges), 4)


def test_two_tables_on_a_page_each_after_its_own_title() -> None:
    chars = _text("-4-", 290, 10) + _text("第 4 页", 280, 780)  # furniture
    chars += _text("表一", 50, 60) + _text("甲", 60, 105) + _text("乙", 160, 105)
    chars += _text("表二", 50, 360) + _text("丙", 60, 405) + _text("丁", 160, 405)
    edges = _grid_edges([50, 150, 250], [100, 120, 140]) + _grid_edges([50, 150, 250], [400, 420])
    content = _page(chars, edges)
    shape = [(g.has_columns, [r.texts() for r in g.rows]) for g in content.grids]
    assert shape == [
        (False, [["表一"]]),
        (True, [["甲", "乙"], ["", ""]]),
        (False, [["表二"]]),
        (True, [["丙", "丁"]]),
    ]
    assert content.grids[1].rows[0].cells[1].location.column == 2
    assert all(g.origin.page == 4 for g in content.grids)


def test_a_table_cut_at_the_top_of_the_page_still_has_its_first_row() -> None:
    chars = _text("绩效指标", 55, 25) + _text("5", 160, 25)
    edges = _grid_edges([50, 150, 250], [20, 40, 60], top_rule=False)
    (grid,) = _page(chars, edges).grids
    assert [r.texts() for r in grid.rows] == [["绩效指标", "5"], ["", ""]]


def test_spaces_only_between_latin_words_and_far_apart_text_splits() -> None:
    chars = _text("Total", 50, 100) + _text("1", 80, 100) + _text("项目", 200, 100)
    chars += _text("绩效", 200, 200) + _text("自评", 225, 200)
    (grid,) = _page(chars, []).grids
    assert [r.texts() for r in grid.rows] == [["Total 1"], ["项目"], ["绩效自评"]]


def test_fake_bold_double_printing_is_read_once() -> None:
    chars = _text("项目名称11", 50, 100)
    chars += _text("项目名称11", 50.4, 100.3)  # the same text again, a hair to the right
    (grid,) = _page(chars, []).grids
    assert grid.rows[0].texts() == ["项目名称11"]


def test_a_drawing_with_thousands_of_lines_is_read_as_text_only() -> None:
    ys = [100 + i * 0.5 for i in range(4100)]
    edges = _grid_edges([50, 60], ys)
    content = _page(_text("图", 52, 100), edges)
    assert content.too_complex
    assert [g.has_columns for g in content.grids] == [False]


def test_clipped_text_of_a_cell_cut_by_the_page_end_goes_back_into_the_cell() -> None:
    """A merged cell's text printed past the page's last ruling belongs to that cut cell."""
    edges = _grid_edges([50, 150, 250], [100, 120, 140], top_rule=True)
    edges = [e for e in edges if e["top"] != 140]  # no bottom rule: the page cut the table
    edges.append(  # ... except under the second column, which really ends here
        {
            "orientation": "h",
            "x0": 150,
            "x1": 250,
            "top": 140,
            "bottom": 140,
            "width": 100,
            "height": 0,
            "object_type": "edge",
        }
    )
    chars = _text("甲", 60, 105) + _text("绩效指标", 55, 160) + _text("注：另附", 160, 160)
    grids = _page(chars, edges).grids
    assert [(g.has_columns, [r.texts() for r in g.rows]) for g in grids] == [
        (True, [["甲", ""], ["绩效指标", ""]]),
        (False, [["注：另附"]]),
    ]
