"""Use the mypyc-compiled reader when it was built from the sources as they are, else the sources.

Why: ``scripts/compile.py`` compiles the text reader's hot modules into C extensions that sit next
to their ``.py`` files, and Python's import system prefers an extension to a source file.  A
developer who edits ``flow_cells.py`` after compiling would silently keep running the old code —
and mypyc's modules call each other directly in C, so one stale module cannot be swapped alone.
So before any compiled module is imported, this module compares the hash of every compiled source
(recorded in ``_native.json`` at build time) with the file on disk; if any differs — or if
``JIXIAO_PURE=1`` asks for it — a finder placed first on ``sys.meta_path`` loads *all* compiled
modules from their sources.  The results are the same either way (tested); only the speed differs,
so this happens without a warning (a warning would land in every CLI's output while a developer
works); ``jixiao --version`` and the parse bench say which code runs.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_native.json"
PURE_ENV = "JIXIAO_PURE"


@dataclass(frozen=True)
class NativeStatus:
    """Whether the compiled modules run, and why (for the bench and ``jixiao --version``)."""

    compiled: bool
    reason: str  # compiled, not-built, pure-requested, stale, other-python, unreadable-manifest
    compiler: str | None = None
    modules: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # the sources that differ from the build, when stale

    def describe(self) -> str:
        if self.compiled:
            return f"compiled with {self.compiler} ({len(self.modules)} modules)"
        return {
            "not-built": "pure Python (no compiled build; run scripts/compile.py)",
            "pure-requested": f"pure Python ({PURE_ENV}=1)",
            "other-python": "pure Python (compiled for another Python; run scripts/compile.py)",
            "stale": "pure Python (compiled build is older than the sources: "
            + ", ".join(self.changed)
            + "; run scripts/compile.py)",
        }.get(self.reason, f"pure Python ({self.reason})")


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the listed modules as their ``.py`` sources, ahead of the compiled extensions."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        search = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=search
        )


def check(package_dir: Path = PACKAGE_DIR, manifest: Path | None = None) -> NativeStatus:
    """Compare the build's manifest with the sources under ``package_dir`` (no side effects)."""
    manifest = manifest if manifest is not None else package_dir / MANIFEST.name
    if not manifest.exists():
        return NativeStatus(False, "not-built")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries: dict[str, dict[str, str]] = data["modules"]
        compiler = str(data["compiler"])
    except (OSError, ValueError, KeyError, TypeError):
        return NativeStatus(False, "unreadable-manifest")
    modules = tuple(entries)
    if data.get("python") != sys.implementation.cache_tag:
        # built for another interpreter: its extensions would not even load here
        return NativeStatus(False, "other-python", compiler, modules)
    if os.environ.get(PURE_ENV, "").strip() not in ("", "0"):
        return NativeStatus(False, "pure-requested", compiler, modules)
    changed = []
    for name, entry in entries.items():
        try:
            current = hashlib.sha256((package_dir / entry["source"]).read_bytes()).hexdigest()
        except OSError:
            current = ""
        if current != entry.get("sha256"):
            changed.append(name)
    if changed:
        return NativeStatus(False, "stale", compiler, modules, tuple(changed))
    return NativeStatus(True, "compiled", compiler, modules)


def install(package_dir: Path = PACKAGE_DIR, manifest: Path | None = None) -> NativeStatus:
    """Decide once, before any compiled module is imported; route to the sources if needed."""
    status = check(package_dir, manifest)
    if status.compiled or not status.modules:
        return status
    root = package_dir.parent
    sources = {}
    for name in status.modules:
        path = root.joinpath(*name.split("."))
        package = path / "__init__.py"
        sources[name] = package if package.exists() else path.with_suffix(".py")
    sys.meta_path.insert(0, _SourceFinder(sources))
    return status


STATUS = install()
