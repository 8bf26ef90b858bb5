"""Where a value came from, and what the reader noticed on the way.

Every value in a form keeps a :class:`Source`: the raw text it was read from and its place in the
document (text line and cell for text input; page and cell box for PDF; sheet and cell address for
workbooks; table and cell for docx/HTML).  Notes are values, not exceptions: a reader that infers or
doubts something says so in a :class:`Note` and carries on (the beancount way).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    """How much a note or problem matters to the person reading the result."""

    info = "info"
    warning = "warning"
    error = "error"


class Location(BaseModel):
    """A place in a source document.  Fields that do not apply to a format stay ``None``.

    Lines and columns are 1-based, as an editor shows them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int | None = None
    end_line: int | None = None
    column: int | None = Field(default=None, description="1-based cell index within the row")
    page: int | None = None
    sheet: str | None = None
    cell: str | None = Field(default=None, description="cell address such as C7")
    table: int | None = None
    row: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        """A short human place name such as ``第12行第3格`` / ``line 12, cell 3``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.cell is not None:
            parts.append(self.cell)
        if self.line is not None:
            span = (
                f"{self.line}"
                if self.end_line in (None, self.line)
                else f"{self.line}-{self.end_line}"
            )
            parts.append(f"line {span}")
        if self.column is not None:
            parts.append(f"cell {self.column}")
        return ", ".join(parts) if parts else "?"

    def describe_zh(self, *, column: bool = True) -> str:
        """The same place in Chinese: ``第2页``, ``工作表 表1 单元格 C5``, ``第12行 第3格``;
        empty when nothing is known.  One wording for every message and screen that names a
        place (recognizer problems, the web app's source panel).  ``column=False`` leaves out
        the cell index of a text line (a form *starts at* a line, not at a cell)."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.sheet is not None:
            parts.append(f"工作表 {self.sheet}")
        if self.table is not None:
            parts.append(f"第{self.table}个表格")
        if self.cell is not None:
            parts.append(f"单元格 {self.cell}")
        if self.line is not None:
            span = (
                self.line if self.end_line in (None, self.line) else f"{self.line}–{self.end_line}"
            )
            parts.append(f"第{span}行")
        elif self.row is not None and self.cell is None:
            parts.append(f"第{self.row}行")
        if column and self.column is not None and self.cell is None:
            parts.append(f"第{self.column}格")
        return " ".join(parts)


class Source(BaseModel):
    """The raw text a value was read from, and where."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    raw: str
    location: Location = Field(default_factory=Location)


class Note(BaseModel):
    """Something a reader inferred, doubted or could not do.  Codes are stable; messages are bilingual."""

    model_config = ConfigDict(extra="forbid")

    code: str
    severity: Severity = Severity.info
    message: str = Field(description="Chinese message")
    message_en: str = ""
    field: str | None = Field(default=None, description="dotted path such as indicators[3].level1")
    location: Location | None = None

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message
