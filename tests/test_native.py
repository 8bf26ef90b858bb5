"""The mypyc build of the reader: it gives the sources' answers, and a stale build never runs.

``scripts/compile.py`` builds it (``scripts/setup`` runs that); ``jixiao._native`` decides at
import whether it is used.  ``scripts/test`` sets ``JIXIAO_EXPECT_COMPILED=1`` where a C compiler
exists, so CI fails instead of skipping when the build is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao import _native

HERE = Path(__file__).parent
EXPECT_COMPILED = os.environ.get("JIXIAO_EXPECT_COMPILED") == "1"


def _fake_package(tmp_path: Path, *, stale: bool = False) -> Path:
    """A package ``fakepkg`` with a module and a sub-package, and a manifest of their hashes."""
    package = tmp_path / "fakepkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("ANSWER = 42\n")
    (package / "sub" / "__init__.py").write_text("NAME = 'sub'\n")
    modules = {}
    for name, source in (("fakepkg.mod", "mod.py"), ("fakepkg.sub", "sub/__init__.py")):
        digest = hashlib.sha256((package / source).read_bytes()).hexdigest()
        modules[name] = {"source": source, "sha256": digest}
    (package / "_native.json").write_text(
        json.dumps(
            {"compiler": "mypyc test", "python": sys.implementation.cache_tag, "modules": modules}
        )
    )
    if stale:
        (package / "mod.py").write_text("ANSWER = 43  # edited after the build\n")
    return package


def test_current_build_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_native.PURE_ENV, raising=False)
    status = _native.check(_fake_package(tmp_path))
    assert status.compiled and status.reason == "compiled"
    assert set(status.modules) == {"fakepkg.mod", "fakepkg.sub"}
    assert status.describe() == "compiled with mypyc test (2 modules)"


def test_edited_source_makes_the_build_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(_native.PURE_ENV, raising=False)
    status = _native.check(_fake_package(tmp_path, stale=True))
    assert not status.compiled and status.reason == "stale"
    assert status.changed == ("fakepkg.mod",)
    assert "fakepkg.mod" in status.describe() and "scripts/compile.py" in status.describe()


def test_pure_on_request_missing_and_broken_manifests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _fake_package(tmp_path)
    monkeypatch.setenv(_native.PURE_ENV, "1")
    assert _native.check(package).reason == "pure-requested"
    monkeypatch.setenv(_native.PURE_ENV, "0")
    assert _native.check(package).compiled
    manifest = json.loads((package / "_native.json").read_text())
    (package / "_native.json").write_text(json.dumps({**manifest, "python": "cpython-27"}))
    assert _native.check(package).reason == "other-python"
    (package / "_native.json").write_text("{not json")
    assert _native.check(package).reason == "unreadable-manifest"
    (package / "_native.json").unlink()
    assert _native.check(package).reason == "not-built"


def test_stale_build_imports_the_sources(tmp_path: Path) -> None:
    """With a stale manifest every listed module (package or not) is found as its ``.py``."""
    package = _fake_package(tmp_path, stale=True)
    script = (
        "import importlib, sys\n"
        "from pathlib import Path\n"
        "from jixiao import _native\n"
        f"status = _native.install(Path({str(package)!r}))\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "import fakepkg.mod, fakepkg.sub\n"
        "print(status.reason, fakepkg.mod.ANSWER, fakepkg.mod.__spec__.origin.endswith('mod.py'),"
        " fakepkg.sub.NAME, fakepkg.sub.__path__[0].endswith('sub'))\n"
    )
    env = {**os.environ}
    env.pop(_native.PURE_ENV, None)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["stale", "43", "True", "sub", "True"]


def _corpus(tmp_path: Path, *, pure: bool) -> list[str]:
    env = {**os.environ}
    env.pop(_native.PURE_ENV, None)
    if pure:
        env[_native.PURE_ENV] = "1"
    done = subprocess.run(
        [sys.executable, str(HERE / "native_corpus.py"), str(tmp_path / "corpus")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.splitlines()


def test_compiled_reader_gives_the_sources_answers(tmp_path: Path) -> None:
    if not _native.STATUS.compiled:
        if EXPECT_COMPILED:
            pytest.fail(f"the compiled reader should run here: {_native.STATUS.describe()}")
        pytest.skip(f"no current compiled build: {_native.STATUS.describe()}")
    compiled = _corpus(tmp_path, pure=False)
    pure = _corpus(tmp_path, pure=True)
    assert json.loads(compiled[0])["compiled"] is True
    assert json.loads(pure[0])["compiled"] is False
    assert len(compiled) > 400  # seeds × shapes × variants × encodings, damaged copies, fixtures
    differing = [i for i, (a, b) in enumerate(zip(compiled, pure, strict=True)) if i and a != b]
    assert not differing, (
        f"{len(differing)} documents differ, first: {compiled[differing[0]][:300]}"
    )
    assert any('"forms":[]' in line for line in compiled[1:])  # damaged inputs reached error paths
    assert any('"complete":false' in line for line in compiled[1:])


def test_compiled_modules_really_load_as_extensions() -> None:
    if not _native.STATUS.compiled:
        pytest.skip(f"no current compiled build: {_native.STATUS.describe()}")
    import jixiao.readers.text.flow_cells as flow_cells
    import jixiao.recognize.segment as segment

    for module in (flow_cells, segment):
        spec = module.__spec__
        assert spec is not None and spec.origin is not None
        assert not spec.origin.endswith(".py"), spec.origin


def test_version_says_which_reader_runs() -> None:
    from typer.testing import CliRunner

    from jixiao import __version__
    from jixiao.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert f"jixiao {__version__}; reader: {_native.STATUS.describe()}" in result.output
