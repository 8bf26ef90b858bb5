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
