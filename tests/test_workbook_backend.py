"""The workbook backend: spans once, numbers as printed, percents, hidden rows, and the guards."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jixiao.document import Document
from jixiao.readers import ReadError, detect_format, read_document, safety
from jixiao.readers.workbook import number_text, percent_text, read_xls, read_xlsx

FIXTURES = Path(__file__).parent / "data" / "fixtures"


def cells(doc: Document, sheet: int = 0) -> dict[str, tuple[str, int, int]]:
    """cell address -> (text, rowspan, colspan) of one sheet's grid."""
    return {
        c.location.cell or "": (c.text, c.rowspan, c.colspan)
        for row in doc.grids[sheet].rows
        for c in row.cells
    }


def xlsx_bytes() -> bytes:
    return (FIXTURES / "xlsx" / "backend-cases.xlsx").read_bytes()


def test_merged_ranges_are_spans_at_the_top_left_only() -> None:
    got = cells(read_xlsx(xlsx_bytes(), "b.xlsx"))
    assert got["A1"] == ("项目支出绩效自评表", 1, 6)
    assert got["A2"] == ("项目名称", 2, 2)
    assert got["C2"] == ("测试项目", 1, 4)
    for covered in ("B1", "F1", "B2", "A3", "B3", "D2"):
        assert covered not in got
    texts = [c.text for row in read_xlsx(xlsx_bytes(), "b").grids[0].rows for c in row.cells]
    assert texts.count("项目名称") == 1


def test_numbers_as_printed() -> None:
    got = cells(read_xlsx(xlsx_bytes(), "b.xlsx"))
    assert got["C3"][0] == "4507.55"  # stored 4507.549999999999
    assert got["D3"][0] == "10"  # stored 10.0
    assert got["E3"][0] == "91%"  # 0.91 with a 0% format
    assert got["F3"][0] == "92.1%"  # 0.921 with a 0.0% format
    assert got["A4"][0] == "4507.55"  # a number stored as text stays text
    assert got["B4"][0] == "#####"
    assert got["C4"][0] == "一\n二"
    assert got["D4"][0] == "45075500"  # #,##0 is display only


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4507.549999999999, "4507.55"),
        (10.0, "10"),
        (0.1 + 0.2, "0.3"),
        (-0.0, "0"),
        (1e-7, "0.0000001"),
        (45075500.0, "45075500"),
    ],
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


def test_percent_text() -> None:
    assert percent_text(0.91) == "91%"
    assert percent_text(0.921) == "92.1%"
    assert percent_text(1.0) == "100%"


def test_hidden_rows_and_sheets_are_read_and_noted() -> None:
    doc = read_xlsx(xlsx_bytes(), "b.xlsx")
    assert [g.origin.sheet for g in doc.grids] == ["表1", "隐藏"]
    assert cells(doc, 1)["A1"][0] == "隐藏表"
    codes = {n.code: n for n in doc.notes}
    assert "hidden-sheet" in codes
    assert "hidden-rows" in codes and "4" in codes["hidden-rows"].message
    assert doc.format == "xlsx"


def test_locations() -> None:
    doc = read_xlsx(xlsx_bytes(), "b.xlsx")
    cell = next(c for row in doc.grids[0].rows for c in row.cells if c.text == "测试项目")
    assert (cell.location.sheet, cell.location.cell, cell.location.row, cell.location.column) == (
        "表1",
        "C2",
        2,
        3,
    )
    assert cell.col == 2


def test_formula_cached_values(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = 4
    book.active["B1"] = "=A1*2.5"
    path = tmp_path / "f.xlsx"
    book.save(path)
    # openpyxl writes no cached value; put in the one Excel would have saved
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>A1*2.5</f><v></v>", b"<f>A1*2.5</f><v>10</v>")
            dst.writestr(info.filename, data)
    assert cells(read_xlsx(out.getvalue(), "f.xlsx"))["B1"][0] == "10"


def test_xls_legacy() -> None:
    doc = read_xls((FIXTURES / "xls" / "backend-cases.xls").read_bytes(), "b.xls")
    got = cells(doc)
    assert doc.format == "xls"
    assert got["A2"] == ("项目名称", 2, 2)
    assert got["C3"][0] == "4507.55"
    assert got["E3"][0] == "0.91"  # no styles in .xls: the fraction, read by parse_rate
    assert got["B4"][0] == "#####"
    assert [g.origin.sheet for g in doc.grids] == ["表1", "隐藏"]


def test_detected_by_content_not_extension(tmp_path: Path) -> None:
    wrong = tmp_path / "form.pdf"
    wrong.write_bytes(xlsx_bytes())
    assert detect_format(wrong.read_bytes()) == "xlsx"
    assert read_document(wrong).format == "xlsx"
    xls = tmp_path / "form.xlsx"
    xls.write_bytes((FIXTURES / "xls" / "backend-cases.xls").read_bytes())
    assert read_document(xls).format == "xls"


# ---- guards -----------------------------------------------------------------------------------


def bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return out.getvalue()


def test_zip_bomb_by_ratio() -> None:
    data = bomb(20 * 1024 * 1024)
    assert len(data) < 100_000
    with pytest.raises(ReadError) as err:
        read_xlsx(data, "bomb.xlsx")
    assert err.value.problem.code == "zip-bomb"
    assert "压缩炸弹" in err.value.problem.message and err.value.problem.message_en


def test_zip_bomb_by_total(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_TOTAL", 1000)
    with pytest.raises(ReadError) as err:
        read_xlsx(xlsx_bytes(), "big.xlsx")
    assert err.value.problem.code == "zip-bomb"


def test_actual_size_counted_while_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    # declared sizes pass (the check is switched off), the running count still stops it
    monkeypatch.setattr(safety, "RATIO_FLOOR", 10**12)
    monkeypatch.setattr(safety, "MAX_MEMBER", 5 * 1024 * 1024)
    archive = zipfile.ZipFile(io.BytesIO(bomb(6 * 1024 * 1024)))
    monkeypatch.setattr(safety, "open_zip", lambda data, name: archive)
    with pytest.raises(ReadError) as err:
        safety.inflate_all(b"", "x.xlsx")
    assert err.value.problem.code == "zip-bomb"


def test_encrypted_ooxml() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    for reader in (read_xlsx, read_xls):
        with pytest.raises(ReadError) as err:
            reader(ole + b"\0" * 1024, "locked.xlsx")
        assert err.value.problem.code == "encrypted"
        assert "密码" in err.value.problem.message


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_corrupt_workbook(cut: float) -> None:
    data = xlsx_bytes()
    with pytest.raises(ReadError) as err:
        read_xlsx(data[: int(len(data) * cut)], "cut.xlsx")
    assert err.value.problem.code == "corrupt-file"


def test_corrupt_xls() -> None:
    data = (FIXTURES / "xls" / "backend-cases.xls").read_bytes()
    with pytest.raises(ReadError) as err:
        read_xls(data[:3000], "cut.xls")
    assert err.value.problem.code == "corrupt-file"
    assert err.value.problem.message_en


def test_encrypted_xlsx_through_parse(tmp_path: Path) -> None:
    import jixiao

    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    [result] = jixiao.parse([path])
    assert [p.code for p in result.problems] == ["encrypted"]


def test_zip_bomb_through_parse(tmp_path: Path) -> None:
    import jixiao

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb(20 * 1024 * 1024))
    [result] = jixiao.parse([path])
    assert [p.code for p in result.problems] == ["zip-bomb"]
