"""The records the extractor produces: one dataclass per output dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.columns import Column


@dataclass
class TextLine:
    """A line of text outside every table on a page."""

    page: int
    top: float
    text: str
    # set where the page was parsed: a merged cell's text running past its ruled box, which
    # fits inside a grid's columns (nothing crosses a column rule) or is cut by the page edge
    overflow: bool = False
    # text printed beside a ruled table, at the height of its rows but outside every cell: never a
    # caption or prose, so it is not read as one; its numbers are accounted as not placed
    beside_grid: bool = False
    x: float = 0.0  # left edge of the line


@dataclass
class PageGrid:
    """One ruled table as drawn on one page.

    `cells[r][c]` is the text of the cell that starts at row r, column c, or None where a
    merged cell from the left or from above covers that position.
    """

    page: int
    top: float
    bottom: float
    col_edges: list[float]
    cells: list[list[str | None]]
    spans: list[list[tuple[int, int] | None]]  # (rowspan, colspan) of each starting cell
    row_tops: list[float] = field(default_factory=list)  # the top of each row, as drawn


@dataclass
class Table:
    seq: int
    title: str | None
    table_type: str
    table_no: str | None = None
    unit_name_line: str | None = None
    unit_name: str | None = None
    currency_unit: str | None = None
    # printed (its unit line or header), followed_table (the table it is the second part of), or
    # document (a table printing no unit in a document whose tables all print the same one)
    currency_unit_source: str | None = None
    currency_unit_line: str | None = None
    subtitle_line: str | None = None
    note: str | None = None
    follows_table_seq: int | None = None
    col_edges: list[float] = field(default_factory=list)
    header_rows: list[list[str]] = field(default_factory=list)
    header_spans: list[list[tuple[int, int] | None]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)
    row_kinds: list[str] = field(default_factory=list)  # body | column_numbers (栏次 1 2 3 …)
    pages: list[int] = field(default_factory=list)
    closed: bool = False
    phase: str = "budget"  # budget | final (a 决算 table)
    code_kind: str | None = None  # what the rows' codes are: functional, economic, unit, or None
    columns: list[Column] = field(default_factory=list)  # the meaning of each column (extract.columns)
    unmapped_cells: int = 0  # numbers printed in columns whose header words are not understood

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1

    @property
    def column_paths(self) -> list[str]:
        from extract.headers import column_paths

        return column_paths(self.header_rows, self.header_spans, self.n_cols, self.rows[0] if self.rows else None)

    @property
    def precision(self) -> int | None:
        from extract.text import decimals

        seen = [d for row in self.rows for c in row if (d := decimals(c)) is not None]
        return max(seen) if seen else None


@dataclass
class Fact:
    name: str
    value: str | None
    unit: str | None
    sentence: str
    page: int
    subject: str | None = None
    text: str | None = None
    using_unit: str | None = None  # the unit a key project is listed under (深圳: 二级预算单位名称)


@dataclass
class Identity:
    title: str | None = None
    unit_name: str | None = None
    fiscal_year: int | None = None
    kind: str = "unknown"  # department_budget | unit_budget | department_final_account | unknown
    kind_label: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    region_code: str | None = None  # administrative division code of the deepest place
    central: bool = False  # a central-government unit (国家信访局, 教育部直属 universities)
    is_consolidated: bool | None = None
    subordinate_units: list[str] = field(default_factory=list)
    # a cover that names another kind of document (a 绩效评价报告, a 通知) and no budget: the line
    other_document: str | None = None

    @property
    def region_path(self) -> str | None:
        if self.central:
            return "中央"
        parts = [p for p in (self.province, self.city, self.district) if p]
        # a municipality is its own province: 上海市/普陀区, not 上海市/上海市/普陀区
        deduped = [p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1]]
        return "/".join(deduped) or None

    @property
    def admin_level(self) -> str | None:
        if self.central:
            return "central"
        if self.district:
            return "district"
        if self.city and self.city != self.province:
            return "city"
        if self.province:
            return "province"
        return None


@dataclass
class Issue:
    severity: str  # warning | error
    message: str
    page: int | None = None
    table_seq: int | None = None
