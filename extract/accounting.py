"""Account for every number printed on a document's pages: where each one went, and which were not read.

The assembler records what it made of every row of every ruled grid and of every text line
(`Printed`). Each numeric token printed is then exactly one of:

    table          a cell of a recognised table (a body or header cell of a table whose type is known)
    column_number  a column-number cell (栏次 1 2 3 …) under a table's header
    caption        part of a title, number, unit, year or note line (表5, 2026年度, 单位：万元 …)
    page_line      a page number or a running header / footer
    cell_text      the text of a cell that runs past its ruled box
    fact           a figure a sentence of the prose states, read as a fact
    prose          prose that states no fact (a date, a count, a clause number)
    unplaced       printed in a table region and not in any recognised table: a grid whose type is not
                   known (untitled, a title nobody has seen), or text beside a grid, outside its frame

The document's coverage counts what a reader would call the numbers of its tables — the cells of
its ruled grids that hold a number other than zero, and numbers printed beside a grid at the
height of its rows — and how many of them are placed (table, column_number or caption). It is
the figure ../shared/tools/wild_score.py computes with pdfplumber's default table finder.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extract.lines import classify
from extract.model import Fact, Table
from extract.text import squash

# a whole cell or word that is a number as tables print them (as wild_score counts them)
NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_ZERO = re.compile(r"^-?0+(\.0+)?$")
# numbers inside a line of text: 7,776.80 / 2026 / 13.63
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
UNTYPED = frozenset({"untitled", "unknown"})
PLACED = frozenset({"table", "column_number", "caption"})
_CAPTION_LINES = frozenset({"title", "table_no", "unit", "currency", "subtitle", "qualifier", "note"})


@dataclass
class Printed:
    """One row of a ruled grid (`cells`) or one text line (`text`), and what the assembler made of it.

    use: for a grid row caption | header | body | column_numbers; for a line beside | overflow |
    furniture | or the line's kind (title, unit, footer, other …)."""

    page: int
    top: float
    use: str
    table: Table | None = None
    cells: list[str | None] | None = None
    col_edges: list[float] | None = None
    text: str | None = None
    x: float = 0.0


@dataclass
class Unplaced:
    page: int
    text: str
    x: float
    y: float
    table_seq: int | None
    reason: str


@dataclass
class Accounting:
    table_numbers: int = 0  # numbers printed in table regions (ruled grids and beside them), zeros aside
    placed: int = 0  # of them, those in recognised tables, their column numbers and captions
    kinds: Counter[str] = field(default_factory=Counter)  # every numeric token printed, by what it is
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.placed / self.table_numbers if self.table_numbers else 1.0

    @property
    def unplaced_pages(self) -> list[int]:
        return sorted({u.page for u in self.unplaced})

    def summary(self) -> str | None:
        """'731 numbers on pages 9–28 not in any recognised table', or None when all are placed."""
        if not self.unplaced:
            return None
        n = len(self.unplaced)
        return f"{n:,} number{'s' if n != 1 else ''} on {page_ranges(self.unplaced_pages)} not in any recognised table"

    def as_dict(self) -> dict[str, Any]:
        return {
            "table_numbers": self.table_numbers,
            "placed": self.placed,
            "coverage": round(self.coverage, 4),
            "kinds": dict(sorted(self.kinds.items())),
            "unplaced": [vars(u) for u in self.unplaced],
        }


def page_ranges(pages: list[int]) -> str:
    """[9, 10, 11, 14] -> 'pages 9–11, 14'; [3] -> 'page 3'."""
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"page{'s' if len(pages) > 1 else ''} {text}"


def is_table_number(text: str | None) -> bool:
    flat = squash(text)
    return bool(flat) and bool(NUMBER.match(flat)) and not _ZERO.match(flat)


def _unplaced_reason(table: Table | None) -> str:
    if table is None:
        return "printed beside a table, outside its ruled frame"
    if table.table_type == "unknown":
        return f"in table {table.seq}, whose title is not recognised ({table.title})"
    return f"in table {table.seq}, printed without a title or a header that says what it is"


def _grid_row(row: Printed, accounting: Accounting) -> None:
    assert row.cells is not None and row.col_edges is not None
    for c, text in enumerate(row.cells):
        if not is_table_number(text):
            continue
        if row.use == "caption":
            kind = "caption"
        elif row.use == "column_numbers":
            kind = "column_number"
        elif row.table is not None and row.table.table_type not in UNTYPED:
            kind = "table"
        else:
            kind = "unplaced"
            accounting.unplaced.append(Unplaced(row.page, squash(text), round(row.col_edges[c], 1), round(row.top, 1),
                                                row.table.seq if row.table else None, _unplaced_reason(row.table)))
        accounting.kinds[kind] += 1
        accounting.table_numbers += 1
        accounting.placed += kind in PLACED


def _line_kind(line: Printed, fact_values: set[tuple[int, str]], token: str) -> str:
    if line.use in ("footer", "furniture"):
        return "page_line"
    if line.use == "overflow":
        return "cell_text"
    if line.use in _CAPTION_LINES:
        return "caption"
    return "fact" if (line.page, token.replace(",", "")) in fact_values else "prose"


def _text_line(line: Printed, fact_values: set[tuple[int, str]], accounting: Accounting) -> None:
    assert line.text is not None
    if line.use == "beside":
        # a page number printed in the margin beside a table ('— 12 —'); a bare number there is a cell
        page_number = classify(line.text).kind == "footer" and not squash(line.text).isdigit()
        for word in line.text.split():
            if not is_table_number(word):
                continue
            if page_number:
                accounting.kinds["page_line"] += 1
                continue
            accounting.kinds["unplaced"] += 1
            accounting.table_numbers += 1
            accounting.unplaced.append(Unplaced(line.page, word, round(line.x, 1), round(line.top, 1), None,
                                                _unplaced_reason(None)))
        return
    for token in _TOKEN.findall(line.text):
        accounting.kinds[_line_kind(line, fact_values, token)] += 1


def account(printed: list[Printed], facts: list[Fact]) -> Accounting:
    """Every number of every printed row and line, by what it is; the table numbers not placed."""
    fact_values = {(f.page, v.lstrip("-")) for f in facts if (v := (f.value or "").replace(",", ""))}
    accounting = Accounting()
    for item in printed:
        if item.cells is not None:
            _grid_row(item, accounting)
        else:
            _text_line(item, fact_values, accounting)
    return accounting


def unmapped_cells(table: Table) -> int:
    """Numbers printed in the columns of a table whose meaning is not known: header words not
    understood (unmapped), or no header printed (unnamed)."""
    columns = [c.index for c in table.columns if c.role in ("unmapped", "unnamed")]
    return sum(1 for row in table.rows for i in columns if i < len(row) and is_table_number(row[i]))
