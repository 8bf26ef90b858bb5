"""The ``jixiao`` command.  Every module in :mod:`jixiao.commands` registers its own commands."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Annotated

import typer

from jixiao import commands
from jixiao.i18n import set_lang

app = typer.Typer(
    name="jixiao",
    help="jixiao（绩效）：读取、复核、审核项目支出绩效自评表 / read, re-score and audit "
    "project expenditure performance self-evaluation forms.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    """Version, and whether the compiled reader runs (see scripts/compile.py): a speed question
    a user asks first when parsing is slower than the benchmark says."""
    if value:
        from jixiao import __version__, _native

        typer.echo(f"jixiao {__version__}; reader: {_native.STATUS.describe()}")
        raise typer.Exit()


@app.callback()
def _root(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="输出语言 zh|en（默认 zh，或环境变量 JIXIAO_LANG）/ output language"
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_print_version,
            help="显示版本及读取模块是否已编译 / show the version and whether the reader is compiled",
        ),
    ] = False,
) -> None:
    set_lang(lang)


# Public modules of jixiao.commands each register their commands; _private ones are helpers.
for _mod in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
    if not _mod.name.startswith("_"):
        importlib.import_module(f"{commands.__name__}.{_mod.name}").register(app)


def main() -> None:
    app()
