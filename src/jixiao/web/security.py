"""Accounts and sessions: Argon2id passwords, server-side sessions, CSRF tokens, login throttling.

Choices, and why:

* Passwords: Argon2id (argon2-cffi defaults, RFC 9106 low-memory profile); a hash made with older
  parameters is re-hashed at the next sign-in.
* Sessions are rows in ``web_sessions``, not signed cookies: signing out, deactivating a user or
  resetting a password ends the sessions at once.  The cookie carries a random 256-bit token; the
  store keeps only its SHA-256.  A new token is issued at every sign-in (no session fixation).
* CSRF: every unsafe request carries a token (hidden field ``csrf_token`` or header
  ``X-CSRF-Token``) equal to HMAC-SHA256(store secret, session token) — the "signed double
  submit" pattern: a third-party page can neither read the cookie nor compute the token.  Before
  sign-in, the same with a random pre-session cookie.  Rotating the session rotates the token.
* Throttling: ``login_max_failures`` failed attempts for one user name from one address lock that
  pair for ``login_lock_minutes``; the lock is told in Chinese, with the minutes left.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from jixiao.store.models_web import LoginAttemptRow, UserRow, WebSessionRow

SESSION_COOKIE = "jixiao_session"
CSRF_COOKIE = "jixiao_csrf"
MIN_PASSWORD = 10

_hasher = PasswordHasher()  # Argon2id


def now() -> datetime:
    return datetime.now(UTC)


def aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes (stored as UTC): make them comparable."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(user: UserRow, password: str) -> bool:
    """True when ``password`` is the user's; upgrades an outdated hash in place."""
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


_DUMMY_HASH = _hasher.hash("jixiao: no such user")


def burn_time(password: str) -> None:
    """Spend the time of one verification when the user does not exist: sign-in takes as long for
    an unknown name as for a wrong password, so timing does not tell which names exist."""
    with contextlib.suppress(VerificationError):
        _hasher.verify(_DUMMY_HASH, password)


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable (Chinese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少需要 {MIN_PASSWORD} 个字符"
    if username and password.lower() == username.lower():
        return "密码不能与用户名相同"
    if len(set(password)) < 4:
        return "密码过于简单（重复字符太多）"
    return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two tokens (False when either is missing)."""
    if not a or not b:
        return False
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def csrf_token_for(secret: bytes, cookie_token: str) -> str:
    """The CSRF token that goes with a session (or pre-session) cookie."""
    mac = hmac.new(secret, b"csrf\0" + cookie_token.encode("utf-8", "replace"), hashlib.sha256)
    return mac.hexdigest()


def start_session(db: Session, user: UserRow, hours: float, ip: str | None) -> tuple[str, WebSessionRow]:
    """A fresh session for ``user``: (cookie token, row).  Expired sessions are swept."""
    at = now()
    db.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < at))
    token = new_token()
    row = WebSessionRow(
        id=token_key(token), user_id=user.id, created_at=at, last_seen=at,
        expires_at=at + timedelta(hours=hours), ip=ip,
    )  # fmt: skip
    db.add(row)
    return token, row


def find_session(db: Session, token: str | None, hours: float) -> tuple[WebSessionRow, UserRow] | None:
    """The live session of a cookie token and its (active) user; sliding expiry."""
    if not token or len(token) > 200:
        return None
    row = db.get(WebSessionRow, token_key(token))
    if row is None:
        return None
    at = now()
    if aware(row.expires_at) < at:
        db.delete(row)
        return None
    user = db.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    if at - aware(row.last_seen) > timedelta(minutes=1):  # write at most once a minute
        row.last_seen = at
        row.expires_at = at + timedelta(hours=hours)
    return row, user


def end_sessions(db: Session, user_id: int, keep: str | None = None) -> None:
    """Sign a user out everywhere (password reset, deactivation), but for session ``keep``."""
    stmt = delete(WebSessionRow).where(WebSessionRow.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(WebSessionRow.id != keep)
    db.execute(stmt)


@dataclass
class Lock:
    minutes_left: int
    by_address: bool = False

    @property
    def message(self) -> str:
        if self.by_address:
            return f"此地址登录失败次数过多，已被临时锁定，请 {self.minutes_left} 分钟后再试"
        return f"登录失败次数过多，该账号已被临时锁定，请 {self.minutes_left} 分钟后再试"


IP_FACTOR = 10  # one address may fail this many times the per-name limit (many names tried)


def login_lock(db: Session, username: str, ip: str, max_failures: int, minutes: float) -> Lock | None:
    """The lock on (user name, address) after ``max_failures`` failures within the window since
    its last success; or on the address alone after ``IP_FACTOR`` times as many failures over any
    names (password spraying)."""
    at = now()
    since = at - timedelta(minutes=minutes)
    last_ok = db.scalar(
        select(func.max(LoginAttemptRow.at)).where(
            LoginAttemptRow.username == username, LoginAttemptRow.ip == ip,
            LoginAttemptRow.success.is_(True),
        )
    )  # fmt: skip
    pair_since = max(since, aware(last_ok)) if last_ok is not None else since
    for where, start, limit, by_address in (
        ((LoginAttemptRow.username == username, LoginAttemptRow.ip == ip), pair_since,
         max_failures, False),
        ((LoginAttemptRow.ip == ip,), since, max_failures * IP_FACTOR, True),
    ):  # fmt: skip
        failures = list(
            db.scalars(
                select(LoginAttemptRow.at)
                .where(*where, LoginAttemptRow.success.is_(False), LoginAttemptRow.at > start)
                .order_by(LoginAttemptRow.at.desc())
                .limit(limit)
            )
        )
        if len(failures) >= limit:  # locked from the failure that reached the limit
            until = aware(failures[0]) + timedelta(minutes=minutes)
            left = max(1, int((until - at).total_seconds() // 60) + 1)
            return Lock(left, by_address)
    return None


KEEP_ATTEMPTS = timedelta(days=90)


def record_attempt(db: Session, username: str, ip: str, success: bool) -> None:
    """Every attempt is kept for throttling and the audit page; a success also clears attempts
    older than ``KEEP_ATTEMPTS`` so the table does not grow without end."""
    at = now()
    db.add(LoginAttemptRow(username=username[:64], ip=ip[:64], at=at, success=success))
    if success:
        db.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < at - KEEP_ATTEMPTS))
