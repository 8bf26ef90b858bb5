"""Creating and changing accounts: one set of rules for the admin pages and ``jixiao user``.

The first administrator: when ``jixiao serve`` opens a store that has no user at all, it creates
``admin`` — with ``$JIXIAO_ADMIN_PASSWORD`` if set, otherwise with a random password printed once to
the terminal and marked to be changed at the first sign-in.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from jixiao.store.models_web import ROLES, UserRow
from jixiao.web.security import end_sessions, hash_password, now, password_problem

USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
ROLE_NAMES = {"unit": "填报单位", "reviewer": "审核人", "admin": "管理员"}


class AccountError(ValueError):
    """A request about an account that cannot be done; the message is Chinese, then English."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message, self.message_en = message, message_en


def random_password() -> str:
    """16 characters from a 56-letter alphabet without look-alikes (~93 bits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def check_fields(username: str, role: str, unit_code: str | None) -> None:
    if not USERNAME.match(username):
        raise AccountError(
            "用户名须为 2–64 个字母、数字或 _ . @ -",
            "a user name is 2-64 letters, digits or _ . @ -",
        )
    if role not in ROLES:
        raise AccountError(
            f"角色须为 {'、'.join(f'{r}（{ROLE_NAMES[r]}）' for r in ROLES)}",
            f"the role must be one of {', '.join(ROLES)}",
        )
    if role == "unit" and not (unit_code or "").strip():
        raise AccountError(
            "填报单位账号必须填写单位代码（它决定该账号能看到哪些表）",
            "a unit account needs a unit code (it decides which forms the account sees)",
        )


@dataclass
class NewAccount:
    user: UserRow
    password: str
    generated: bool


def create_user(
    db: Session,
    username: str,
    role: str,
    *,
    password: str | None = None,
    display_name: str = "",
    unit_name: str | None = None,
    unit_code: str | None = None,
    must_change: bool | None = None,
) -> NewAccount:
    """Add an account (not committed).  Without ``password`` a random one is made and must be
    changed at the first sign-in."""
    username = username.strip()
    unit_code = (unit_code or "").strip() or None
    check_fields(username, role, unit_code)
    if db.scalar(select(func.count()).where(UserRow.username == username)):
        raise AccountError(f"用户名“{username}”已存在", f"the user name {username!r} is taken")
    generated = password is None
    if password is None:
        password = random_password()
    else:
        problem = password_problem(password, username)
        if problem:
            raise AccountError(problem, "the password is too weak (at least 10 characters)")
    user = UserRow(
        username=username, display_name=display_name.strip() or username, role=role,
        password_hash=hash_password(password), unit_name=(unit_name or "").strip() or None,
        unit_code=unit_code, active=True,
        must_change_password=generated if must_change is None else must_change,
        created_at=now(), password_changed_at=now(),
    )  # fmt: skip
    db.add(user)
    db.flush()
    return NewAccount(user, password, generated)


def reset_password(db: Session, user: UserRow, password: str | None = None) -> str:
    """A new password (random unless given) that must be changed at the next sign-in; every
    session of the user ends."""
    if password is None:
        password = random_password()
    else:
        problem = password_problem(password, user.username)
        if problem:
            raise AccountError(problem, "the password is too weak (at least 10 characters)")
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.password_changed_at = now()
    end_sessions(db, user.id)
    return password


def ensure_first_admin(engine: Engine) -> NewAccount | None:
    """Create ``admin`` when the store has no user; None when there are users already."""
    with Session(engine, expire_on_commit=False) as db:
        if db.scalar(select(func.count()).select_from(UserRow)):
            return None
        given = os.environ.get("JIXIAO_ADMIN_PASSWORD") or None
        account = create_user(
            db, "admin", "admin", password=given, display_name="管理员",
            must_change=given is None,
        )  # fmt: skip
        db.commit()
        return account


# -- many accounts at once: jixiao user import ------------------------------------------------------

HEADERS = {
    "username": ("username", "用户名", "账号"),
    "role": ("role", "角色"),
    "unit_code": ("unit_code", "单位代码", "单位编码"),
    "unit_name": ("unit_name", "单位名称"),
    "display_name": ("display_name", "显示名称", "姓名", "名称"),
}
ROLE_WORDS = {"unit": "unit", "填报单位": "unit", "单位": "unit", "reviewer": "reviewer",
              "审核人": "reviewer", "admin": "admin", "管理员": "admin"}  # fmt: skip


@dataclass
class AccountLine:
    line: int
    username: str
    role: str
    unit_code: str | None
    unit_name: str | None
    display_name: str


def read_accounts_csv(name: str, data: bytes) -> list[AccountLine]:
    """Rows of an accounts CSV (UTF-8, UTF-8 with BOM or GBK as Excel saves it; a header row
    names the columns in Chinese or English).  Every problem is collected and raised together,
    each naming the file and the line."""
    import csv
    import io

    from jixiao.readers.text.decode import decode_bytes

    decoded = decode_bytes(data)
    if decoded.text is None:
        raise AccountError(f"{name}：{decoded.problem}", f"{name}: {decoded.problem_en}")
    rows = list(csv.reader(io.StringIO(decoded.text.lstrip("\ufeff"))))
    if not rows:
        raise AccountError(f"{name}：文件为空", f"{name}: the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    where: dict[str, int] = {}
    for key, names in HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                where[key] = i
    missing = [HEADERS[k][1] for k in ("username", "role") if k not in where]
    if missing:
        raise AccountError(
            f"{name} 第 1 行：缺少列 {'、'.join(missing)}（表头须含 用户名、角色，可含 单位代码、单位名称、显示名称）",
            f"{name} line 1: missing columns {', '.join(missing)} (username, role required)",
        )
    problems: list[str] = []
    out: list[AccountLine] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            i = where.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        username, role_word = cell("username"), cell("role")
        role = ROLE_WORDS.get(role_word.lower(), role_word)
        try:
            check_fields(username, role, cell("unit_code"))
        except AccountError as exc:
            problems.append(f"{name} 第 {n} 行（{username or '无用户名'}）：{exc.message}")
            continue
        if username in seen:
            problems.append(f"{name} 第 {n} 行：用户名“{username}”在文件中重复")
            continue
        seen.add(username)
        out.append(AccountLine(n, username, role, cell("unit_code") or None,
                               cell("unit_name") or None, cell("display_name")))  # fmt: skip
    if problems:
        raise AccountError("\n".join(problems), f"{len(problems)} problem(s) in {name}; nothing imported")
    return out


def import_accounts(db: Session, name: str, lines: list[AccountLine]) -> list[NewAccount]:
    """Create every account (not committed), or none: an existing user name stops the import."""
    taken = set(db.scalars(select(UserRow.username).where(
        UserRow.username.in_([a.username for a in lines]))))  # fmt: skip
    if taken:
        clash = [f"{name} 第 {a.line} 行：用户名“{a.username}”已存在" for a in lines if a.username in taken]
        raise AccountError("\n".join(clash), f"{len(clash)} user name(s) exist already; nothing imported")
    return [
        create_user(db, a.username, a.role, display_name=a.display_name, unit_name=a.unit_name,
                    unit_code=a.unit_code)
        for a in lines
    ]  # fmt: skip
