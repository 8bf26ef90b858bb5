"""The web app's settings: given to ``create_app`` or read from ``JIXIAO_*`` environment variables.

Why a model: a wrong value (a negative size limit, a typo in a number) fails at start-up with a
message naming the setting, not in the middle of a user's upload.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "JIXIAO_"


class WebSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    db_url: str | None = Field(None, description="store URL or path; None: $JIXIAO_DB or ./jixiao.db")
    max_upload_mb: float = Field(50, gt=0, description="largest accepted upload, per file")
    max_files_per_upload: int = Field(200, gt=0)
    session_hours: float = Field(12, gt=0, description="a session ends this long after last use")
    secure_cookies: bool | None = Field(
        None, description="Secure cookie flag; None: set when the request came over https"
    )
    login_max_failures: int = Field(5, gt=0, description="failed sign-ins before a lock")
    login_lock_minutes: float = Field(15, gt=0)
    trust_proxy: bool = Field(
        False, description="take the client address from X-Forwarded-For (behind a proxy only)"
    )

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, **given: Any) -> WebSettings:
        """Values given win; otherwise ``JIXIAO_MAX_UPLOAD_MB`` etc.; otherwise the defaults."""
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            env = os.environ.get(ENV_PREFIX + name.upper())
            if env is not None and env != "":
                values[name] = env
        values.update({k: v for k, v in given.items() if v is not None})
        return cls.model_validate(values)
