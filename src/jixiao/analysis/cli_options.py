"""The filter options shared by ``jixiao report`` and ``jixiao dump`` (typer annotations)."""

from __future__ import annotations

from typing import Annotated

import typer

from jixiao.analysis.scope import Filters

Db = Annotated[
    str | None,
    typer.Option("--db", help="数据库：SQLite 文件路径或 URL（默认 ./jixiao.db 或 $JIXIAO_DB）/ "
                 "database path or URL"),
]  # fmt: skip
Years = Annotated[
    list[int] | None, typer.Option("--year", "-y", help="年度，可重复 / year (repeatable)")
]
Departments = Annotated[
    list[str] | None,
    typer.Option("--department", "-d",
                 help="部门名称中的文字或部门编码，可重复 / department name part or code"),
]  # fmt: skip
Projects = Annotated[
    list[str] | None,
    typer.Option("--project", help="项目名称中的文字或项目编码 / project name part or code"),
]
Profiles = Annotated[
    list[str] | None, typer.Option("--profile", help="评分模板名称 / scoring profile name")
]
Grades = Annotated[
    list[str] | None, typer.Option("--grade", help="表上填写的自评等级 / printed grade")
]
Regrades = Annotated[
    list[str] | None,
    typer.Option("--recomputed-grade", help="复核后的等级 / recomputed grade"),
]
WithErrors = Annotated[
    bool, typer.Option("--with-errors", help="只看有错误的表 / only forms with errors")
]
AllVersions = Annotated[
    bool,
    typer.Option("--all-versions",
                 help="包括被取代的旧版本和重复副本（默认只计最新版本）/ include superseded versions "
                 "and copies"),
]  # fmt: skip


def make_filters(
    years: list[int] | None,
    departments: list[str] | None,
    projects: list[str] | None,
    profiles: list[str] | None,
    grades: list[str] | None,
    recomputed_grades: list[str] | None,
    with_errors: bool,
    all_versions: bool,
) -> Filters:
    return Filters(
        years=years or [], departments=departments or [], projects=projects or [],
        profiles=profiles or [], grades=grades or [], recomputed_grades=recomputed_grades or [],
        with_errors=with_errors, all_versions=all_versions,
    )  # fmt: skip
