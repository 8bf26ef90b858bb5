"""The label lexicon: which printed label means which field, loaded from ``labels.toml``.

Readers ask the lexicon, never compare strings themselves, so a new template variant is one new
alias in the data file.  All matching goes through :func:`jixiao.text.normalize.label_key`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jixiao.text.normalize import label_key

# "产出指标(50分)", "产出指标（50）", "产出指标 50分"
_WEIGHT_IN_LABEL = re.compile(r"^(?P<label>.*?)[（(\s]*(?P<w>\d+(?:\.\d+)?)\s*分?[)）]?$")


def _ends_like_weight(text: str) -> bool:
    """Whether ``text`` ends the way _WEIGHT_IN_LABEL needs: a digit, then optional spaces, 分
    and a closing bracket.  Most cells do not, and this check is far cheaper than the pattern's
    lazy scan; it is looser than the pattern, never stricter, so it only skips hopeless texts."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    if end and text[end - 1] in ")）":
        end -= 1
    while end and text[end - 1].isspace():
        end -= 1
    if end and text[end - 1] == "分":
        end -= 1
    while end and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1].isdigit()


class LabelTable:
    """Aliases -> canonical name, matched exactly on label keys."""

    def __init__(self, entries: dict[str, list[str]]) -> None:
        self._exact: dict[str, str] = {}
        for canonical, aliases in entries.items():
            # a canonical name is a label too (数量指标), unless it is the field name the table
            # maps to (project_name, total, funds): no form prints those, but code and English
            # prose do, and read as labels they made forms of READMEs and scripts
            for alias in aliases if canonical.isascii() else [canonical, *aliases]:
                self._exact.setdefault(label_key(alias), canonical)
        # longest first, so 其中当年财政拨款 wins over 财政拨款 in prefix matching
        self._keys = sorted(self._exact, key=len, reverse=True)
        self._lengths = sorted({len(k) for k in self._exact}, reverse=True)
        # the first two characters of every key: a text starting otherwise has no prefix match
        self._heads = frozenset(k[:2] for k in self._exact)

    def match(self, text: str | None) -> str | None:
        """The canonical name of a cell that *is* one of the labels."""
        if not text:
            return None
        return self._exact.get(label_key(text))

    def match_key(self, key: str) -> str | None:
        """:meth:`match` for a text whose label key the caller already has."""
        return self._exact.get(key)

    def match_key_prefix(self, key: str) -> str | None:
        """:meth:`match_prefix` for a text whose label key the caller already has."""
        if key[:2] not in self._heads and key[:1] not in self._heads:
            return None
        for n in self._lengths:
            if n <= len(key) and (found := self._exact.get(key[:n])) is not None:
                return found
        return None

    def match_prefix(self, text: str | None) -> str | None:
        """The canonical name of a cell that *starts with* one of the labels."""
        if not text:
            return None
        return self.match_key_prefix(label_key(text))

    def aliases(self) -> list[str]:
        return list(self._keys)


@dataclass(frozen=True, slots=True)
class Level1:
    printed: str
    canonical: str
    weight: float | None  # a weight printed inside the label, "产出指标(50分)"


@dataclass(frozen=True, slots=True)
class Level2:
    canonical: str
    parent: str


class Lexicon:
    """All label tables of one labels file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.title = LabelTable({"title": data["title"]["aliases"]})
        header = dict(data["header"])
        self.header = LabelTable(header)
        self.funds_block = LabelTable({"funds": data["funds"]["block"]})
        self.funds_columns = LabelTable(data["funds"]["columns"])
        self.funds_rows = LabelTable(data["funds"]["rows"])
        self.goals_block = LabelTable({"goals": data["goals"]["block"]})
        self.goals = LabelTable({k: v for k, v in data["goals"].items() if k != "block"})
        self.indicators_block = LabelTable({"indicators": data["indicators"]["block"]})
        self.indicator_columns = LabelTable(data["indicators"]["columns"])
        self.level1_table = LabelTable(data["levels"]["level1"])
        level2 = data["levels"]["level2"]
        self.level2_table = LabelTable({k: v["aliases"] for k, v in level2.items()})
        self._level2_parent = {k: v["parent"] for k, v in level2.items()}
        self.total = LabelTable({"total": data["total"]["aliases"]})
        self.grade = LabelTable({"grade": data["grade"]["aliases"]})
        # the patterns as one alternation: one regex call per text instead of one per pattern
        self._placeholder = re.compile(
            "|".join(f"(?:{p})" for p in data["placeholders"]["patterns"])
        )
        self._not_applicable = {label_key(x) for x in data["placeholders"]["not_applicable"]}

    def level1(self, text: str | None) -> Level1 | None:
        """A level-1 label, possibly carrying its weight: ``产出指标(50分)``."""
        if not text:
            return None
        canonical = self.level1_table.match(text)
        if canonical:
            return Level1(text, canonical, None)
        target = label_key(text) if "(" not in text and "（" not in text else text.strip()
        if not _ends_like_weight(target):
            return None
        m = _WEIGHT_IN_LABEL.match(target)
        if m:
            canonical = self.level1_table.match(m.group("label"))
            if canonical:
                return Level1(m.group("label").strip(), canonical, float(m.group("w")))
        return None

    def level2(self, text: str | None) -> Level2 | None:
        canonical = self.level2_table.match(text)
        if canonical is None:
            return None
        return Level2(canonical, self._level2_parent[canonical])

    def level2_key(self, key: str) -> Level2 | None:
        """:meth:`level2` for a text whose label key the caller already has."""
        canonical = self.level2_table.match_key(key)
        if canonical is None:
            return None
        return Level2(canonical, self._level2_parent[canonical])

    def is_placeholder(self, text: str | None) -> bool:
        """Template text that stands for nothing filled in ("指标1：", "……")."""
        if text is None:
            return True
        return self.is_placeholder_key(label_key(text))

    def is_placeholder_key(self, key: str) -> bool:
        """:meth:`is_placeholder` for a text whose label key the caller already has."""
        return not key or self._placeholder.match(key) is not None

    def is_not_applicable(self, text: str | None) -> bool:
        return text is not None and label_key(text) in self._not_applicable

    def is_not_applicable_key(self, key: str) -> bool:
        return key in self._not_applicable


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The lexicon from ``path``, or the one shipped with jixiao."""
    if path is None:
        raw = resources.files("jixiao.lexicon").joinpath("labels.toml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    return Lexicon(tomllib.loads(raw))


__all__ = ["LabelTable", "Level1", "Level2", "Lexicon", "load_lexicon"]
