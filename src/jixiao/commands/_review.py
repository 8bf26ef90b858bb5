"""Options and helpers shared by ``jixiao audit`` and ``jixiao score``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from jixiao.i18n import lang, set_lang, t
from jixiao.model import ParseResult
from jixiao.profile import Config, Profile, ProfileError, load_config, load_profile


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


PathsArg = Annotated[list[Path], typer.Argument(help="文件或文件夹 / files or folders")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table | json | csv")]
ProfileOpt = Annotated[
    str | None,
    typer.Option("--profile", "-p", help="模板配置名称或 TOML 路径（默认按表自动选择）/ profile name or path"),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="配置文件（阈值、规则选择）/ config TOML: thresholds, select, ignore"),
]
LangOpt = Annotated[str | None, typer.Option("--lang", help="输出语言 zh|en / output language")]


def split_codes(values: list[str] | None) -> list[str]:
    """``--select F,S002 --select T`` → ``["F", "S002", "T"]``."""
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def resolve(
    profile: str | None, config: Path | None, err: Console
) -> tuple[Profile | None, Config, dict[str, Any]] | None:
    """The fixed profile (or None to choose per form), the config and its overrides; None on error."""
    try:
        cfg = load_config(config) if config else Config()
        name = profile or cfg.profile
        fixed = load_profile(name, cfg.overrides) if name else None
    except ProfileError as exc:
        err.print(str(exc), markup=False, highlight=False)
        return None
    return fixed, cfg, cfg.overrides


def apply_lang(value: str | None) -> None:
    set_lang(value)


def report_problems(result: ParseResult, err: Console) -> None:
    for problem in result.problems:
        style = "red" if problem.severity == "error" else "yellow"
        err.print(f"[{style}]{problem.text(lang())}[/{style}]", highlight=False)


def form_title(document: str | None, index: int, name: str | None) -> str:
    return t(f"{document or '—'} · 第{index + 1}张 · {name or '（无项目名称）'}",
             f"{document or '—'} · form {index + 1} · {name or '(no project name)'}")
