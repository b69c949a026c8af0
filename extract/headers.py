"""Header rows: where the header ends, and merged header cells turned into column paths."""

from __future__ import annotations

from extract.text import OUTLINE_NUMBER, is_amount, is_code_cell, is_total_label, squash


def is_body_row(cells: list[str | None]) -> bool:
    """A row that carries data: an amount, a classification code, or a bare total line.

    Header rows hold labels only.  '合计' is also a header label (Shanghai's 三公 table), so a
    total label counts as body only when nothing but amounts or blanks stand beside it.
    """
    texts = [c or "" for c in cells]
    if any(is_amount(c) for c in texts):  # also 栏次 1 2 3 …: the first row printed under the header
        return True
    labels = [c for c in texts if c.strip()]
    if labels and OUTLINE_NUMBER.match(squash(labels[0])):
        return True  # '一、财政拨款收入', '（一）局本级', '表1 收支总表': the rows of an empty or text table
    if any(is_code_cell(c) for c in texts[:3]):
        return True
    return bool(labels) and all(is_total_label(c) for c in labels)


def is_column_numbers(cells: list[str]) -> bool:
    """'栏次 | 1 | 2 | 3 …' (or the numbers alone): the columns' numbers printed under the header;
    kept as a printed row of its own kind, never read as amounts."""
    labels = [squash(c) for c in cells if squash(c)]
    named = any(c in ("栏次", "行次") for c in labels)  # then one number per side is enough (收支总表)
    labels = [c for c in labels if c not in ("栏次", "行次", "—", "-")]
    if len(labels) < (1 if named else 3) or not all(c.isdigit() and len(c) <= 2 for c in labels):
        return False
    numbers = [int(c) for c in labels]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


_NOTHING = {"", "无", "-", "—", "空"}


def is_blank_row(cells: list[str | None]) -> bool:
    return all(squash(c) == "" for c in cells)


def header_length(rows: list[list[str | None]]) -> int:
    """Number of leading header rows: everything before the first row that is not a label row.

    The header ends at the first body row, and also at a row that says nothing but 无 or is
    blank: Shanghai prints an empty table as its header, a '无' row, blank rows and 合计.
    """
    for i, row in enumerate(rows):
        if is_body_row(row):
            return i
        if all(squash(c) in _NOTHING for c in row) and not (is_blank_row(row) and _labels_follow(rows[i + 1:])):
            return i
    return len(rows)


def _labels_follow(rows: list[list[str | None]]) -> bool:
    """A blank ruled line inside a header (the lower half of cells merged over two lines,
    Shanghai's 三公 决算 table) is followed by more label rows: 预算数 | 决算数 under each item."""
    following = next((row for row in rows if not is_blank_row(row)), None)
    return following is not None and not is_body_row(following) and not all(squash(c) in _NOTHING for c in following)


def same_row(a: list[str | None], b: list[str | None]) -> bool:
    return [squash(c) for c in a] == [squash(c) for c in b]


def column_paths(
    header_rows: list[list[str]],
    header_spans: list[list[tuple[int, int] | None]],
    n_cols: int,
    first_row: list[str] | None = None,
) -> list[str]:
    """One path per column: the header texts above it, top to bottom, joined by '/'.

    A group header spanning several columns ('财政拨款收入') heads each of them, a header with
    nothing below it spans down and is named once: '财政拨款收入/一般公共预算', '合计'.
    Columns without any header text are named by position ('column_3').
    """
    n_rows = len(header_rows)
    owner: list[list[tuple[int, int] | None]] = [[None] * n_cols for _ in range(n_rows)]
    for r in range(n_rows):
        for c in range(n_cols):
            span = header_spans[r][c] if r < len(header_spans) and c < len(header_spans[r]) else None
            if span is None:
                continue
            for dr in range(span[0]):
                for dc in range(span[1]):
                    if r + dr < n_rows and c + dc < n_cols:
                        owner[r + dr][c + dc] = (r, c)
    paths = []
    for c in range(n_cols):
        parts: list[str] = []
        seen: set[tuple[int, int]] = set()
        for r in range(n_rows):
            cell = owner[r][c]
            if cell is None or cell in seen:
                continue
            seen.add(cell)
            text = squash(header_rows[cell[0]][cell[1]])
            if text:
                parts.append(text)
        paths.append("/".join(parts) if parts else f"column_{c + 1}")
    return _code_segments_on_first_row(paths, first_row)


_CODE_SEGMENTS = ["类", "款", "项"]


def _code_segments_on_first_row(paths: list[str], first_row: list[str] | None) -> list[str]:
    """'类 | 款 | 项' printed on the first body line, left of its 合计 (Shanghai's 决算 tables): the
    last level of the code columns' header, read as such (the line itself stays as printed)."""
    cells = [squash(c) for c in first_row or []]
    for i in range(len(cells) - 2):
        if cells[i:i + 3] == _CODE_SEGMENTS and i + 2 < len(paths):
            return [p + "/" + cells[c] if i <= c < i + 3 else p for c, p in enumerate(paths)]
    return paths
