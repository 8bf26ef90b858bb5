"""Text whose row boundaries were lost -> a :class:`~jixiao.document.Grid` of printed rows.

Handles PDF text flow (pdftotext without ``-layout``), one cell per line exports and whole forms
flattened onto one line.  The work is split by what is known at each step:

1. :mod:`flow_tokens` cuts the text into pieces and records how they were separated;
2. :mod:`flow_labels` finds the labels through the lexicon, joining split and spaced-out ones;
3. this module walks the sections of each form (header, funds, goals, indicators, total), which the
   labels announce, and builds the rows of each section its own way (:mod:`flow_funds`,
   :mod:`flow_goals`, :mod:`flow_indicators`);
4. :mod:`flow_anchors` finds where each indicator row ends (its weight and score), and
   :mod:`flow_cells` decides the cell boundaries inside a row where the row's shape says how many
   cells it has.

Nothing here raises: text that fits no section becomes one row per printed line.
"""

from __future__ import annotations

import re

from jixiao.document import Cell, Grid, Row
from jixiao.model.provenance import Location
from jixiao.readers.text.flow_anchors import Layout
from jixiao.readers.text.flow_cells import cell_of, looks_like_value
from jixiao.readers.text.flow_funds import FUNDS_VALUE, extend, funds_rows
from jixiao.readers.text.flow_goals import goal_texts
from jixiao.readers.text.flow_header import pull_back_values, spread_values, untangle
from jixiao.readers.text.flow_indicators import body_rows
from jixiao.readers.text.flow_labels import (
    FUNDS_BLOCK,
    FUNDS_COL,
    FUNDS_ROW,
    GOAL,
    GOALS_BLOCK,
    GRADE,
    HEADER,
    IND_BLOCK,
    IND_COL,
    LEVEL1,
    LEVEL2,
    TITLE,
    TOTAL,
    Tok,
    is_label,
    label_tokens,
)
from jixiao.readers.text.flow_tokens import CELL, NL, SPACE, Piece, tokenize
from jixiao.readers.text.flow_total import total_last
from jixiao.text.normalize import fold_width

PRE, HEAD, FUNDS, GOALS, INDICATORS, AFTER = range(6)
# characters without a space that no printed table column holds on one line: a document with
# such a line prints each paragraph on one line (a text export), so its line breaks end paragraphs
_UNWRAPPED_WORD = 100
# header labels that open a new form when no title was printed
_FORM_OPENERS = frozenset({"project_name", "project_code", "department", "implementer"})
_LEVEL_COLUMNS = frozenset({"level1", "level2", "level3"})
# header labels printed in one row with the label before them
_HEADER_PAIRS = {
    ("department", "implementer"),
    ("manager", "phone"),
    ("project_name", "project_code"),
}


def to_grid(text: str) -> Grid:
    """One row per printed table row, cells left to right (blank cells left out)."""
    try:
        rows = split_rows(text)
    except Exception:  # last resort: a reader never raises on odd text (tests run split_rows)
        rows = _line_rows(text)
    return Grid(rows=rows, has_columns=False)


def split_rows(text: str) -> list[Row]:
    """The rows of :func:`to_grid`, without its safety net (so that tests see every error).

    Full-width digits and letters are folded first: "１０ ７" must split as 10 and 7 like
    "10 7" (the later clean-up folds them anyway, so nothing a user sees changes)."""
    return _Forms(label_tokens(untwine(tokenize(fold_width(text), is_label)))).rows()


_TWINED_LINES = 4  # lines of a label printed beside another cell's lines, at most
_TWINED_PIECE = 12  # characters of one line of such a label, at most


def untwine(pieces: list[Piece]) -> list[Piece]:
    """A label printed line by line beside another cell's lines ("项目资 其中：当年财政拨 /
    金(元) 款", "年度总 作，促进… / 体目标 工作开展…") is taken out before the lines beside it.

    Why: pdftotext joins two cells' lines that share a baseline with a space, so a narrow label
    cell and the cell to its right come out twined.  LibreOffice Writer centres a label in its
    cell, which puts its lines on the same baselines as its neighbour's; Calc and WeasyPrint
    rarely do.  A run of two to four lines whose first pieces, joined, make a label (and none of
    them is a label alone) is that: the first pieces go first, then the rest of each line in
    order; every piece keeps its source line."""
    if not _two_spaced_lines(pieces):
        return pieces  # most texts
    lines: list[list[Piece]] = []
    for p in pieces:
        if lines and p.sep == SPACE:
            lines[-1].append(p)
        else:
            lines.append([p])
    n = len(lines)
    runs: dict[int, tuple[int, int]] = {}
    skip_to = 0
    for i in range(n - 1):
        if i < skip_to or len(lines[i]) < 2 or len(lines[i + 1]) < 2:
            continue
        if len(lines[i][0].text) > _TWINED_PIECE or len(lines[i + 1][0].text) > _TWINED_PIECE:
            continue
        if is_label(lines[i][0].text) or is_label(lines[i + 1][0].text):
            continue  # a label and its value on each line ("项目名称 某项目 / 主管部门 …")
        run, tail = _twined_run(lines, i)
        if run:
            runs[i] = (run, tail)
            skip_to = i + run + tail
    if not runs:
        return pieces
    out: list[Piece] = []
    i = 0
    while i < n:
        run, tail = runs.get(i, (0, 0))
        if run == 0:
            out.extend(lines[i])
            i += 1
            continue
        block = lines[i : i + run]
        out.extend(
            line[0] if k == 0 else Piece(line[0].text, line[0].line, NL)
            for k, line in enumerate(block)
        )
        out.extend(line[0] for line in lines[i + run : i + run + tail])
        for line in block:
            rest = line[1:]
            out.append(Piece(rest[0].text, rest[0].line, NL))
            out.extend(rest[1:])
        i += run + tail
    return out


def _two_spaced_lines(pieces: list[Piece]) -> bool:
    """Whether two lines in a row each hold more than one piece, the first a short one and no
    label (the cheap test before :func:`untwine` rebuilds the list)."""
    last_line = -2  # the line index of the last line seen holding more than one piece
    line = -1
    for k, p in enumerate(pieces):
        if p.sep != SPACE:
            line += 1
        elif (
            pieces[k - 1].sep != SPACE
            and len(pieces[k - 1].text) <= _TWINED_PIECE
            and not is_label(pieces[k - 1].text)
        ):
            if last_line == line - 1:
                return True
            last_line = line
    return False


_TWINED_TAIL = 3  # characters of a label's last line below the lines beside it, at most


def _twined_run(lines: list[list[Piece]], i: int) -> tuple[int, int]:
    """How many lines from ``lines[i]`` print a label beside another cell (0: none), and how
    many lines alone after them end that label ("项目资 年度资金总额 / 金(万 其中… / 元)")."""
    if len(lines[i]) < 2 or len(lines[i][0].text) > _TWINED_PIECE:
        return 0, 0
    end = i + 1
    while (
        end < len(lines)
        and end - i < _TWINED_LINES
        and len(lines[end]) >= 2
        and lines[end][0].sep == NL
        and len(lines[end][0].text) <= _TWINED_PIECE
    ):
        end += 1
    if end - i < 2:
        return 0, 0
    heads = [line[0].text for line in lines[i:end]]
    if any(is_label(h) for h in heads):
        return 0, 0
    tails: list[str] = []
    while (
        end + len(tails) < len(lines)
        and len(tails) < 2
        and len(lines[end + len(tails)]) == 1
        and lines[end + len(tails)][0].sep == NL
        and len(lines[end + len(tails)][0].text) <= _TWINED_TAIL
    ):
        tails.append(lines[end + len(tails)][0].text)
    joined = "".join(heads)
    for m in range(len(tails), 0, -1):
        if is_label(joined + "".join(tails[:m])):
            return len(heads), m
    for stop in range(len(heads), 1, -1):  # the longest run whose heads make a label
        if is_label("".join(heads[:stop])):
            return stop, 0
    return 0, 0


def _line_rows(text: str) -> list[Row]:
    rows = []
    for no, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            rows.append(Row([Cell(line.strip(), Location(line=no, end_line=no))], line=no))
    return rows


def _row(cells: list[Cell]) -> Row:
    return Row(cells, line=cells[0].location.line if cells else None)


def _starts(kinds: frozenset[str], section: int, tok: Tok) -> int | None:
    """The section a label opens, given the section we are in; ``None``: not a section start."""
    if TITLE in kinds:
        return PRE
    if section == INDICATORS:
        return None
    if HEADER in kinds and section in (PRE, HEAD):
        return HEAD
    if HEADER in kinds and section == AFTER and _header_name(tok) in _FORM_OPENERS:
        return HEAD
    if FUNDS_BLOCK in kinds and section != FUNDS:
        return FUNDS
    if FUNDS_COL in kinds and section in (PRE, HEAD) and tok.canonical is None:
        return FUNDS
    if FUNDS_ROW in kinds and section == HEAD and HEADER not in kinds:
        return FUNDS  # 年度资金总额 drawn before the funds block's column labels (Writer)
    if (GOALS_BLOCK in kinds or GOAL in kinds) and section in (PRE, HEAD, FUNDS, AFTER):
        return GOALS
    if IND_BLOCK in kinds or (IND_COL in kinds and tok.canonical in _LEVEL_COLUMNS):
        return INDICATORS
    if kinds & {LEVEL1, LEVEL2} and section in (GOALS, FUNDS):
        return INDICATORS
    return None


class _Forms:
    """Walks the tokens section by section and collects the rows."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.out: list[Row] = []
        # a word this long was never wrapped to a printed column: the text is unwrapped
        self.unwrapped = any(len(t.text) >= _UNWRAPPED_WORD for t in toks)

    def rows(self) -> list[Row]:
        section = PRE
        start = 0
        toks = total_last(
            untangle_header(
                labels_in_place(
                    [
                        t
                        for i, t in enumerate(self.toks)
                        if TITLE not in t.kinds or not _repeated_title(self.toks, i)  # most aren't
                    ]
                )
            )
        )
        for i, tok in enumerate(toks):
            if not tok.kinds:
                continue
            if section == INDICATORS and TOTAL in tok.kinds and i > start:
                self._section(section, toks[start:i])
                section, start = AFTER, i
                continue
            nxt = _starts(tok.kinds, section, tok)
            if nxt is None or (nxt == section and nxt not in (PRE, FUNDS)):
                continue
            if nxt == FUNDS and section == FUNDS:
                continue
            if i > start:
                self._section(section, toks[start:i])
            section, start = nxt, i
        self._section(section, toks[start:])
        return self.out

    def _section(self, section: int, toks: list[Tok]) -> None:
        if not toks:
            return
        handler = {
            PRE: self._lines,
            HEAD: self._header,
            FUNDS: self._funds,
            GOALS: self._goals,
            INDICATORS: self._indicators,
            AFTER: self._after,
        }[section]
        handler(toks)

    # ---- generic ---------------------------------------------------------------------------

    def _lines(self, toks: list[Tok]) -> None:
        """One row per printed line; one cell per certain cell (spaces kept inside)."""
        row: list[list[Tok]] = []
        for t in toks:
            new_line = not row or (
                t.sep != SPACE and not (t.sep == CELL and t.line == row[-1][-1].end_line)
            )
            if new_line and row:
                self.out.append(_row([cell_of(g) for g in row]))
                row = []
            if not row or t.sep == CELL:
                row.append([t])
            else:
                row[-1].append(t)
        if row:
            self.out.append(_row([cell_of(g) for g in row]))

    # ---- header ----------------------------------------------------------------------------

    def _header(self, toks: list[Tok]) -> None:
        """Rows of label, value, label, value; a label at the start of a line opens a row."""
        cells: list[Cell] = []
        value: list[Tok] = []
        last_label: str | None = None

        def flush_value() -> None:
            if value:  # one value per label ("程瑞 83948926" under 项目负责人及电话 stays whole)
                cells.append(cell_of(list(value)))
                value.clear()

        toks = spread_values(toks, [_header_name(t) is not None for t in toks])
        for t in toks:
            canonical = _header_name(t)
            if canonical is not None:
                flush_value()
                at_line_start = t.sep != SPACE and not (
                    t.sep == CELL and cells and cells[-1].location.end_line == t.line
                )
                paired = (last_label, canonical) in _HEADER_PAIRS
                if cells and len(cells) > 1 and not paired and (at_line_start or t.sep == CELL):
                    self.out.append(_row(cells))
                    cells = []
                cells.append(cell_of([t]))
                last_label = canonical
            else:
                value.append(t)
        flush_value()
        if cells:
            self.out.append(_row(cells))

    # ---- funds -----------------------------------------------------------------------------

    def _funds(self, toks: list[Tok]) -> None:
        self.out.extend(funds_rows(toks))

    # ---- goals -----------------------------------------------------------------------------

    def _goals(self, toks: list[Tok]) -> None:
        """The labels row, then the two texts.  A template that prints each text after its own
        label (预期目标 text, 实际完成情况 text) gets one row per label and text."""
        i = 0
        labels: list[Cell] = []
        while i < len(toks) and toks[i].kinds & {GOALS_BLOCK, GOAL}:
            labels.append(cell_of([toks[i]]))
            i += 1
        # the block's label printed among the texts (a tall cell pdftotext prints mid-paragraph)
        labels = [cell_of([t]) for t in toks[i:] if _block_label(t)] + labels
        rest = [t for t in toks[i:] if not _block_label(t)]
        inner = [k for k, t in enumerate(rest) if GOAL in t.kinds]
        if inner and labels:
            segments = [rest[: inner[0]]]
            segments += [rest[a:b] for a, b in zip(inner, [*inner[1:], len(rest)], strict=True)]
            head = segments.pop(0)
            if self._texts_after_labels(labels, head, segments):
                return
            last = labels.pop() if head and GOAL in toks[i - 1].kinds else None
            if labels:
                self.out.append(_row(labels))
            if head:
                cells = ([last] if last else []) + [cell_of(head)]
                self.out.append(_row(cells))
            for seg in segments:
                cells = [cell_of([seg[0]])] + ([cell_of(seg[1:])] if seg[1:] else [])
                self.out.append(_row(cells))
            return
        if labels:
            self.out.append(_row(labels))
        texts = goal_texts(rest, self.unwrapped)
        if texts:
            self.out.append(_row([cell_of(g) for g in texts]))

    def _texts_after_labels(
        self, labels: list[Cell], head: list[Tok], segments: list[list[Tok]]
    ) -> bool:
        """ "预期目标 / — / 实际完成情况 / text / text": only dashes and numbers (strays of the
        funds block above: Writer prints the score 9.1 there) between the goal labels, and both
        texts after the last one.  Then the labels make one row and the texts the next (the
        strays a row of their own); ``False``: not so."""
        between = head + [t for seg in segments[:-1] for t in seg[1:]]
        if not all(FUNDS_VALUE.match(t.text) for t in between):
            return False
        texts = goal_texts(segments[-1][1:], self.unwrapped)
        if len(texts) != 2:
            return False
        if between:
            self.out.append(_row([cell_of([t]) for t in between]))
        self.out.append(_row(labels + [cell_of([seg[0]]) for seg in segments]))
        self.out.append(_row([cell_of(g) for g in texts]))
        return True

    # ---- indicators ------------------------------------------------------------------------

    def _indicators(self, toks: list[Tok]) -> None:
        i = 0
        header: list[Cell] = []
        columns: list[str] = []
        while i < len(toks):
            t = toks[i]
            if IND_BLOCK in t.kinds or IND_COL in t.kinds:
                header.append(cell_of([t]))
                if t.canonical:
                    columns.append(t.canonical)
            elif header and not t.kinds and _continues_header(t):
                header[-1] = extend(header[-1], t)
            else:
                break
            i += 1
        if _partial_header(columns):
            header = [c for c, t in zip(header, toks, strict=False) if not t.canonical]
            columns = []
        if header:
            self.out.append(_row(header))
        body = [t for t in toks[i:] if not _repeated_header(t)]
        self.out.extend(body_rows(body, _layout(columns)))

    def _after(self, toks: list[Tok]) -> None:
        """The total row (总分 weight score), a grade row, then anything else line by line."""
        i = 0
        while i < len(toks) and toks[i].kinds & {TOTAL, GRADE}:
            cells = [cell_of([toks[i]])]
            i += 1
            while (
                i < len(toks)
                and not toks[i].kinds
                and (toks[i].sep == SPACE or FUNDS_VALUE.match(toks[i].text) or len(cells) == 1)
            ):
                cells.append(cell_of([toks[i]]))
                i += 1
            self.out.append(_row(cells))
        self._lines(toks[i:])


_TITLE_LOOKAHEAD = 12  # tokens after a title in which a new form shows its header


def _repeated_title(toks: list[Tok], i: int) -> bool:
    """A title printed again at the top of a page in the middle of a form (no header, funds or
    goals label follows it, but the form's own rows or total do) is page furniture."""
    if TITLE not in toks[i].kinds or i == 0:
        return False
    opens = {HEADER, FUNDS_BLOCK, FUNDS_COL, GOALS_BLOCK, GOAL}
    seen_level = False
    for t in toks[i + 1 : i + 1 + _TITLE_LOOKAHEAD]:
        if t.kinds & opens:
            return False
        if t.kinds & {LEVEL1, LEVEL2, TOTAL, IND_BLOCK, IND_COL}:
            seen_level = True
    return seen_level and any(t.kinds & {LEVEL1, LEVEL2} for t in toks[max(0, i - 40) : i])


_LEVEL_ONLY = frozenset({"level1", "level2"})


def _partial_header(columns: list[str]) -> bool:
    """Only the level columns' labels before the first row (一级指标 / 二级指标 / 产出指标 …),
    or every label but 三级指标: the others were drawn elsewhere (WeasyPrint draws a tall
    cell's neighbours first), and a header short of a column would misplace every value of the
    rows.  Without it the rows are read in the template's usual column order."""
    if not columns:
        return False
    if set(columns) <= _LEVEL_ONLY:
        return True
    # the values' columns named but not the indicator's own (三级指标 drawn elsewhere)
    return "level2" in columns and "level3" not in columns and "target" in columns


def _block_label(t: Tok) -> bool:
    return GOALS_BLOCK in t.kinds and GOAL not in t.kinds


def _header_name(t: Tok) -> str | None:
    if HEADER not in t.kinds:
        return None
    from jixiao.lexicon import load_lexicon

    return load_lexicon().header.match(t.text)


_HEADER_TAIL = re.compile(r"^[（(][A-Za-z/×*\d\s分]*[)）]$")


def _continues_header(t: Tok) -> bool:
    """Column-label tails such as "(A)" and "(B/A)", printed under the label."""
    return _HEADER_TAIL.match(t.text) is not None


def _repeated_header(t: Tok) -> bool:
    """Column labels repeated at the top of a new page."""
    return bool(t.kinds & {IND_BLOCK, IND_COL}) and not t.kinds & {LEVEL1, LEVEL2}


def untangle_header(toks: list[Tok]) -> list[Tok]:
    """The header's labels and values in reading order (see :mod:`flow_header`)."""
    return pull_back_values(untangle(toks))


# the label that opens each block, and the labels that begin the block's own rows
_BLOCKS = (FUNDS_BLOCK, GOALS_BLOCK, IND_BLOCK)
_BLOCK_KINDS = frozenset(_BLOCKS)
_BLOCK_START = {
    FUNDS_BLOCK: frozenset({FUNDS_COL, FUNDS_ROW}),
    GOALS_BLOCK: frozenset({GOAL}),
    IND_BLOCK: frozenset({IND_COL, LEVEL1}),
}
_NOT_START = {IND_BLOCK: frozenset({FUNDS_COL})}  # 分值 and 得分 head the funds columns too


def _block_of(t: Tok) -> str | None:
    """The block a label heads, if it heads one and is nothing else (年度总体目标 may also be a
    goal text's own label: that one stays where it is)."""
    if t.kinds & {GOAL, HEADER, TOTAL}:
        return None
    for block in _BLOCKS:
        if block in t.kinds:
            return block
    return None


def labels_in_place(toks: list[Tok]) -> list[Tok]:
    """Labels another producer drew away from their rows, moved back (the three rules below);
    the labelled tokens are found once and again only after a rule moved some."""
    labelled = [k for k, t in enumerate(toks) if t.kinds]
    moved = block_labels_in_place(toks, labelled)
    if moved is not toks:
        toks, labelled = moved, [k for k, t in enumerate(moved) if t.kinds]
    moved = level1_labels_in_place(toks, labelled)
    if moved is not toks:
        toks, labelled = moved, [k for k, t in enumerate(moved) if t.kinds]
    return names_before_values(toks, labelled)


def block_labels_in_place(toks: list[Tok], labelled: list[int] | None = None) -> list[Tok]:
    """Block labels printed as a column ("项目资金(万元) / 年度总体目标 / 绩效指标 / 年初预算数 …")
    each move to where their block's rows begin.

    Why: the left column's tall merged cells are drawn before or after the cells beside them,
    depending on the producer (WeasyPrint draws the whole column first; LibreOffice Writer draws
    a cell when its row is done).  Two block labels in a row say that order was lost: the second
    cannot head a block with nothing in it.  It goes right before the first label of its block's
    own rows (年初预算数, 预期目标, 一级指标 …); without one it stays."""
    n = len(toks)
    moves: dict[int, int] = {}  # token index -> index it goes before
    if labelled is None:
        labelled = [k for k, t in enumerate(toks) if t.kinds]
    blocks = [i for i in labelled if toks[i].kinds & _BLOCK_KINDS]
    for i in blocks:
        if i == 0 or not toks[i - 1].kinds:
            continue
        block = _block_of(toks[i])
        if block is None or _block_of(toks[i - 1]) in (None, block):
            continue
        wanted = _BLOCK_START[block]
        unwanted = _NOT_START.get(block, frozenset())
        for j in range(i + 1, n):
            if toks[j].kinds & wanted and not toks[j].kinds & unwanted:
                moves[i] = j
                break
    return _moved(toks, moves)


def _moved(toks: list[Tok], moves: dict[int, int]) -> list[Tok]:
    """``toks`` with each token ``i`` of ``moves`` taken out and put just before token
    ``moves[i]`` (in their order); the list itself when nothing moves (most texts)."""
    if not moves:
        return toks
    before: dict[int, list[Tok]] = {}
    for i, j in moves.items():
        before.setdefault(j, []).append(toks[i])
    out: list[Tok] = []
    for k, t in enumerate(toks):
        out.extend(before.get(k, []))
        if k not in moves:
            out.append(t)
    return out


_LEVELS = frozenset({LEVEL1, LEVEL2})


def _level1_name(t: Tok) -> str | None:
    """The canonical level-1 name of a level-1 label (满意度指标 and 成本指标 may be level-2
    names as well)."""
    if LEVEL1 not in t.kinds:
        return None
    from jixiao.lexicon import load_lexicon

    found = load_lexicon().level1(t.text)
    return found.canonical if found else None


def _parent(t: Tok) -> str | None:
    """The level-1 name a level-2 label belongs to."""
    if LEVEL2 not in t.kinds:
        return None
    from jixiao.lexicon import load_lexicon

    found = load_lexicon().level2(t.text)
    return found.parent if found else None


def level1_labels_in_place(toks: list[Tok], labelled: list[int] | None = None) -> list[Tok]:
    """Level-1 labels printed as a column ("产出指标 / 效果指标 / 满意度指标 / 第一行 …") each
    move to the first level-2 label that belongs to them (社会效益 for 效果指标).

    Why: a level-1 cell spans many rows; WeasyPrint draws the spanning cells of a page before
    its rows, so all level-1 labels come first and the last one would claim the first rows.
    Two level-1 labels with nothing but level labels between them cannot both have rows: every
    one but the first goes where the lexicon says its rows begin; one whose level-2 label is
    not printed stays where it is.  The first level-1 label goes before a level-2 label of its
    own printed ahead of it."""
    n = len(toks)
    moves: dict[int, int] = {}
    if labelled is None:
        labelled = [k for k, t in enumerate(toks) if t.kinds]
    levels = [k for k in labelled if toks[k].kinds & _LEVELS]
    runs: list[tuple[int, int]] = []  # [start, end) of each run of level labels
    for k in levels:
        if runs and runs[-1][1] == k:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    for i, end in runs:
        ones = [k for k in range(i, end) if LEVEL1 in toks[k].kinds]
        if not ones or (len(ones) == 1 and ones[0] == i):
            continue  # most runs: one level-1 label, then its level-2 labels
        firsts: list[int] = []
        for k in range(i, end):
            name = _level1_name(toks[k])
            if name is None:
                continue
            # 产出指标 / 成本指标: a level-2 name under the level 1 before it stays its row's
            if (
                firsts
                and LEVEL2 in toks[k].kinds
                and _parent(toks[k]) == _level1_name(toks[firsts[-1]])
            ):
                continue
            firsts.append(k)
        if firsts:  # 数量指标 / 产出指标: the level-2 label of the first row before its level 1
            head = _level1_name(toks[firsts[0]])
            lead = next((k for k in range(i, firsts[0]) if _parent(toks[k]) == head), None)
            if lead is not None:
                moves[firsts[0]] = lead
        for k in firsts[1:]:
            name = _level1_name(toks[k])
            for j in range(end, n):
                if toks[j].kinds & {TOTAL, TITLE}:
                    break
                if (
                    _parent(toks[j]) == name
                    and _level1_name(toks[j]) != name
                    and LEVEL1 not in toks[j - 1].kinds
                ):
                    moves[k] = j
                    break
    return _moved(toks, moves)


_ROW_OPENERS = frozenset({IND_COL, IND_BLOCK, LEVEL1})
_BARE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def names_before_values(toks: list[Tok], labelled: list[int] | None = None) -> list[Tok]:
    """A row's level-2 label and name printed after its values, right below the column labels
    ("得分 / 15000人次 / 15157人次 / 15 / 15 / 数量指标 / 服务人次 / 质量指标 …"), go before them.

    Why: WeasyPrint draws the first row's cells that its spanning neighbours push down after
    the cells beside them.  The evidence is strict: values only (the last a number) between a
    column or level-1 label and a level-2 label, and that label's one name followed straight by
    the next level label, so the name has no values of its own."""
    n = len(toks)
    moves: list[tuple[int, int]] = []  # (first value, level-2 label): the pair goes first
    if labelled is None:
        labelled = [k for k, t in enumerate(toks) if t.kinds]
    for k in [k for k in labelled if LEVEL2 in toks[k].kinds]:
        if k == 0 or k >= n - 2 or LEVEL1 in toks[k].kinds or toks[k - 1].kinds:
            continue
        name, after = toks[k + 1], toks[k + 2]
        if name.kinds or not after.kinds & {LEVEL1, LEVEL2} or FUNDS_VALUE.match(name.text):
            continue
        start = k
        while start > 0 and not toks[start - 1].kinds and looks_like_value(toks[start - 1].text):
            start -= 1
        if k - start < 2 or not _BARE_NUMBER.match(toks[k - 1].text):
            continue
        if start == 0 or not toks[start - 1].kinds & _ROW_OPENERS:
            continue
        moves.append((start, k))
    if not moves:
        return toks  # most texts
    out = list(toks)
    for start, k in reversed(moves):
        out[start : k + 2] = [out[k], out[k + 1], *out[start:k]]
    return out


def _layout(columns: list[str]) -> Layout:
    layout = _column_layout(columns)
    if "unit" in columns:
        return Layout(texts=layout.texts, weight_first=layout.weight_first, unit_column=True)
    return layout


def _column_layout(columns: list[str]) -> Layout:
    if "weight" in columns and "target" in columns:
        weight_first = columns.index("weight") < columns.index("target")
    else:
        weight_first = False
    start = columns.index("level3") if "level3" in columns else -1
    if start >= 0 and "weight" in columns and not weight_first:
        texts = columns.index("weight") - start
        if 1 <= texts <= 8:
            return Layout(texts=texts)
    if weight_first:
        return Layout(texts=1, weight_first=True)
    return Layout()
