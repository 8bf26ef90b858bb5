"""``jixiao user``: accounts of the web app from the terminal (add, passwd, list, deactivate).

Useful for the first administrator's lost password, and for scripting many unit accounts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from jixiao.i18n import lang, t
from jixiao.store.db import StoreError, open_store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from jixiao.store.models_web import UserRow

DB_HELP = "数据库：SQLite 文件路径或 URL（默认 ./jixiao.db 或 $JIXIAO_DB）/ database path or URL"


def _read_password(stdin: bool) -> str | None:
    if not stdin:
        return None
    line = sys.stdin.readline()
    return line.rstrip("\r\n") or None


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(f"[red]{message}[/red]", soft_wrap=True)
    return typer.Exit(2)


def _account(session: Session, name: str) -> UserRow:
    """The account called ``name``, or the command fails saying there is none."""
    from sqlalchemy import select

    from jixiao.store.models_web import UserRow

    user = session.scalar(select(UserRow).where(UserRow.username == name))
    if user is None:
        raise _fail(t(f"没有用户名为“{name}”的账号", f"no account named {name!r}"))
    return user


def register(app: typer.Typer) -> None:
    users = typer.Typer(
        help="网页应用的账号：添加、批量导入、重置密码、停用、启用、列出 / web app accounts",
        no_args_is_help=True, rich_markup_mode=None,
    )  # fmt: skip
    app.add_typer(users, name="user")

    @users.command("add")
    def add_cmd(
        name: Annotated[str, typer.Argument(help="用户名 / user name")],
        role: Annotated[str, typer.Option("--role", help="unit（填报单位）| reviewer（审核人）| admin（管理员）")],
        unit_code: Annotated[str | None, typer.Option("--unit-code", help="单位代码（填报单位必填）/ unit code")] = None,
        unit_name: Annotated[str | None, typer.Option("--unit-name", help="单位名称 / unit name")] = None,
        display_name: Annotated[str, typer.Option("--display-name", help="显示名称 / display name")] = "",
        password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（否则随机生成）/ read the password from stdin")] = False,
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    ) -> None:
        """添加账号；未给密码时生成随机密码并只显示一次 / add an account."""
        from sqlalchemy.orm import Session

        from jixiao.web.accounts import AccountError, create_user

        try:
            engine = open_store(db)
        except StoreError as exc:
            raise _fail(exc.text(lang())) from None
        try:
            with Session(engine, expire_on_commit=False) as session:
                account = create_user(
                    session, name, role, password=_read_password(password_stdin),
                    display_name=display_name, unit_name=unit_name, unit_code=unit_code,
                )  # fmt: skip
                session.commit()
        except AccountError as exc:
            raise _fail(t(exc.message, exc.message_en)) from None
        finally:
            engine.dispose()
        out = Console(highlight=False)
        out.print(t(f"已添加账号 {account.user.username}", f"added {account.user.username}"))
        if account.generated:
            out.print(t(f"初始密码：{account.password}（只显示这一次，首次登录后必须修改）",
                        f"password: {account.password} (shown once; must be changed at first sign-in)"))

    @users.command("passwd")
    def passwd_cmd(
        name: Annotated[str, typer.Argument(help="用户名 / user name")],
        password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取新密码（否则随机生成）")] = False,
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    ) -> None:
        """重置密码（下次登录须修改），并让该账号所有已登录的会话失效 / reset a password."""
        from sqlalchemy.orm import Session

        from jixiao.web.accounts import AccountError, reset_password

        try:
            engine = open_store(db)
        except StoreError as exc:
            raise _fail(exc.text(lang())) from None
        try:
            with Session(engine) as session:
                user = _account(session, name)
                password = reset_password(session, user, _read_password(password_stdin))
                user.active = True
                session.commit()
        except AccountError as exc:
            raise _fail(t(exc.message, exc.message_en)) from None
        finally:
            engine.dispose()
        Console(highlight=False).print(t(
            f"已重置 {name} 的密码：{password}（下次登录后必须修改）",
            f"password of {name} reset: {password} (must be changed at the next sign-in)",
        ))

    @users.command("import")
    def import_cmd(
        file: Annotated[Path, typer.Argument(help="CSV：用户名,角色,单位代码,单位名称,显示名称 / accounts CSV")],
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    ) -> None:
        """从 CSV 批量添加账号；每个账号生成随机初始密码，以 CSV（用户名,初始密码）输出到标准输出 /
        add accounts from a CSV; their one-time passwords are printed as CSV."""
        import csv

        from sqlalchemy.orm import Session

        from jixiao.web.accounts import AccountError, import_accounts, read_accounts_csv

        try:
            data = file.read_bytes()
        except OSError as exc:
            raise _fail(t(f"{file}：无法读取（{exc.strerror}）", f"{file}: cannot read ({exc.strerror})")) from None
        try:
            lines = read_accounts_csv(str(file), data)
            engine = open_store(db)
        except AccountError as exc:
            raise _fail(t(exc.message, exc.message_en)) from None
        except StoreError as exc:
            raise _fail(exc.text(lang())) from None
        try:
            with Session(engine, expire_on_commit=False) as session:
                accounts = import_accounts(session, str(file), lines)
                session.commit()
        except AccountError as exc:
            raise _fail(t(exc.message, exc.message_en)) from None
        finally:
            engine.dispose()
        writer = csv.writer(sys.stdout)
        writer.writerow(["username", "password"])
        for account in accounts:
            writer.writerow([account.user.username, account.password])
        Console(stderr=True, highlight=False).print(t(
            f"已添加 {len(accounts)} 个账号；初始密码只输出这一次，首次登录后必须修改，请妥善转交",
            f"added {len(accounts)} accounts; the passwords are shown once and must be changed at first sign-in",
        ))

    def set_active(name: str, active: bool, db: str | None) -> None:
        from sqlalchemy.orm import Session

        from jixiao.web.security import end_sessions

        try:
            engine = open_store(db)
        except StoreError as exc:
            raise _fail(exc.text(lang())) from None
        try:
            with Session(engine) as session:
                user = _account(session, name)
                user.active = active
                if not active:
                    end_sessions(session, user.id)
                session.commit()
        finally:
            engine.dispose()
        Console(highlight=False).print(
            t(f"已启用 {name}", f"{name} activated") if active
            else t(f"已停用 {name}（已登录的会话立即失效）", f"{name} deactivated (signed out)")
        )

    @users.command("deactivate")
    def deactivate_cmd(
        name: Annotated[str, typer.Argument(help="用户名 / user name")],
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    ) -> None:
        """停用账号（立即退出登录，不能再登录）/ deactivate an account."""
        set_active(name, False, db)

    @users.command("activate")
    def activate_cmd(
        name: Annotated[str, typer.Argument(help="用户名 / user name")],
        db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    ) -> None:
        """重新启用账号 / activate an account again."""
        set_active(name, True, db)

    @users.command("list")
    def list_cmd(db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None) -> None:
        """列出账号 / list accounts."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from jixiao.store.models_web import UserRow
        from jixiao.web.accounts import ROLE_NAMES

        try:
            engine = open_store(db)
        except StoreError as exc:
            raise _fail(exc.text(lang())) from None
        table = Table(t("用户名", "user"), t("名称", "name"), t("角色", "role"),
                      t("单位", "unit"), t("状态", "status"))
        with Session(engine) as session:
            for user in session.scalars(select(UserRow).order_by(UserRow.username)):
                role = ROLE_NAMES.get(user.role, user.role) if lang() != "en" else user.role
                unit = " ".join(x for x in (user.unit_code, user.unit_name) if x)
                status = t("启用", "active") if user.active else t("已停用", "inactive")
                table.add_row(user.username, user.display_name, role, unit, status)
        engine.dispose()
        Console(highlight=False).print(table)
