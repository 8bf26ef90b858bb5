"""Bytes -> text: the encodings real files come in, and refusing what is not text."""

from __future__ import annotations

import codecs

import pytest

from jixiao.readers import detect_format
from jixiao.readers.text.decode import decode_bytes

SAMPLE = (
    "项目支出绩效自评表\n项目名称\t基层医疗卫生服务能力提升项目补助资金\n年度资金总额\t4507.55\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "utf-16", "utf-8-sig", "big5"])
def test_round_trips_common_chinese_encodings(encoding: str) -> None:
    text = SAMPLE if encoding != "big5" else "項目支出績效自評表\n項目名稱\t基層醫療衛生服務\n"
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.problem is None


def test_utf16_without_bom() -> None:
    decoded = decode_bytes(SAMPLE.encode("utf-16-le"))
    assert decoded.text == SAMPLE


def test_empty_and_whitespace_only_are_refused() -> None:
    for data in (b"", b"  \n\t\n"):
        decoded = decode_bytes(data)
        assert decoded.text is None
        assert decoded.problem == "文件为空"
        assert decoded.problem_en == "the file is empty"


def test_binary_is_refused_by_name() -> None:
    decoded = decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert decoded.text is None
    assert decoded.problem is not None and "PNG" in decoded.problem


def test_random_bytes_are_not_text() -> None:
    noise = bytes((i * 7919 + 13) % 256 for i in range(5000))
    decoded = decode_bytes(noise)
    assert decoded.text is None
    assert decoded.problem_en is not None


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"<!DOCTYPE html><html><body><table>", "html"),
        (SAMPLE.encode(), "text"),
        (b"\x89PNG\r\n\x1a\n", "binary"),
        (b"PK\x03\x04garbage", "zip-corrupt"),
    ],
)
def test_format_is_detected_by_content(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


def test_bom_is_not_kept() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode())
    assert decoded.text == SAMPLE


def test_a_backend_whose_library_is_missing_is_named(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A broken installation says which package is missing, not "unsupported format"."""
    import jixiao.readers as readers

    monkeypatch.setitem(readers.BACKENDS, "pdf", "jixiao_no_such_module:read")
    path = tmp_path / "form.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(readers.ReadError) as err:
        readers.read_document(path)
    assert err.value.problem.code == "missing-dependency"
    assert "jixiao_no_such_module" in err.value.problem.message
