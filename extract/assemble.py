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

from extract.catalog import decide_type, table_type_for_header, table_type_for_title
from extract.headers import header_length, is_blank_row, is_column_numbers, same_row
from extract.lines import LineInfo, classify, currency_of
from extract.model import PageGrid, Table, TextLine
from extract.text import squash

_CAPTION_KINDS = ("title", "table_no", "unit", "currency", "subtitle")
_DIGITS = re.compile(r"\d+")

_EDGE_TOLERANCE = 3.0


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


def _column_map(table_edges: list[float], grid_edges: list[float]) -> list[int]:
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

    def feed_page(self, blocks: list[PageGrid | TextLine]) -> None:
        grids = [b for b in blocks if isinstance(b, PageGrid)]
        if not grids:
            self._close()  # a page without a table ends the open one; its last lines may title the next
        self.last_block_grid_of = None
        for block in blocks:
            if isinstance(block, PageGrid):
                self._on_grid(block)
            elif not (block.overflow and classify(block.text).kind == "other"):
                self._on_line(block)  # a cell's text overflowing its box is not prose

    def finish(self) -> list[Table]:
        self._close()
        for table in self.tables:
            title_type = table_type_for_title(table.title)
            if title_type:  # the rows' codes settle what the title leaves open
                table.table_type = decide_type(title_type, table.rows)
            elif table.follows_table_seq is not None and table.table_type == "untitled":
                # the second part of a table (a form that changes its columns on the next page)
                table.table_type = self.tables[table.follows_table_seq - 1].table_type
        return self.tables

    # -- text lines -------------------------------------------------------------------------
    def _on_line(self, line: TextLine) -> None:
        info = classify(line.text)
        if info.kind in ("footer", "fragment") or furniture_key(line.text) in self.furniture:
            return
        self._on_info(info)

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
            if table and table.title and squash(table.title) == squash(pending.title) \
                    and _compatible(table.col_edges, grid.col_edges):
                self._continue(table, grid)
            else:
                self._start(grid, pending, follows=None)
        elif table is not None and _compatible(table.col_edges, grid.col_edges):
            self._continue(table, grid)
        else:
            follows = self.last_block_grid_of or table
            self._start(grid, pending, follows=follows)
        self.last_block_grid_of = self.open

    def _read_captions(self, grid: PageGrid) -> PageGrid:
        """Leading rows that hold one line of text across the grid and read as a title, number,
        unit or year line are captions printed inside the frame: take them as such."""
        n = 0
        while n < len(grid.cells):
            texts = [c for c in grid.cells[n] if c]
            if len(texts) != 1 or len(grid.col_edges) < 3:
                break
            info = classify(texts[0])
            if info.kind not in _CAPTION_KINDS:
                break
            self._on_info(info)
            n += 1
        if n == 0:
            return grid
        return PageGrid(grid.page, grid.top, grid.bottom, grid.col_edges, grid.cells[n:], grid.spans[n:])

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
        self._add_rows(table, grid, grid.cells[n_header:], list(range(len(grid.col_edges))))

    def _continue(self, table: Table, grid: PageGrid) -> None:
        rows = grid.cells
        # drop the header the continuation page repeats (all of it, or its leading rows)
        skip = 0
        while skip < len(rows) and skip < len(table.header_rows) and _matches_header(
            rows[skip], table.header_rows[skip]
        ):
            skip += 1
        # and the column numbers (栏次 1 2 3 …) printed under it again
        if skip < len(rows) and "column_numbers" in table.row_kinds and is_column_numbers([c or "" for c in rows[skip]]):
            skip += 1
        self._add_rows(table, grid, rows[skip:], _column_map(table.col_edges, grid.col_edges))

    @staticmethod
    def _add_rows(table: Table, grid: PageGrid, rows: list[list[str | None]], colmap: list[int]) -> None:
        for row in rows:
            if is_blank_row(row):
                continue  # a ruled but empty line carries nothing
            out = [""] * table.n_cols
            for gc, text in enumerate(row):
                if text is not None:
                    out[colmap[gc]] = text
            table.rows.append(out)
            table.row_pages.append(grid.page)
            table.row_kinds.append("column_numbers" if is_column_numbers(out) else "body")
        if grid.page not in table.pages:
            table.pages.append(grid.page)

    def _close(self, keep_note: bool = False) -> None:
        if self.open is not None:
            self.open.closed = True
        self.open = None
        if not keep_note:
            self.note_target = None


def _matches_header(row: list[str | None], header: list[str]) -> bool:
    texts = [c for c in row if c is not None]
    head = [c for c in header if c != ""]
    return same_row([t for t in texts if t != ""], head)


def assemble(pages: list[list[PageGrid | TextLine]], furniture: set[str] | None = None) -> list[Table]:
    assembler = Assembler(furniture=furniture or set())
    for blocks in pages:
        assembler.feed_page(blocks)
    return assembler.finish()
