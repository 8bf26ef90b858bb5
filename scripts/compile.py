"""Compile the text reader's hot modules with mypyc (issue #2: >= 1,000 forms/s on one core).

Why: the reader is plain typed Python whose time is spread thinly over thousands of small
functions (tokenizing, splitting cells, asking the lexicon, placing values); no single hot spot is
left to tune.  mypyc (part of mypy, which checks these modules already) turns the same source into
a C extension, ~1.35x faster on the parse bench, with no second implementation to keep in step.

The compiled files are written next to their sources (``src/jixiao/**/*.so``, ignored by git) with
a manifest ``src/jixiao/_native.json`` holding a hash of every compiled source.  At import,
:mod:`jixiao._native` compares those hashes with the sources and runs the sources instead of a
stale build, so an edited file is never shadowed by old compiled code.  ``JIXIAO_PURE=1`` runs
the sources even when the build is current (to compare the two).

    .venv/bin/python scripts/compile.py          # build, or say it is up to date
    .venv/bin/python scripts/compile.py --clean  # remove the build: pure Python from now on

A machine without a C compiler keeps the pure-Python package: this script says so and exits 1,
and ``scripts/setup`` carries on.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "jixiao"
MANIFEST = PACKAGE / "_native.json"
GROUP = "jixiao_compiled"  # mypyc's shared library: src/jixiao_compiled__mypyc.*.so, top level as
# mypyc expects (inside the package its modules would report a wrong ``__file__``)

# What is compiled: the text reader, the recognizer and what they call per cell.  Everything here
# is plain typed Python (no pydantic models: those stay interpreted, as pydantic-core is already
# compiled).  Keep the list to modules on the parse path.
PATTERNS = (
    "jixiao/document.py",
    "jixiao/text/*.py",
    "jixiao/lexicon/__init__.py",
    "jixiao/readers/text/*.py",
    "jixiao/recognize/*.py",
)


def sources() -> list[Path]:
    files = sorted({p for pattern in PATTERNS for p in SRC.glob(pattern)})
    if not files:
        raise SystemExit(f"no sources under {SRC}")
    return files


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wanted_manifest(files: list[Path]) -> dict[str, object]:
    import mypy.version

    return {
        "compiler": f"mypyc {mypy.version.__version__}",
        "python": f"{sys.implementation.cache_tag}",  # the extensions' ABI: cpython-311
        "group": GROUP,
        "modules": {
            module_name(p): {"source": str(p.relative_to(PACKAGE)), "sha256": digest(p)}
            for p in files
        },
    }


def built_files() -> list[Path]:
    """Every compiled file: the shared library, and all extensions under the package (jixiao has no
    other C code)."""
    found = [p for pattern in ("*.so", "*.pyd") for p in PACKAGE.rglob(pattern)]
    return found + list(SRC.glob(f"{GROUP}__mypyc.*"))


def clean() -> None:
    for path in built_files():
        path.unlink()
    MANIFEST.unlink(missing_ok=True)


def up_to_date(manifest: dict[str, object]) -> bool:
    if not MANIFEST.exists():
        return False
    try:
        current = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(current == manifest and built_files())


def build(files: list[Path]) -> None:
    """mypyc -> C -> extensions placed next to the sources (``build_ext --inplace``)."""
    from mypyc.build import mypycify
    from setuptools import setup

    work = ROOT / "build" / "mypyc"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # Run from src/: module names come from the paths, and setuptools must not read the project's
    # pyproject.toml (it is the package's metadata, not this build's); mypy gets its config
    # (pydantic plugin, strictness) explicitly.
    previous = Path.cwd()
    os.chdir(SRC)
    try:
        extensions = mypycify(
            ["--config-file", str(ROOT / "pyproject.toml")]
            + [str(p.relative_to(SRC)) for p in files],
            opt_level="3",
            group_name=GROUP,
            target_dir=str(work / "c"),
        )
        jobs = str(max(1, min(4, os.cpu_count() or 1)))
        setup(
            name="jixiao-compiled",
            ext_modules=extensions,
            script_args=[
                "-q",
                "build_ext",
                "--inplace",
                "-j",
                jobs,
                "--build-temp",
                str(work / "temp"),
                "--build-lib",
                str(work / "lib"),
            ],
        )
    finally:
        os.chdir(previous)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled files")
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = parser.parse_args()
    if args.clean:
        clean()
        print(
            "已删除编译文件，此后运行纯 Python 代码 / compiled files removed: pure Python from now on"
        )
        return 0
    files = sources()
    manifest = wanted_manifest(files)
    if not args.force and up_to_date(manifest):
        print(f"编译模块已是最新 / compiled modules up to date ({len(files)} modules)")
        return 0
    clean()  # a failed build must never leave old compiled code next to new sources
    print(
        f"编译 {len(files)} 个模块（mypyc，约半分钟）/ compiling {len(files)} modules with mypyc …"
    )
    try:
        with tempfile.TemporaryFile("w+") as log, contextlib.redirect_stdout(log):
            build(files)
    except (Exception, SystemExit) as exc:  # compiler missing, headers missing, mypyc error
        clean()
        print(
            f"编译失败，继续使用纯 Python 代码（结果相同，速度较慢）/ compile failed, the pure-Python "
            f"package is used (same results, slower): {exc}",
            file=sys.stderr,
        )
        return 1
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"已编译 / compiled: {len(files)} modules -> {MANIFEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
