"""``/forms``: the forms a user may see (latest versions), with scores, grades and finding counts;
filter, search, sort and pages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from jixiao.store.models import FormRow
from jixiao.web.deps import CurrentUser, DbSession, render
from jixiao.web.queries import (
    PER_PAGE,
    SORTS,
    SUMMARY_COLUMNS,
    FormFilters,
    choices,
    filtered,
    form_summary,
    page_of_forms,
)

router = APIRouter()

COLUMNS = [  # (sort key, header, numeric?)
    ("year", "年度", False),
    ("department", "主管部门", False),
    ("project", "项目名称", False),
    ("code", "项目编码", False),
    ("implementer", "实施单位", False),
    ("self", "自评分", True),
    ("recomputed", "复核分", True),
    ("grade", "复核等级", False),
    ("errors", "错误", True),
    ("warnings", "警告", True),
    ("infos", "提示", True),
]


@router.get("/forms")
def forms_page(
    request: Request, db: DbSession, user: CurrentUser,
    filters: Annotated[FormFilters, Query()],
) -> Response:  # fmt: skip
    rows, total = page_of_forms(db, user, filters)
    pages = max(1, -(-total // filters.per_page))
    base = filters.model_dump(exclude_none=True, exclude={"page"})

    def link(**change: object) -> str:
        return "/forms?" + urlencode({**base, **change})

    def sort_link(key: str) -> str:
        direction = "asc" if filters.sort == key and filters.dir == "desc" else "desc"
        return "/forms?" + urlencode({**base, "sort": key, "dir": direction})

    csv_link = "/forms.csv?" + urlencode(base)
    return render(
        request, "forms_list.html",
        forms=[form_summary(r) for r in rows], total=total, filters=filters, pages=pages,
        columns=COLUMNS, sort_link=sort_link, link=link, options=choices(db, user),
        per_page_options=PER_PAGE, csv_link=csv_link,
    )  # fmt: skip


CSV_COLUMNS = [  # (header, summary key)
    ("编号", "id"), ("年度", "year"), ("主管部门", "department"), ("部门代码", "department_code"),
    ("项目名称", "project_name"), ("项目编码", "project_code"), ("实施单位", "implementer"),
    ("自评分", "self_total"), ("复核分", "recomputed_total"), ("差值", "difference"),
    ("自评等级", "grade"), ("复核等级", "recomputed_grade"), ("评分模板", "profile"),
    ("版本", "version"),
]  # fmt: skip


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@router.get("/forms.csv")
def forms_csv(
    db: DbSession, user: CurrentUser, filters: Annotated[FormFilters, Query()],
) -> StreamingResponse:  # fmt: skip
    """Every form of the list with the same filters and order (not only one page), as CSV with
    a BOM so that Excel reads the Chinese."""
    column = SORTS[filters.sort]
    order = column.asc().nulls_last() if filters.dir == "asc" else column.desc().nulls_last()
    stmt = filtered(user, filters).with_only_columns(*SUMMARY_COLUMNS).order_by(order, FormRow.id.desc())
    rows = [form_summary(r) for r in db.execute(stmt)]  # plain rows: no ORM objects for thousands
    db.commit()

    def lines() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        buf.write("\ufeff")
        writer.writerow([h for h, _ in CSV_COLUMNS] + ["错误", "警告", "提示"])
        for i, r in enumerate(rows, start=1):
            counts = r["findings"]
            writer.writerow([_cell(r[k]) for _, k in CSV_COLUMNS]
                            + [counts["error"], counts["warning"], counts["info"]])
            if i % 2000 == 0:  # a few large chunks, not one message per row
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": "attachment; filename*=UTF-8''%E8%87%AA%E8%AF%84%E8%A1%A8%E5%88%97%E8%A1%A8.csv",
    })  # fmt: skip
