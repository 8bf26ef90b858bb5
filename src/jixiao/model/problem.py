"""What went wrong with a whole document, as a value that names the file and the place."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jixiao.model.form import Form
from jixiao.model.provenance import Location, Severity


class Problem(BaseModel):
    """A document-level problem: empty file, binary file, no form found, a form cut off, ..."""

    model_config = ConfigDict(extra="forbid")

    file: str
    code: str
    severity: Severity = Severity.error
    message: str = Field(description="Chinese message")
    message_en: str = ""
    location: Location | None = None

    def text(self, lang: str = "zh") -> str:
        where = f" ({self.location.describe()})" if self.location else ""
        msg = self.message_en if lang == "en" and self.message_en else self.message
        return f"{self.file}{where}: {msg}"


class ParseResult(BaseModel):
    """Everything read from one document: its forms and its problems."""

    model_config = ConfigDict(extra="forbid")

    document: str
    forms: list[Form] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the document yielded no form, a form that stops part way, or an error.

        A cut-off form is still returned (what was read is kept), but the document counts as
        failed so that scripts notice it.
        """
        return (
            not self.forms
            or any(not f.complete for f in self.forms)
            or any(p.severity == Severity.error for p in self.problems)
        )
