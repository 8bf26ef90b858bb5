"""Encoders for the ways a correct text still arrives mangled: legacy Chinese encodings, full-width
digits and letters typed in a Chinese input method, and Traditional characters.

Why: these are applied on top of any rendering (:mod:`jixiao.render.text`), so every style is also
tried in every encoding without each renderer knowing about encodings.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import cache
from typing import Any

# ASCII digits and letters -> their full-width forms (U+FF10.., U+FF21.., U+FF41..).
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_FULLWIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in _ALNUM})


class Encoding(StrEnum):
    utf8 = "utf8"
    gbk = "gbk"
    gb18030 = "gb18030"
    utf16 = "utf16"
    fullwidth = "fullwidth"  # full-width digits and letters, still UTF-8
    traditional = "traditional"  # Simplified -> Traditional (OpenCC s2t), still UTF-8


def fullwidth(text: str) -> str:
    """2023年 -> ２０２３年: digits and letters only; punctuation stays as it was."""
    return text.translate(_FULLWIDTH)


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def traditional(text: str) -> str:
    return str(_converter("s2t").convert(text))


def simplified(text: str) -> str:
    """Traditional -> Simplified; what a reader reading a Traditional rendering should give back."""
    return str(_converter("t2s").convert(text))


_TEXT: dict[Encoding, Callable[[str], str]] = {
    Encoding.fullwidth: fullwidth,
    Encoding.traditional: traditional,
}


def encode(text: str, encoding: Encoding = Encoding.utf8) -> bytes:
    """The bytes of a file holding ``text`` as the given encoding produces it.

    GBK cannot hold every character (e.g. some symbols); those become "?" as a real save does.
    """
    if encoding in _TEXT:
        return _TEXT[encoding](text).encode("utf-8")
    if encoding == Encoding.gbk:
        return text.encode("gbk", errors="replace")
    if encoding == Encoding.utf16:
        return text.encode("utf-16")  # with BOM, as Windows Notepad writes it
    return text.encode(encoding.value)


def transform(text: str, encoding: Encoding) -> str:
    """The text as a reader should see it after decoding: only the text-level encoders change it."""
    return _TEXT[encoding](text) if encoding in _TEXT else text
