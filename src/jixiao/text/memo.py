"""A bounded memo table for the reader's per-text answers, cheaper to ask than ``lru_cache``.

Why: the recognizer asks the same few questions of the same cell texts hundreds of times per
form (what does the lexicon say about this text, what is its label key).  Under mypyc a hit in a
plain dict held by a compiled function is a direct C call, while a hit in ``functools.lru_cache``
goes through a Python-level call and moves a link in the LRU list; on the parse bench that
overhead alone was a few per cent of the whole run.

The table is bounded like the caches it replaces (memory stays flat however many forms are
read): when it is full it is emptied and refills with what is asked next.  It only ever holds
answers of pure functions of the text, so what is kept never changes a result, only its cost.
``cache_info``/``cache_clear`` keep the ``lru_cache`` names that tools and tests use.
"""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class CacheInfo(NamedTuple):
    """The fields of ``functools.lru_cache``'s ``cache_info()``."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


class Memo(Generic[K, V]):
    """``table`` maps a key to its answer; :meth:`put` stores one, emptying a full table first."""

    def __init__(self, maxsize: int) -> None:
        self.table: dict[K, V] = {}
        self.maxsize = maxsize
        self.misses = 0

    def put(self, key: K, value: V) -> V:
        table = self.table
        if len(table) >= self.maxsize:
            table.clear()
        table[key] = value
        self.misses += 1
        return value

    def cache_info(self) -> CacheInfo:
        """Like ``lru_cache``'s; hits are not counted (that would cost on every hit)."""
        return CacheInfo(0, self.misses, self.maxsize, len(self.table))

    def cache_clear(self) -> None:
        self.table.clear()
        self.misses = 0
