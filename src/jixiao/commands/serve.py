"""``jixiao serve``: the web app on the store (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from jixiao.i18n import lang, t
from jixiao.store.db import StoreError, display_url, open_store, resolve_url


def run_serve(db: str | None, host: str, port: int, max_upload_mb: float | None) -> int:
    import uvicorn

    from jixiao.web.accounts import AccountError, ensure_first_admin
    from jixiao.web.app import create_app

    err = Console(stderr=True, highlight=False)
    url = resolve_url(db)
    try:
        engine = open_store(url)
        try:
            first = ensure_first_admin(engine)
        finally:
            engine.dispose()
        app = create_app(url, max_upload_mb=max_upload_mb)
    except StoreError as exc:
        err.print(f"[red]{exc.text(lang())}[/red]", soft_wrap=True)
        return 2
    except AccountError as exc:
        err.print(f"[red]{t(exc.message, exc.message_en)}[/red]", soft_wrap=True)
        return 2
    if first is not None:
        if first.generated:
            err.print(t(
                f"[bold]已创建首个管理员账号：用户名 admin，初始密码 {first.password}[/bold]\n"
                "（只显示这一次；首次登录后必须修改。忘记时可运行 jixiao user passwd admin 重置）",
                f"[bold]Created the first administrator: user admin, password {first.password}[/bold]\n"
                "(shown only this once; it must be changed at the first sign-in; "
                "jixiao user passwd admin resets it)",
            ), soft_wrap=True)
        else:
            err.print(t("已用 JIXIAO_ADMIN_PASSWORD 创建首个管理员账号 admin",
                        "created the first administrator admin with JIXIAO_ADMIN_PASSWORD"))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    err.print(t(f"数据库：{display_url(url)}\n请在浏览器中打开 http://{shown}:{port}/ （Ctrl-C 停止）",
                f"database: {display_url(url)}\nopen http://{shown}:{port}/ in a browser "
                "(Ctrl-C stops)"), soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
    return 0


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_cmd(
        db: Annotated[
            str | None,
            typer.Option("--db", help="数据库：SQLite 文件路径或 URL（默认 ./jixiao.db 或 $JIXIAO_DB）/ "
                         "database path or URL"),
        ] = None,
        host: Annotated[str, typer.Option("--host", help="监听地址 / address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口 / port")] = 8000,
        max_upload_mb: Annotated[
            float | None,
            typer.Option("--max-upload-mb", min=0.01,
                         help="单个上传文件的大小上限（MB，默认 50）/ largest upload per file"),
        ] = None,
    ) -> None:
        """启动网页应用（填报、上传、复核）/ start the web app."""
        raise typer.Exit(run_serve(db, host, port, max_upload_mb))
