"""A finding: one problem a reviewer would flag, with its place and the numbers behind it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jixiao.model import Location, Severity


class Finding(BaseModel):
    """The public JSON contract of ``jixiao audit --format json`` (one object per finding)."""

    model_config = ConfigDict(extra="forbid")

    file: str | None = Field(description="document the form was read from")
    form_index: int = Field(description="0-based position of the form in its document")
    project_name: str | None
    code: str = Field(description="stable rule code, e.g. S002")
    rule: str = Field(description="rule name, e.g. score-inflated")
    severity: Severity
    field: str | None = Field(description="dotted path such as indicators[3].score")
    row: int | None = Field(default=None, description="0-based indicator index, when on a row")
    indicator: str | None = Field(description="the 三级指标 name, or null")
    message: str = Field(description="Chinese message, ready for a review letter")
    message_en: str
    evidence: dict[str, Any] = Field(default_factory=dict, description="numbers and texts involved")
    location: Location | None = Field(default=None, description="where the value was read")

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message
