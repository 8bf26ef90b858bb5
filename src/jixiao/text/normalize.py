"""Text clean-up shared by every reader.

Two different jobs, kept apart on purpose:

* :func:`clean` turns a printed cell into the value we report: line breaks and stray spaces inside
  Chinese removed, full-width ASCII folded to half-width, HTML tags dropped.  Chinese punctuation
  stays as printed.
* :func:`label_key` turns a cell into a key for *matching* labels: also Traditional -> Simplified,
  no spaces or punctuation at all.  It is never shown to a user.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from jixiao.text.memo import Memo

# Ideographs, CJK punctuation, full-width forms and the symbols Chinese forms put next to them.
_CJK = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_CJK_RE = re.compile(f"[{_CJK}]")
_NOT_CJK = re.compile(f"[^{_CJK}]+")
_SYMBOLS = "≥≤＞＜＝≧≦—–·•…、，。：；！？（）《》“”‘’【】％"
# Whitespace with a CJK character or CJK/form symbol on either side.
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}{_SYMBOLS}])\\s+|\\s+(?=[{_CJK}{_SYMBOLS}])")
# Whitespace between a number and what follows it ("12 月", "2160 元", "1 %").
_SPACE_AFTER_DIGIT = re.compile(r"(?<=\d)\s+(?=[%‰])")
_SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s*([.,])\s*(?=\d)")
_HTML_TAG = re.compile(r"</?(?:p|br|span|div|b|i|u|strong|em|font|td|tr|sup|sub)\b[^<>]*>", re.I)
_HTML_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_WS = re.compile(r"\s+")

# Full-width ASCII (！..～) -> half-width, ideographic space -> space.  Chinese punctuation that is
# part of normal writing （），：；、。 is left alone: it is how the text was printed.
_KEEP_FULLWIDTH = set("（），：；！？")
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH}
_FULLWIDTH[0x3000] = 0x20
# any character _FULLWIDTH changes: most texts hold none, and one regex search (C speed) is much
# cheaper than translate's per-character dict lookups over a whole cell or document
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FULLWIDTH)) + "]")


def fold_width(text: str) -> str:
    """Full-width digits, letters and ASCII symbols to half-width; Chinese punctuation kept."""
    if _FOLDABLE.search(text) is None:
        return text
    return text.translate(_FULLWIDTH)


def strip_html(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text
    text = _HTML_TAG.sub("", text)
    for entity, char in _HTML_ENTITIES.items():
        text = text.replace(entity, char)
    return text


def clean(text: str | None) -> str | None:
    """The reported form of a printed text; ``None`` for nothing printed.

    >>> clean("不超过 2160\\n\\n元")
    '不超过2160元'
    >>> clean("身边家医 APP 及微信公众\\n号")
    '身边家医APP及微信公众号'
    """
    if text is None:
        return None
    text = fold_width(strip_html(text))
    if _WS.search(text) is None:  # no whitespace: every step below would leave it as it is
        return text or None
    text = _SPACE_NEAR_CJK.sub("", text)
    text = _SPACE_AFTER_DIGIT.sub("", text)
    text = _SPACE_IN_NUMBER.sub(r"\1", text)
    text = _WS.sub(" ", text).strip()
    return text or None


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified (OpenCC).  Not cached: it converts whole documents, and
    :func:`label_key`, which calls it for every cell, has its own cache."""
    if not text or text.isascii():
        return text
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


_LABEL_DROP = re.compile(r"[\s:：;；,，、.。()（）\[\]【】<>《》\"'“”‘’*＊]")


_LABEL_KEYS: Final = Memo[str, str](4096)


def label_key(text: str) -> str:
    """A matching key for labels: simplified, half-width, no spaces or punctuation.

    >>> label_key("其中：當年財政\\n撥款")
    '其中当年财政拨款'
    """
    key = _LABEL_KEYS.table.get(text)  # a Memo, not lru_cache: asked ~100 times per form
    if key is None:
        key = _LABEL_KEYS.recall(text)
    if key is None:
        key = _LABEL_KEYS.put(text, _LABEL_DROP.sub("", to_simplified(fold_width(strip_html(text)))))
    return key


def looks_traditional(text: str) -> bool:
    """True when a sample of the text changes under Traditional -> Simplified conversion."""
    sample = _NOT_CJK.sub("", text[:4000])  # the CJK characters, as findall + join would give
    if len(sample) < 20:
        return False
    simplified = to_simplified(sample)
    if simplified == sample:
        return False
    changed = sum(1 for a, b in zip(sample, simplified, strict=False) if a != b)
    return changed >= max(3, len(sample) // 50)
