"""``/forms``: the forms a user may see (latest versions), with scores, grades and finding counts;
filter, search, sort and pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jixiao.web.deps import CurrentUser, DbSession, render
from jixiao.web.queries import PER_PAGE, FormFilters, choices, form_summary, page_of_forms

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

    return render(
        request, "forms_list.html",
        forms=[form_summary(r) for r in rows], total=total, filters=filters, pages=pages,
        columns=COLUMNS, sort_link=sort_link, link=link, options=choices(db, user),
        per_page_options=PER_PAGE,
    )  # fmt: skip
