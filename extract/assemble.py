"""Assemble page blocks into logical tables: titles, continuation pages, repeated headers.

A table starts at a title (or, untitled, at a grid nobody claims) and continues on the next
pages until a note, prose, a page without a table, or a new title ends it.  A grid continues
the open table only when its column rules line up with the table's; repeated header rows at
the top of a continuation page are dropped.  Page furniture never ends a table: page numbers,
running headers (lines repeated on many pages), and cell text overflowing its ruled box.  A
title, number, unit or year line printed inside the first rows of the grid itself is read as
if it were printed above it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from extract.accounting import Printed
from extract.catalog import decide_type, table_type_for_header, table_type_for_title
from extract.headers import header_length, is_blank_row, is_column_numbers, same_row
from extract.lines import LineInfo, classify, currency_of
from extract.model import PageGrid, Table, TextLine
from extract.text import squash

_CAPTION_KINDS = ("title", "table_no", "unit", "currency", "subtitle")
_DIGITS = re.compile(r"\d+")

_EDGE_TOLERANCE = 3.0
# a line that names the document itself (2026年…部门预算): never the first half of a table's title
_DOCUMENT_TITLE = re.compile(r"(?:部门|单位)(?:综合)?(?:预算|决算)(?:信息公开)?\s*$")
_PAGE_SHIFT = 15.0  # a continuation page may print the whole grid this far sideways
_WIDTH_SLACK = 0.015  # and a column rule this share of the table's width off


@dataclass
class _Pending:
    title: str | None = None
    table_no: str | None = None
    unit_name_line: str | None = None
    unit_name: str | None = None
    currency_line: str | None = None
    subtitle: str | None = None

    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())


def _compatible(table_edges: list[float], grid_edges: list[float]) -> bool:
    """The grid's column rules are a subset of the table's (same outer frame)."""
    if abs(table_edges[0] - grid_edges[0]) > _EDGE_TOLERANCE:
        return False
    if abs(table_edges[-1] - grid_edges[-1]) > _EDGE_TOLERANCE:
        return False
    return all(any(abs(e - t) <= _EDGE_TOLERANCE for t in table_edges) for e in grid_edges)


def _shifted(table_edges: list[float], grid_edges: list[float]) -> bool:
    """As many column rules, at the same places give or take a little: the whole grid moved a few
    points sideways on the next page, or a column a few points wider (a longer name)."""
    if len(table_edges) != len(grid_edges):
        return False
    shift = grid_edges[0] - table_edges[0]
    slack = max(_EDGE_TOLERANCE, _WIDTH_SLACK * (table_edges[-1] - table_edges[0]))
    return abs(shift) <= _PAGE_SHIFT and all(abs(g - t - shift) <= slack for t, g in
                                             zip(table_edges, grid_edges, strict=True))


def _column_map(table_edges: list[float], grid_edges: list[float]) -> list[int]:
    if len(table_edges) == len(grid_edges):
        return list(range(len(grid_edges)))
    return [min(range(len(table_edges)), key=lambda i: abs(table_edges[i] - e)) for e in grid_edges]


def furniture_key(text: str) -> str:
    """A line as compared across pages: no whitespace, page numbers and years alike."""
    return _DIGITS.sub("#", squash(text))


def running_lines(pages: list[str], min_share: float = 0.25) -> set[str]:
    """Keys of the running headers and footers: lines printed on many pages that are neither a
    known table title nor a line that belongs to a table (unit, currency, number, year, note)."""
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for text in pages:
        keys = {furniture_key(line): line for line in text.split("\n") if line.strip()}
        counts.update(keys.keys())
        for key, line in keys.items():
            example.setdefault(key, line)
    threshold = max(3, min_share * len(pages))
    out = set()
    for key, n in counts.items():
        if n < threshold:
            continue
        info = classify(example[key])
        if info.kind in ("other", "heading", "fragment") or (
            info.kind == "title" and table_type_for_title(info.text) is None
        ):
            out.add(key)
    return out


@dataclass
class Assembler:
    furniture: set[str] = field(default_factory=set)
    tables: list[Table] = field(default_factory=list)
    open: Table | None = None
    pending: _Pending = field(default_factory=_Pending)
    note_target: Table | None = None
    last_block_grid_of: Table | None = None
    printed: list[Printed] = field(default_factory=list)  # what became of every grid row and line

    def feed_page(self, blocks: list[PageGrid | TextLine]) -> None:
        blocks = _join_wrapped_titles(blocks)
        grids = [b for b in blocks if isinstance(b, PageGrid)]
        if not grids:
            self._close()  # a page without a table ends the open one; its last lines may title the next
        self.last_block_grid_of = None
        for block in blocks:
            if isinstance(block, PageGrid):
                self._on_grid(block)
            elif block.beside_grid:  # beside a table's rows, outside its frame: neither a caption nor prose
                self._record_line(block, "beside")
            elif block.overflow and classify(block.text).kind == "other":
                self._record_line(block, "overflow")  # a cell's text overflowing its box is not prose
            else:
                self._on_line(block)

    def finish(self) -> list[Table]:
        self._close()
        for table in self.tables:
            title_type = table_type_for_title(table.title)
            if title_type:  # the rows' codes settle what the title leaves open
                table.table_type = decide_type(title_type, table.rows)
            elif table.follows_table_seq is not None and table.table_type == "untitled":
                # the second part of a table (a form that changes its columns on the next page)
                table.table_type = self.tables[table.follows_table_seq - 1].table_type
        _units_not_printed(self.tables)
        return self.tables

    # -- text lines -------------------------------------------------------------------------
    def _on_line(self, line: TextLine) -> None:
        info = classify(line.text)
        furniture = furniture_key(line.text) in self.furniture
        self._record_line(line, "furniture" if furniture else info.kind)
        if info.kind in ("footer", "fragment") or furniture:
            return
        self._on_info(info)

    def _record_line(self, line: TextLine, use: str) -> None:
        self.printed.append(Printed(line.page, line.top, use, text=line.text, x=line.x))

    def _record_rows(self, grid: PageGrid, rows: range, use: str, table: Table | None) -> None:
        for r in rows:
            top = grid.row_tops[r] if r < len(grid.row_tops) else grid.top
            self.printed.append(Printed(grid.page, top, use, table, cells=grid.cells[r], col_edges=grid.col_edges))

    def _on_info(self, info: LineInfo) -> None:
        self.last_block_grid_of = None
        if info.kind == "note":
            target = self.open or self.note_target
            if target is not None:
                target.note = info.text
                self.note_target = target
            self._close(keep_note=True)
            return
        if self.note_target is not None and info.kind == "other":
            self.note_target.note = f"{self.note_target.note}\n{info.text}"
            return
        self.note_target = None
        if info.kind == "table_no":
            self.pending.table_no = info.table_no
        elif info.kind == "title":
            joined = f"{self.pending.title}{info.text}" if self.pending.title else None
            if joined and not table_type_for_title(info.text) and table_type_for_title(joined):
                self.pending.title = joined  # a title wrapped over two lines
            else:
                self.pending.title = info.text
                self.pending.table_no = info.table_no or self.pending.table_no
        elif info.kind == "unit":
            self.pending.unit_name_line = info.text
            self.pending.unit_name = info.unit_name
            self.pending.currency_line = info.currency_line or self.pending.currency_line
        elif info.kind == "qualifier" and self.pending.title:
            self.pending.title += info.text  # '（按经济分类科目分）' under its title: part of it
        elif info.kind in ("currency", "subtitle"):
            self.pending.currency_line = info.currency_line or self.pending.currency_line
            if info.kind == "subtitle":
                self.pending.subtitle = info.text
        else:  # prose or a heading: whatever table was open has ended
            self._close()
            self.pending = _Pending()

    # -- grids ------------------------------------------------------------------------------
    def _on_grid(self, grid: PageGrid) -> None:
        grid = self._read_captions(grid)
        if not grid.cells:
            return
        pending, self.pending = self.pending, _Pending()
        self.note_target = None
        table = self.open
        if pending.title:
            if table and table.title and squash(table.title) == squash(pending.title) and _continues(table, grid):
                self._continue(table, grid)
            else:
                self._start(grid, pending, follows=None)
        elif table is not None and _continues(table, grid):
            self._continue(table, grid)
        else:
            follows = self.last_block_grid_of or table
            self._start(grid, pending, follows=follows)
        self.last_block_grid_of = self.open

    def _read_captions(self, grid: PageGrid) -> PageGrid:
        """Leading rows that hold one line of text across the grid and read as a title, number,
        unit or year line are captions printed inside the frame: take them as such."""
        n = 0
        while n < len(grid.cells) and len(grid.col_edges) >= 3:
            infos = [classify(c) for c in grid.cells[n] if c]
            if not infos or any(i.kind not in _CAPTION_KINDS for i in infos):
                break
            # one line across the grid, or a row of several captions one of which names the table
            # ('表 4：' | '高等学校财政拨款支出决算表'): never a header row of years alone
            if len(infos) > 1 and not any(i.kind in ("title", "table_no", "unit") for i in infos):
                break
            for info in infos:
                self._on_info(info)
            n += 1
        if n == 0:
            return grid
        self._record_rows(grid, range(n), "caption", None)
        return PageGrid(grid.page, grid.top, grid.bottom, grid.col_edges, grid.cells[n:], grid.spans[n:],
                        grid.row_tops[n:])

    def _start(self, grid: PageGrid, pending: _Pending, follows: Table | None) -> None:
        self._close()
        # An untitled grid right after another table is that table's second part: it has
        # no header of its own (Shenzhen's 绩效目标 form, Jiangmen's wide project table).
        untitled_follower = follows is not None and not pending.title
        n_header = 0 if untitled_follower else header_length(grid.cells)
        header = [[c or "" for c in row] for row in grid.cells[:n_header]]
        table = Table(
            seq=len(self.tables) + 1,
            title=pending.title,
            table_type="untitled",
            table_no=pending.table_no,
            unit_name_line=pending.unit_name_line,
            unit_name=pending.unit_name,
            currency_unit_line=pending.currency_line,
            subtitle_line=pending.subtitle,
            follows_table_seq=follows.seq if untitled_follower and follows else None,
            col_edges=grid.col_edges,
            header_rows=header,
            header_spans=grid.spans[:n_header],
        )
        table.table_type = (
            table_type_for_title(table.title)
            or table_type_for_header(header)
            or ("unknown" if table.title else "untitled")
        )
        table.currency_unit = currency_of(pending.currency_line) or next(
            (u for row in header for c in row if (u := currency_of(c))), None
        )
        self.tables.append(table)
        self.open = table
        self._record_rows(grid, range(n_header), "header", table)
        self._add_rows(table, grid, n_header, list(range(len(grid.col_edges))))

    def _continue(self, table: Table, grid: PageGrid) -> None:
        rows = grid.cells
        # drop the header the continuation page repeats (all of it, or its leading rows)
        skip = 0
        while skip < len(rows) and skip < len(table.header_rows) and _matches_header(
            rows[skip], table.header_rows[skip]
        ):
            skip += 1
        # and the column numbers (栏次 1 2 3 …) printed under it again
        self._record_rows(grid, range(skip), "header", table)
        if skip < len(rows) and "column_numbers" in table.row_kinds and is_column_numbers([c or "" for c in rows[skip]]):
            self._record_rows(grid, range(skip, skip + 1), "column_numbers", table)
            skip += 1
        self._add_rows(table, grid, skip, _column_map(table.col_edges, grid.col_edges))

    def _add_rows(self, table: Table, grid: PageGrid, first: int, colmap: list[int]) -> None:
        for r in range(first, len(grid.cells)):
            row = grid.cells[r]
            if is_blank_row(row):
                continue  # a ruled but empty line carries nothing
            out = [""] * table.n_cols
            for gc, text in enumerate(row):
                if text is not None:
                    out[colmap[gc]] = text
            kind = "column_numbers" if is_column_numbers(out) else "body"
            table.rows.append(out)
            table.row_pages.append(grid.page)
            table.row_kinds.append(kind)
            self._record_rows(grid, range(r, r + 1), kind, table)
        if grid.page not in table.pages:
            table.pages.append(grid.page)

    def _close(self, keep_note: bool = False) -> None:
        if self.open is not None:
            self.open.closed = True
        self.open = None
        if not keep_note:
            self.note_target = None


def _units_not_printed(tables: list[Table]) -> None:
    """A table that prints no unit is in the unit of the table it is the second part of, or, when
    every table of the document that prints one prints the same, in that one (江门's headerless
    project tables, 万元 like the rest); where the document's tables differ it stays unknown."""
    printed = {t.currency_unit for t in tables if t.currency_unit}
    for table in tables:
        if table.currency_unit:
            table.currency_unit_source = "printed"
        elif table.follows_table_seq is not None and tables[table.follows_table_seq - 1].currency_unit:
            table.currency_unit = tables[table.follows_table_seq - 1].currency_unit
            table.currency_unit_source = "followed_table"
        elif len(printed) == 1:
            table.currency_unit, table.currency_unit_source = next(iter(printed)), "document"


def _continues(table: Table, grid: PageGrid) -> bool:
    """The grid carries on the table: its column rules are the table's (some of them, or all moved
    sideways), or it has as many columns and starts by repeating the table's header."""
    if _compatible(table.col_edges, grid.col_edges) or _shifted(table.col_edges, grid.col_edges):
        return True
    n = len(table.header_rows)
    return len(grid.col_edges) == len(table.col_edges) and 0 < n <= len(grid.cells) and all(
        _matches_header(grid.cells[i], table.header_rows[i]) for i in range(n))


def _join_wrapped_titles(blocks: list[PageGrid | TextLine]) -> list[PageGrid | TextLine]:
    """A title wrapped over two lines ('…政府采购（资产配置、购买服务）' / '预算表（不含上年结转）',
    '301008_…_科技兴警绩效' / '目标表'): a first line that is no title of its own, and a next line that
    completes it into one, read as the one title they print."""
    out: list[PageGrid | TextLine] = []
    for block in blocks:
        previous = out[-1] if out else None
        if isinstance(block, TextLine) and isinstance(previous, TextLine) and not (block.beside_grid or previous.beside_grid) \
                and classify(previous.text).kind in ("other", "fragment") and not _DOCUMENT_TITLE.search(previous.text):
            joined = f"{previous.text.strip()}{block.text.strip()}"
            info = classify(joined)
            if info.kind == "title" and table_type_for_title(info.text):
                out[-1] = TextLine(page=block.page, top=previous.top, text=joined, x=previous.x)
                continue
        out.append(block)
    return out


def _matches_header(row: list[str | None], header: list[str]) -> bool:
    texts = [c for c in row if c is not None]
    head = [c for c in header if c != ""]
    return same_row([t for t in texts if t != ""], head)


def assemble(pages: list[list[PageGrid | TextLine]],
             furniture: set[str] | None = None) -> tuple[list[Table], list[Printed]]:
    """The tables, and what became of every grid row and text line printed (extract.accounting)."""
    assembler = Assembler(furniture=furniture or set())
    for blocks in pages:
        assembler.feed_page(blocks)
    return assembler.finish(), assembler.printed
