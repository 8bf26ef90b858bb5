"""parse_file's handling of Python's cyclic garbage collector (see ``api._collector_paused``).

Why: the parser pauses the collector for one document and moves what the document leaves alive
straight to the oldest generation.  A library must leave the caller's collector as it found it:
enabled or not, the caller's own frozen objects frozen, and the caller's cyclic garbage collected.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import jixiao
from jixiao.api import parse_file


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _sample() -> Path:
    return Path(jixiao.__file__).parent / "samples" / "000_9da3ca00a275ab0a.txt"


def _make_cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_collector_state_is_restored() -> None:
    path = _sample()
    assert gc.isenabled()
    assert parse_file(path).forms
    assert gc.isenabled()
    gc.disable()
    try:
        assert parse_file(path).forms
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_callers_cyclic_garbage_is_still_collected() -> None:
    gc.collect()
    alive = _make_cycle()  # unreachable at once, but only the collector can free a cycle
    assert alive() is not None
    parse_file(_sample())
    assert alive() is None  # collected on the way in, not promoted to the oldest generation


def test_parsing_leaves_no_cyclic_garbage_behind() -> None:
    gc.collect()
    for _ in range(3):
        parse_file(_sample())
    assert gc.collect() == 0


def test_a_callers_frozen_objects_stay_frozen() -> None:
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        assert parse_file(_sample()).forms
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_results_are_the_same_whether_the_caller_runs_the_collector_or_not() -> None:
    path = _sample()
    first = [f.to_json() for f in parse_file(path).forms]
    gc.disable()
    try:
        again = [f.to_json() for f in parse_file(path).forms]
    finally:
        gc.enable()
    assert first and first == again
