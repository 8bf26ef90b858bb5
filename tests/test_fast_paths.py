"""The speed work's shortcuts give exactly the answers of the plain code they stand in for.

Why: the parse benchmark pushed several hot functions onto fast paths (one cached lexicon
classification per cell text, regex pre-checks before translate / substitutions, a merged
exact-match index, prefix tables that reject by their first two characters).  Each is only
correct if it never changes an answer, so each is checked here against a straightforward
re-implementation of the rule it replaced, over every lexicon alias, its variants and many
arbitrary strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.lexicon import LabelTable, Lexicon, load_lexicon
from jixiao.recognize import labels
from jixiao.text import normalize
from jixiao.text.normalize import clean, fold_width, label_key

_MAX_LABEL = 24
_SPACE = re.compile(r"\s+")


def _slow_fold(text: str) -> str:
    return text.translate(normalize._FULLWIDTH)


def _slow_clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _slow_fold(normalize.strip_html(text))
    text = normalize._SPACE_NEAR_CJK.sub("", text)
    text = normalize._SPACE_AFTER_DIGIT.sub("", text)
    text = normalize._SPACE_IN_NUMBER.sub(r"\1", text)
    text = normalize._WS.sub(" ", text).strip()
    return text or None


def _slow_prefix(table: LabelTable, text: str) -> str | None:
    key = label_key(text)
    for alias in table.aliases():  # longest first
        if key.startswith(alias):
            return alias_canonical(table, alias)
    return None


def alias_canonical(table: LabelTable, alias: str) -> str | None:
    return table.match_key(alias)


def _slow_title(text: str) -> bool:
    key = label_key(text)
    if not key or len(key) > 40:
        return False
    return any(a in key and len(key) <= len(a) + 24 for a in load_lexicon().title.aliases())


def _slow_placeholder(lex: Lexicon, text: str, patterns: list[str]) -> bool:
    key = label_key(text)
    return not key or any(re.match(p, key) for p in patterns)


def _expected(text: str) -> labels.CellLabels:
    """Every answer computed the long way, table by table, as the recognizer once asked them."""
    lex = load_lexicon()
    funds_column = lex.funds_columns.match(text)
    if funds_column is None and len(text) <= _MAX_LABEL and text:
        funds_column = _slow_prefix(lex.funds_columns, text)
    indicator_column = lex.indicator_columns.match(text)
    if indicator_column is None and len(text) <= _MAX_LABEL and text:
        indicator_column = _slow_prefix(lex.indicator_columns, text)
    funds_block = (
        bool(text)
        and _slow_prefix(lex.funds_block, text) is not None
        and len(label_key(text)) <= 20
    )
    return labels.CellLabels(
        key=label_key(text),
        title=_slow_title(text),
        header=lex.header.match(text),
        funds_block=funds_block,
        funds_column=funds_column,
        funds_row=lex.funds_rows.match(text),
        goals="block" if lex.goals_block.match(text) else lex.goals.match(text),
        indicators_block=lex.indicators_block.match(text) is not None,
        indicator_column=indicator_column,
        total=lex.total.match(text) is not None,
        grade=lex.grade.match(text) is not None,
        level1=lex.level1(_SPACE.sub("", text) if "(" in text or "（" in text else text),
        level2=lex.level2(text),
        placeholder=_slow_placeholder(lex, text, _PATTERNS),
        not_applicable=lex.is_not_applicable(text),
    )


_PATTERNS = ["^指标\\d*[:：]?$", "^[…\\.。]+$", "^其他$", "^-+$", "^—+$"]


def _all_aliases() -> list[str]:
    lex = load_lexicon()
    tables = [
        lex.title,
        lex.header,
        lex.funds_block,
        lex.funds_columns,
        lex.funds_rows,
        lex.goals_block,
        lex.goals,
        lex.indicators_block,
        lex.indicator_columns,
        lex.level1_table,
        lex.level2_table,
        lex.total,
        lex.grade,
    ]
    return sorted({a for t in tables for a in t.aliases()})


def _variants(alias: str) -> list[str]:
    return [
        alias,
        f"{alias}（万元）",
        f"{alias}(50分)",
        f"{alias}（20 分）",
        f"{alias}：某某项目",
        f"其中：{alias}",
        f"{alias}完成情况说明",
        " ".join(alias),
        f"{alias[:-1]}\n{alias[-1:]}",
        f"2023年度{alias}",
        alias[:2],
        alias[:1],
        alias[1:],
        f"{alias}{alias}",
    ]


def test_placeholder_patterns_are_the_shipped_ones() -> None:
    """The slow reference above copies labels.toml's patterns; it must not drift from them."""
    import tomllib
    from importlib import resources

    raw = resources.files("jixiao.lexicon").joinpath("labels.toml").read_text("utf-8")
    assert tomllib.loads(raw)["placeholders"]["patterns"] == _PATTERNS


def test_cell_labels_agree_with_the_tables_for_every_alias_and_variant() -> None:
    texts = [v for a in _all_aliases() for v in _variants(a)]
    texts += ["", " ", "5", "100%", "1234.56", "≥735人次", "指标1：", "……", "其他", "—", "不涉及"]
    texts += ["项目支出绩效自评表", "附件3：2023年度项目支出绩效自评表（区级）", "产出指标(50分)"]
    checked = 0
    for text in texts:
        labels._OF.cache_clear()
        assert labels.of(text) == _expected(text), text
        checked += 1
    assert checked > 500


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                "产出指标效益成本满意度年初预算数执行率分值得分（）()：: \n0123456789.%万元其中…—-"
            )
        ),
        max_size=16,
    )
)
def test_cell_labels_agree_on_arbitrary_texts(text: str) -> None:
    labels._OF.cache_clear()
    assert labels.of(text) == _expected(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_fold_width_and_clean_agree_with_the_plain_steps(text: str) -> None:
    assert fold_width(text) == _slow_fold(text)
    assert clean(text) == _slow_clean(text)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("１２３ＡＢ％　 \n\t<p>&nbsp;中文，。（）1.2,3 ")),
        max_size=30,
    )
)
def test_clean_agrees_on_width_space_and_html_mixtures(text: str) -> None:
    assert clean(text) == _slow_clean(text)


def test_prefix_shortcut_agrees_with_a_full_scan() -> None:
    lex = load_lexicon()
    for table in (lex.funds_columns, lex.indicator_columns, lex.funds_block):
        for alias in _all_aliases():
            for text in _variants(alias):
                assert table.match_prefix(text) == (_slow_prefix(table, text) if text else None), (
                    text
                )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("項目績效自評表项目 abc12，。（）\n　ｱ")), max_size=60)
)
def test_traditional_sample_is_the_cjk_characters_in_order(text: str) -> None:
    """looks_traditional samples by deleting non-CJK runs; findall + join gave the same string."""
    assert normalize._NOT_CJK.sub("", text) == "".join(normalize._CJK_RE.findall(text))


_WEIGHT_IN_LABEL = re.compile(r"^(?P<label>.*?)[（(\s]*(?P<w>\d+(?:\.\d+)?)\s*分?[)）]?$")


def _slow_level1(text: str) -> tuple[str, str, float | None] | None:
    """Lexicon.level1 as it was before its pre-check: the pattern tried on every text."""
    lex = load_lexicon()
    if not text:
        return None
    canonical = lex.level1_table.match(text)
    if canonical:
        return text, canonical, None
    m = _WEIGHT_IN_LABEL.match(
        label_key(text) if "(" not in text and "（" not in text else text.strip()
    )
    if m:
        canonical = lex.level1_table.match(m.group("label"))
        if canonical:
            return m.group("label").strip(), canonical, float(m.group("w"))
    return None


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("产出效益指标满意度 （(）)分0123456789５.：。，\n<br>】*")),
        max_size=14,
    )
)
def test_level1_pre_check_never_changes_the_answer(text: str) -> None:
    found = load_lexicon().level1(text)
    got = None if found is None else (found.printed, found.canonical, found.weight)
    assert got == _slow_level1(text)


def test_level1_weights_in_labels_are_still_read() -> None:
    lex = load_lexicon()
    for text in [
        "产出指标(50分)",
        "产出指标（50 分）",
        "产出指标 50分",
        "产出指标50",
        "效益指标30分。",
    ]:
        found = lex.level1(text)
        assert found is not None and found.weight is not None, text
        assert found == lex.level1(text)
        expected = _slow_level1(text)
        assert expected is not None and found.weight == expected[2]


_AMOUNT = st.one_of(st.none(), st.floats(min_value=-5, max_value=2000, allow_nan=False))


@settings(max_examples=2000, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            k: _AMOUNT for k in ("initial", "adjusted", "executed", "weight", "rate", "score")
        },
    )
)
def test_score_floor_never_exceeds_the_verdict(values: dict[str, float | None]) -> None:
    """The funds search skips placements by this bound; it must never be above the real cost."""
    from jixiao.recognize import selfcheck

    assert selfcheck.score_floor(values) <= selfcheck.score_reading(values)


def test_funds_search_with_the_bound_picks_what_the_full_search_picks() -> None:
    """Every placement priced in full, first lowest wins: the pruned search must agree."""
    from itertools import combinations

    from jixiao.document import Cell
    from jixiao.model import Location
    from jixiao.recognize import funds, selfcheck
    from jixiao.recognize.values import offset_spread, typed

    def full(values: list, columns: list) -> list[int]:  # type: ignore[type-arg]
        kinds = [c.kind for c in columns]
        usable = [i for i, v in enumerate(values) if any(funds._allowed(v, k) for k in kinds)]
        usable = usable[: len(columns)]
        items = [values[i] for i in usable]
        best = None
        for placement in combinations(range(len(columns)), len(items)):
            if not all(funds._allowed(items[i], kinds[c]) for i, c in enumerate(placement)):
                continue
            numbers: dict[str, float | None] = {}
            cost = 0.0
            for item, col in zip(items, placement, strict=True):
                kind = kinds[col]
                if item.blank:
                    cost += 0.2 if kind in funds._AMOUNTS else 0.0
                    continue
                if kind == "rate":
                    numbers["rate"] = (
                        item.rate if item.rate is not None else funds._bare_rate(item.number)
                    )
                    cost += 0.0 if item.rate is not None else 0.5
                elif kind != "method":
                    numbers[kind] = item.number
            used = set(placement)
            cost += sum(
                funds._EMPTY_COST.get(c.kind, 0.1) for i, c in enumerate(columns) if i not in used
            )
            cost += selfcheck.score_reading(numbers)
            cost += 0.3 * offset_spread(
                [it.cell.col for it in items], [columns[c].col for c in placement]
            )
            if best is None or cost < best[0]:
                best = (cost, placement)
        out = [-1] * len(values)
        if best is not None:
            for item, col in zip(usable, best[1], strict=True):
                out[item] = col
        return out

    import random

    rng = random.Random(7)
    texts = ["100", "95.5", "0", "—", "/", "90%", "100%", "85.00%", "20", "18", "10", "9.5", "无"]
    layouts = [
        ["initial", "adjusted", "executed", "weight", "rate", "score"],
        ["adjusted", "executed", "rate", "weight", "score"],
        ["initial", "adjusted", "executed", "rate"],
        ["adjusted", "executed", "weight", "rate", "method", "score"],
    ]
    checked = 0
    for _ in range(3000):
        kinds = rng.choice(layouts)
        positional = rng.random() < 0.5
        columns = [funds.Column(k, i if positional else None) for i, k in enumerate(kinds)]
        n = rng.randint(0, len(kinds) + 1)
        cells = [
            Cell(
                rng.choice(texts),
                Location(line=1),
                col=(i + rng.randint(0, 1)) if positional else None,
            )
            for i in range(n)
        ]
        values = [typed(c) for c in cells]
        assert funds._best_reading(values, columns) == full(values, columns)
        checked += 1
    assert checked == 3000


def _slow_commonness(text: str) -> float:
    from jixiao.text.normalize import to_simplified

    cjk = [c for c in text[:5000] if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    common = 0
    for char in to_simplified("".join(cjk)):
        try:
            lead = char.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= lead <= 0xD7
    return common / len(cjk)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("項目績效自評表项目绩效自评表龘鬱囍 abc12，。\n")),
        max_size=80,
    )
)
def test_commonness_counts_as_the_per_character_encode_did(text: str) -> None:
    from jixiao.readers.text.decode import _commonness

    assert _commonness(text) == _slow_commonness(text)


def test_commonness_on_mixed_script_text() -> None:
    from jixiao.readers.text.decode import _commonness

    sample = "项目支出绩效自评表 項目支出績效自評表 基层医疗卫生服务能力提升 满意度 ≥95%" * 40
    assert _commonness(sample) == _slow_commonness(sample)
    assert 0.5 < _commonness(sample) <= 1.0


def _slow_parse_number(text: str, units: tuple[str, ...] = ()) -> float | None:
    from jixiao.text import numbers

    s = numbers._compact(text)
    for unit in units:
        if s.endswith(unit) and len(s) > len(unit):
            s = s[: -len(unit)]
            break
    if not s or s in numbers._EMPTY or not numbers._NUMBER.match(s):
        return None
    if not any(c.isdigit() for c in s):
        return None
    return float(s.replace(",", ""))


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789１２٣²,.+-万元分 　%")), max_size=12))
def test_parse_number_digit_check_agrees(text: str) -> None:
    from jixiao.text.numbers import parse_number

    for units in ((), ("万元", "元", "亿元", "千元"), ("分",)):
        assert parse_number(text, units=units) == _slow_parse_number(text, units)


def _slow_kinds(key: str, weight_mark: bool) -> tuple[frozenset[str], str | None]:
    """flow_labels._kinds_of_key before its first-characters rejection: every table asked."""
    from jixiao.readers.text import flow_labels as fl

    if not key or len(key) > fl._MAX_KEY + 8:
        return fl.NO_KINDS, None
    lex = load_lexicon()
    kinds: set[str] = set()
    funds_block = any(
        key.startswith(a) and key[len(a) :] in ("", *fl._UNIT_SUFFIXES)
        for a in lex.funds_block.aliases()
    )
    column = lex.indicator_columns.match(key)
    checks = {
        fl.TITLE: lex.title.match(key),
        fl.HEADER: lex.header.match(key),
        fl.FUNDS_BLOCK: funds_block,
        fl.FUNDS_COL: lex.funds_columns.match(key),
        fl.FUNDS_ROW: lex.funds_rows.match(key),
        fl.GOALS_BLOCK: lex.goals_block.match(key),
        fl.GOAL: lex.goals.match(key),
        fl.IND_BLOCK: lex.indicators_block.match(key),
        fl.IND_COL: column,
        fl.LEVEL1: lex.level1_table.match(key) or (weight_mark and lex.level1(key)),
        fl.LEVEL2: lex.level2(key),
        fl.TOTAL: lex.total.match(key),
        fl.GRADE: lex.grade.match(key),
    }
    kinds = {kind for kind, found in checks.items() if found}
    return frozenset(kinds), column


def _flow_kind_keys() -> list[str]:
    keys = [label_key(v) for a in _all_aliases() for v in _variants(a)]
    keys += [label_key(t) for t in ("产出指标50分", "产出指标(50)", "项目资金万元", "5", "≥735人次")]
    return keys


def test_flow_label_kinds_agree_with_every_table_for_every_alias_and_variant() -> None:
    from jixiao.readers.text import flow_labels as fl

    checked = 0
    for key in _flow_kind_keys():
        for mark in (False, True):
            assert fl._kinds_of_key.__wrapped__(key, mark) == _slow_kinds(key, mark), key
            checked += 1
    assert checked > 1000


@settings(max_examples=600, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("产出效益指标满意度项目资金年初预算数执行率分值得分总合计0123456789.%万元其中")),
        max_size=12,
    ),
    st.booleans(),
)
def test_flow_label_kinds_agree_on_arbitrary_keys(key: str, mark: bool) -> None:
    from jixiao.readers.text import flow_labels as fl

    key = label_key(key)  # what _kinds_of_key is given: a label key never holds "." ("%" ...)
    assert fl._kinds_of_key.__wrapped__(key, mark) == _slow_kinds(key, mark)


def _slow_source_lines(text: str) -> list[tuple[int, str]]:
    """flow_tokens._source_lines as it was: form feeds replaced and the pattern tried per line."""
    from jixiao.readers.text import flow_tokens as ft

    out: list[tuple[int, str]] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        line = raw.replace("\f", " ").strip()
        if line and ft._FURNITURE.match(line):
            line = ""
        out.append((no, line))
    return out


_FURNITURE_ALPHABET = list("-－—–第共页pPaAgGeEoOfF 0123456789٣１/,，\f\n\t|中文")


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FURNITURE_ALPHABET), max_size=30))
def test_source_lines_agree_with_the_per_line_pattern(text: str) -> None:
    from jixiao.readers.text import flow_tokens as ft

    assert ft._source_lines(text) == _slow_source_lines(text)
    if "|" not in text:  # tokenize skips the pipe test then
        assert not ft._pipe_cells(ft._source_lines(text))


def test_page_furniture_is_still_dropped() -> None:
    from jixiao.readers.text import flow_tokens as ft

    text = "- 3 -\n第 2 页，共 5 页\n２/5\nPage 3 of 9\n共 4 页\n１２\f\n项目名称"
    assert ft._source_lines(text) == _slow_source_lines(text)
    assert [line for _, line in ft._source_lines(text) if line] == ["１２", "项目名称"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["100", "95.5", "0", "—", "/", "90%", "无", "说明文字", "按执行率计算", ""]),
        max_size=8,
    ),
    st.sampled_from(
        [
            ("initial", "adjusted", "executed", "weight", "rate", "score"),
            ("adjusted", "executed", "weight", "rate", "method", "score"),
            ("initial", "adjusted", "executed", "rate", "extra"),
        ]
    ),
)
def test_funds_fit_rows_agree_with_allowed(texts: list[str], kinds: tuple[str, ...]) -> None:
    """The funds search asks _allowed once per class of value and layout, not per value."""
    from jixiao.document import Cell
    from jixiao.model import Location
    from jixiao.recognize import funds
    from jixiao.recognize.values import typed

    for text in texts:
        value = typed(Cell(text, Location(line=1)))
        got = funds._fit_row(funds._value_class(value), kinds)
        assert got == tuple(funds._allowed(value, k) for k in kinds), text


def test_funds_empty_cost_is_the_plain_sum() -> None:
    from itertools import combinations

    from jixiao.recognize import funds

    kinds = ("initial", "adjusted", "executed", "weight", "rate", "method", "score")
    for k in range(len(kinds) + 1):
        for placement in combinations(range(len(kinds)), k):
            empty = [funds._EMPTY_COST.get(kind, 0.1) for kind in kinds]
            plain = sum(empty[i] for i in range(len(empty)) if i not in placement)
            assert funds._empty_cost(kinds, placement) == plain



def _hand_written_inits() -> list[tuple[type, list[object]]]:
    """The classes whose __init__ is written out, each with a value for every init field."""
    from jixiao.document import Cell, Grid, Row
    from jixiao.lexicon import load_lexicon
    from jixiao.model import Indicator, Location
    from jixiao.readers.text.flow_labels import Tok
    from jixiao.readers.text.flow_tokens import Piece
    from jixiao.recognize import funds, goals, indicators, levels, segment, total, values

    cell = Cell("产出指标", Location(line=4, column=2), 2, 3, 1)
    row = Row([cell], 4)
    line = segment.Line(row, [cell], True)
    reading = indicators.RowReading([Indicator(level3="门诊人次")], line)
    level1 = load_lexicon().level1("产出指标")
    level2 = load_lexicon().level2_key("数量指标")
    assert level1 is not None and level2 is not None
    return [
        (Cell, ["产出指标", Location(line=4, column=2), 2, 3, 1]),
        (Row, [[cell], 4]),
        (Tok, ["项目名称", 3, 5, 2, frozenset({"header"}), "level1", [Piece("项目", 3, 1)]]),
        (Piece, ["项目", 3, 1]),
        (levels.RowLevels, [(level1, cell), (level2, cell), 2]),
        (segment.Line, [row, [cell], True]),
        (values.Value, [cell, 12.5, 0.5, False]),
        (indicators.Column, ["weight", 3]),
        (indicators.Item, [cell, 12.5, False, 4]),
        (
            indicators.RowReading,
            [[Indicator(level3="门诊人次")], segment.Line(row, [cell], True), True],
        ),
        (funds.Column, ["initial", 2]),
        (Grid, [[row], Location(page=2), False]),
        (segment.FormRows, [{segment.Block.funds: [line]}, segment.Block.funds, line, {"x"}]),
        (indicators.TableReading, [[reading], [(line, "template")], {"产出指标": (20.0, cell)}]),
        (goals._Slot, ["expected", 2, [cell]]),
        (total.TotalReading, [[cell], cell]),
    ]


def _reference(cls: type) -> Callable[..., object]:
    """The dataclass ``cls`` was before its __init__ was written out: same fields, with the
    __init__ dataclasses generates (defaults and factories as declared)."""
    import dataclasses

    specs: list[tuple[str, type, object]] = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            specs.append((f.name, object, dataclasses.field(default=f.default, init=f.init)))
        elif f.default_factory is not dataclasses.MISSING:
            made = dataclasses.field(default_factory=f.default_factory, init=f.init)
            specs.append((f.name, object, made))
        else:
            specs.append((f.name, object, dataclasses.field(init=f.init)))
    made_class: Callable[..., object] = dataclasses.make_dataclass("Ref" + cls.__name__, specs)
    return made_class


def _stored(obj: object) -> tuple[object, ...]:
    import dataclasses

    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))  # type: ignore[arg-type]


def test_written_out_inits_store_what_the_generated_ones_stored() -> None:
    """Cell, Tok, Line ... have a hand-written __init__ (mypyc compiles it; the one dataclasses
    generates at run time stays interpreted).  Called with only the required fields, with all
    of them by position and with all of them by name, each stores exactly what the generated
    one stored, defaults included, and a default list is a fresh one per instance."""
    import dataclasses

    for cls, args in _hand_written_inits():
        ref = _reference(cls)
        fields = [f for f in dataclasses.fields(cls) if f.init]
        assert len(fields) == len(args), cls.__name__
        n_required = sum(
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            for f in fields
        )
        by_name = {f.name: a for f, a in zip(fields, args, strict=True)}
        for call_args, call_kwargs in ((args[:n_required], {}), (args, {}), ([], by_name)):
            got = _stored(cls(*call_args, **call_kwargs))
            assert got == _stored(ref(*call_args, **call_kwargs)), cls.__name__
        first, second = cls(*args[:n_required]), cls(*args[:n_required])
        for f in fields:
            if f.default_factory is not dataclasses.MISSING:  # a fresh default per instance
                assert getattr(first, f.name) is not getattr(second, f.name), cls.__name__


def test_level_makes_its_source_as_post_init_did() -> None:
    from jixiao.document import Cell
    from jixiao.model import Location
    from jixiao.recognize.levels import Level
    from jixiao.recognize.values import source

    cell = Cell("产出指标", Location(line=7, column=1))
    printed = Level("产出指标", "产出指标", cell)
    assert (printed.printed, printed.canonical, printed.cell) == ("产出指标", "产出指标", cell)
    assert printed.source == source("产出指标", Location(line=7, column=1))
    inferred = Level("产出指标", "产出指标", None)
    assert inferred.cell is None and inferred.source is None


def test_memo_is_bounded_and_keeps_answers() -> None:
    """A Memo holds at most twice maxsize answers (two generations), answers what it was
    given, and moves an answer found in the old generation back to the current one."""
    from jixiao.text.memo import Memo

    memo = Memo[str, int](2)
    assert memo.put("a", 1) == 1 and memo.put("b", 2) == 2
    assert memo.get("a") == 1 and memo.get("z") is None and memo.recall("a") is None
    memo.put("c", 3)  # the current generation was full: a, b are the old one now
    assert (memo.table, memo.old) == ({"c": 3}, {"a": 1, "b": 2})
    assert memo.table.get("a") is None and memo.recall("a") == 1  # moved back
    assert memo.table == {"c": 3, "a": 1}
    memo.put("d", 4)
    assert (memo.table, memo.old) == ({"d": 4}, {"c": 3, "a": 1})  # b aged out
    assert memo.get("b") is None and memo.get("c") == 3
    for n in range(100):
        memo.put(str(n), n)
        assert memo.cache_info().currsize <= 4
    assert memo.cache_info() == (0, 104, 2, 4)  # two full generations: "96" "97", "98" "99"
    memo.cache_clear()
    assert memo.cache_info().currsize == 0 and memo.get("99") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("项目名称資金年初预算数1２。 \n(分")),
                        max_size=8), min_size=1, max_size=40))  # fmt: skip
def test_memoised_functions_answer_as_the_plain_code(texts: list[str]) -> None:
    """label_key, labels.of, the flow splitter's kinds, the typed values and the shared
    Locations give, from their Memo (asked twice: a miss, then a hit), what the plain
    computation they memoise gives."""
    from jixiao.model import Location
    from jixiao.readers.text import flow_cells, flow_labels, flow_tokens, tabular
    from jixiao.recognize import indicators, values
    from jixiao.text.numbers import is_blank, parse_score

    for _ in range(2):
        for text in texts:
            plain_key = normalize._LABEL_DROP.sub(
                "", normalize.to_simplified(fold_width(normalize.strip_html(text)))
            )
            assert label_key(text) == plain_key
            assert labels.of(text) == labels._of(text)
            weight = "分" in text and any(c.isdigit() for c in text)
            assert flow_labels._kinds_of_text(text) == flow_labels._kinds_of_key(plain_key, weight)
            assert flow_labels._could_grow(plain_key) == flow_labels._grows(plain_key)
            width = len(text) - 0.5 * len(text.encode("ascii", "ignore"))
            assert flow_tokens.display_width(text) == width
            assert values._typed(text) == values._type_of(text)
            blank = is_blank(text)
            size = len(text) if len(text) > 12 else len(plain_key)
            assert indicators._typed(text) == (None if blank else parse_score(text), blank, size)
    for line in (*range(1, 30), 2**31 - 1, 2**31, 2**40):
        assert flow_cells.location(line, line + 1) == Location(line=line, end_line=line + 1)
        assert tabular._location(line, 3, None) == Location(line=line, column=3)
        assert tabular._location(line, 3, line) == Location(line=line, column=3)
        spans = Location(line=line, end_line=line + 2, column=3)
        assert tabular._location(line, 3, line + 2) == spans
        for column in (1, 2**16 - 1, 2**16, 2**20):
            assert tabular._location(line, column, None) == Location(line=line, column=column)
    for a, b in ((1, 2**22), (2**22 - 1, 2**22 - 2), (2**22, 1), (5, 2**22 - 1)):
        # neighbours in the packed key must not share a Location
        assert tabular._location(a, 1, b) == Location(line=a, end_line=b, column=1)
        assert flow_cells.location(a, b) == Location(line=a, end_line=b)
