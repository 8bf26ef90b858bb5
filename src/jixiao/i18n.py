"""Chinese first, English on request: ``--lang en`` or ``JIXIAO_LANG=en``."""

from __future__ import annotations

import os

_lang = "en" if os.environ.get("JIXIAO_LANG", "").lower().startswith("en") else "zh"


def set_lang(lang: str | None) -> None:
    global _lang
    if lang:
        _lang = "en" if lang.lower().startswith("en") else "zh"


def lang() -> str:
    return _lang


def t(zh: str, en: str) -> str:
    """The message in the current language."""
    return en if _lang == "en" else zh
