"""Bytes to text: the encodings Chinese government files really come in.

Order of trust: a byte-order mark; UTF-8 (strict); UTF-16 without BOM (NUL pattern); GB18030
(a superset of GBK and GB2312); Big5 (Traditional pages from Taiwan/HK tools); and only then
charset-normalizer's guess.  Binary input is refused with a reason rather than decoded into noise.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from jixiao.text.normalize import has_cjk

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Magic numbers of formats that are certainly not text (the text reader refuses them by name).
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP/Office Open XML (xlsx/docx)",
    b"\xd0\xcf\x11\xe0": "OLE (xls/doc)",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x7fELF": "ELF",
}


@dataclass(slots=True)
class Decoded:
    text: str | None
    encoding: str | None
    problem: str | None = None  # Chinese reason when text is None
    problem_en: str | None = None


def sniff_binary(data: bytes) -> str | None:
    """The name of a binary format recognised by its magic bytes, or None."""
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    return None


# control characters other than \t \n \v \f \r, and the replacement character
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _commonness(text: str) -> float:
    """Share of CJK characters that are common (GB2312 level 1) once in Simplified form.

    Big5 bytes often decode as GB18030 without error, into rare characters; real text of either
    script is mostly common characters.  This tells the two readings apart.
    """
    from jixiao.text.normalize import to_simplified

    cjk = _NOT_IDEOGRAPH.sub("", text[:5000])
    if not cjk:
        return 0.0
    simplified = to_simplified(cjk)
    common = len(simplified) - len(_level1_hanzi().sub("", simplified))
    return common / len(cjk)


_NOT_IDEOGRAPH = re.compile("[^\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _level1_hanzi() -> re.Pattern[str]:
    """The GB2312 level-1 (common) characters, lead bytes 0xB0-0xD7, as one character class:
    counting them is one substitution instead of an encode per character."""
    chars = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return re.compile("[" + re.escape("".join(chars)) + "]")


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``; ``Decoded.text`` is None with a reason when it is not usable text."""
    if not data.strip():
        return Decoded(None, None, "文件为空", "the file is empty")
    magic = sniff_binary(data)
    if magic:
        return Decoded(
            None, None, f"这是 {magic} 二进制文件，不是文本", f"this is a {magic} file, not text"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                break
    candidates = ["utf-8"]
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        candidates = ["utf-16-le", "utf-16-be", *candidates]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) < 0.01:
            return Decoded(text, encoding)
    readings: list[tuple[float, str, str]] = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) < 0.01 and has_cjk(text):
            readings.append((_commonness(text), encoding, text))
    if readings:
        _, encoding, text = max(readings)
        return Decoded(text, encoding)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _control_ratio(text) < 0.01:
            return Decoded(text, best.encoding)
    return Decoded(
        None,
        None,
        "无法识别的编码或二进制内容（不是 UTF-8、GBK/GB18030 或 Big5 文本）",
        "unknown encoding or binary content (not UTF-8, GBK/GB18030 or Big5 text)",
    )
