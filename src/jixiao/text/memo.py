"""A bounded memo table for the reader's per-text answers, cheaper to ask than ``lru_cache``.

Why: the recognizer asks the same few questions of the same cell texts hundreds of times per
form (what does the lexicon say about this text, what is its label key).  Under mypyc a hit in a
dict held by a compiled object is a direct C call, while a hit in ``functools.lru_cache`` goes
through a Python-level call and moves a link in the LRU list; on the parse bench that overhead
alone was several per cent of the whole run.

Bounded like the caches it replaces (memory stays flat however many forms are read), with two
generations instead of an LRU list: answers go into the current table; when it holds
``maxsize`` entries it becomes the old one (the previous old one is dropped) and a new current
table starts, so at most twice ``maxsize`` answers are held.  An answer found in the old table moves back to the current one, so what is asked
again and again (label words) survives while one-off texts (amounts, names) age out.  It only
holds answers of pure functions of the key, so what is kept never changes a result, only its
cost.  ``cache_info``/``cache_clear`` keep the ``lru_cache`` names that tools and tests use.
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
    """Answers by key.  Ask ``table.get(key)`` first (the hit path: one compiled dict lookup),
    then :meth:`recall`; store a computed answer with :meth:`put`."""

    def __init__(self, maxsize: int) -> None:
        self.table: dict[K, V] = {}
        self.old: dict[K, V] = {}
        self.maxsize = maxsize
        self.misses = 0

    def get(self, key: K) -> V | None:
        """The stored answer for ``key``, or ``None`` (answers are never ``None``)."""
        found = self.table.get(key)
        return self.recall(key) if found is None else found

    def recall(self, key: K) -> V | None:
        """The answer for ``key`` from the old generation, moved back to the current one."""
        found = self.old.get(key)
        if found is not None:
            self._keep(key, found)
        return found

    def put(self, key: K, value: V) -> V:
        """Store a newly computed answer; returns it."""
        self.misses += 1
        self._keep(key, value)
        return value

    def _keep(self, key: K, value: V) -> None:
        if len(self.table) >= self.maxsize:
            self.old = self.table
            self.table = {}
        self.table[key] = value

    def cache_info(self) -> CacheInfo:
        """Like ``lru_cache``'s; hits are not counted (that would cost on every hit)."""
        return CacheInfo(0, self.misses, self.maxsize, len(self.table) + len(self.old))

    def cache_clear(self) -> None:
        self.table = {}
        self.old = {}
        self.misses = 0
