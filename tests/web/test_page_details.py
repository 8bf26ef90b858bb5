"""Small things a first-time user notices: the grade of a half-filled form, the name in the top
bar, an empty column in the form list."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.orm import Session
from tests.web.conftest import SEED_FENGTAI, SEED_MIYUN
from tests.web.test_new_form_page import COMPLETE

from jixiao.api import parse_file
from jixiao.model import Form
from jixiao.scoring import score_form
from jixiao.store.models_web import UserRow
from jixiao.web.live import draft_form


def _preview(unit: Any, data: dict[str, str]) -> str:
    response = unit.post("/new/preview", data=data,
                         headers={"HX-Request": "true", "X-CSRF-Token": unit.csrf})  # fmt: skip
    assert response.status_code == 200
    return str(response.text)


def _grade_shown(html: str) -> str:
    found = re.search(r'data-testid="live-grade"[^>]*>([^<]*)<', html)
    assert found, html
    return found.group(1)


def test_a_half_filled_form_shows_no_grade_yet(client_as: Any) -> None:
    unit = client_as("unit_a")
    half = {k: v for k, v in COMPLETE.items() if not k.startswith("indicators.2.")}
    half["total_score"] = ""
    html = _preview(unit, half)
    assert _grade_shown(html) == "未填完"
    assert 'data-testid="live-missing"' in html  # and the panel says what is missing

    complete = _preview(unit, COMPLETE)
    assert 'data-testid="live-complete"' in complete
    expected = score_form(draft_form(COMPLETE).form).recomputed_grade
    assert expected and _grade_shown(complete) == expected


def test_the_top_bar_does_not_repeat_a_name_that_is_the_role(app: FastAPI, client_as: Any) -> None:
    with Session(app.state.engine) as db:
        db.execute(update(UserRow).where(UserRow.username == "admin").values(display_name="管理员"))
        db.commit()
    bar = client_as("admin").get("/forms").text
    who = re.search(r'data-testid="current-user">(.*?)</div>', bar, re.S)
    assert who, bar
    text = re.sub(r"<[^>]+>", " ", who.group(1))
    assert text.count("管理员") == 1, text
    assert 'data-testid="current-role"' not in who.group(1)

    unit_bar = client_as("unit_a").get("/forms").text  # a unit: name, role and unit, each once
    unit_who = re.search(r'data-testid="current-user">(.*?)</div>', unit_bar, re.S)
    assert unit_who
    assert re.search(r"丰台社区中心</a>\s*<span[^>]*>填报单位 · 北京市丰台区社区卫生服务管理中心<",
                     unit_who.group(1))  # fmt: skip


def _codes(path: Any) -> list[str | None]:
    forms: list[Form] = parse_file(path).forms
    return [f.project_code for f in forms]


def test_the_project_code_column_shows_only_when_a_form_on_the_page_has_one(
    client_as: Any, seeded: dict[str, list[int]]
) -> None:
    assert not any(_codes(SEED_MIYUN)) and all(_codes(SEED_FENGTAI))  # what the seeds hold
    without = client_as("unit_b").get("/forms").text
    assert 'data-testid="form-row"' in without
    assert "项目编码" not in without.split('data-testid="forms-table"')[1]
    assert 'data-testid="project-code"' not in without
    # sorted by code, the column stays (the user asked for it)
    assert 'data-testid="sort-code"' in client_as("unit_b").get("/forms?sort=code").text

    with_codes = client_as("unit_a").get("/forms").text
    assert 'data-testid="sort-code"' in with_codes
    shown = re.findall(r'data-testid="project-code">([^<]*)<', with_codes)
    assert sorted(shown) == sorted(c for c in _codes(SEED_FENGTAI) if c)
    # every row has as many cells as the header has columns
    table = with_codes.split('data-testid="forms-table"')[1].split("</table>")[0]
    header_cells = len(re.findall(r"<th[\s>]", table.split("</thead>")[0]))
    first_row = table.split('data-testid="form-row"')[1].split("</tr>")[0]
    assert first_row.count("<td") == header_cells
