"""Turn one pdfplumber page into blocks: ruled tables (PageGrid) and the text lines around them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any

from pdfplumber import utils

from extract.model import PageGrid, TextLine
from extract.text import join_wrapped

# Ruled tables only: budget tables are drawn with full grids (or with rules drawn as thin
# filled rectangles, as Shanghai's are); the text strategy invents columns in prose.
TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "intersection_tolerance": 3,
}
_EDGE_TOLERANCE = 2.0
_SHIFTED_RUN = 20  # at most this many glyphs of a line are drawn off its height
_WORD_GAP = 3.0  # pdfplumber's x_tolerance: characters further apart are separate words
_LINE_GAP = 3.0  # pdfplumber's y_tolerance: characters whose tops are closer are on one line
_BASELINE_SLACK = 0.2  # a glyph box ending less than this share of an em above its baseline is misplaced
_USUAL_DESCENT = 0.12  # where a misplaced box is put: this share of an em below the baseline


def _is_white(color: Any) -> bool:
    if color is None or isinstance(color, str):
        return False
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.01 for v in values)
    return all(v >= 0.99 for v in values)


def is_visible(obj: dict[str, Any]) -> bool:
    """False for the invisible rules some generators draw (white fills, white strokes).

    Keeping them would split wrapped cell text into phantom rows.
    """
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    stroked = obj.get("stroke") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def _edges(values: list[float]) -> list[float]:
    """Distinct coordinates, merging those closer than the tolerance."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _EDGE_TOLERANCE:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    i = bisect_left(edges, value - _EDGE_TOLERANCE)
    return min(i, len(edges) - 1)


def _cell_texts(table: Any) -> list[list[str | None]]:
    """What `table.extract()` returns, in one pass over the page's characters.

    pdfplumber tests every character against every cell; here each character finds its cell by
    bisection on the cells' own boundaries (same rule: its midpoint in [x0, x1) × [top, bottom)),
    so a page of a thousand cells costs no more than a page of ten."""
    cells = [cell for row in table.rows for cell in row.cells if cell is not None]
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    owner: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for cell in cells:
        for yi in range(ys.index(cell[1]), ys.index(cell[3])):
            for xi in range(xs.index(cell[0]), xs.index(cell[2])):
                owner[(yi, xi)] = cell
    chars_of: dict[tuple[float, float, float, float], list[dict[str, Any]]] = {}
    for char in table.page.chars:
        h_mid, v_mid = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        xi, yi = bisect_right(xs, h_mid) - 1, bisect_right(ys, v_mid) - 1
        cell = owner.get((yi, xi)) if 0 <= xi < len(xs) - 1 and 0 <= yi < len(ys) - 1 else None
        if cell is not None:
            chars_of.setdefault(cell, []).append(char)
    return [
        [None if cell is None else (_cell_text(chars_of[cell]) if cell in chars_of else "") for cell in row.cells]
        for row in table.rows
    ]


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """A cell's text as pdfplumber reads it, lines top to bottom, with the glyph runs that a font's
    metrics shifted off their line put back in ('212,777.00', not ',' above '212777.00')."""
    text = utils.extract_text(chars)
    if "\n" not in text:
        return text
    lines = [{"chars": sorted(cluster, key=lambda c: c["x0"]), "top": min(c["top"] for c in cluster),
              "bottom": max(c["bottom"] for c in cluster), "x0": min(c["x0"] for c in cluster),
              "x1": max(c["x1"] for c in cluster)}
             for cluster in utils.cluster_objects(chars, itemgetter("top"), _LINE_GAP)]
    merged = _merge_shifted_runs(lines)
    if len(merged) == len(lines):
        return text
    return "\n".join(_line_text(line["chars"]) for line in merged)


def _grid(page_number: int, table: Any) -> PageGrid | None:
    cells = table.cells
    if not cells:
        return None
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:
        return None
    texts: list[list[str | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans: list[list[tuple[int, int] | None]] = [[None] * n_cols for _ in range(n_rows)]
    extracted = _cell_texts(table)
    # table.extract() aligns its rows and columns with pdfplumber's own grid, which is the
    # same sorted set of cell origins; map each started cell through its bbox instead of
    # trusting the positions to agree.
    for row_obj, row_text in zip(table.rows, extracted, strict=True):
        for bbox, text in zip(row_obj.cells, row_text, strict=True):
            if bbox is None:
                continue
            r0, c0 = _index(ys, bbox[1]), _index(xs, bbox[0])
            r1, c1 = _index(ys, bbox[3]), _index(xs, bbox[2])
            if r0 >= n_rows or c0 >= n_cols:
                continue
            texts[r0][c0] = join_wrapped(text)
            spans[r0][c0] = (max(1, r1 - r0), max(1, c1 - c0))
    # keep only rows that start at least one cell (a row fully covered from above is not printed)
    keep = [r for r in range(n_rows) if any(s is not None for s in spans[r])]
    return PageGrid(
        page=page_number,
        top=float(table.bbox[1]),
        bottom=float(table.bbox[3]),
        col_edges=xs,
        cells=[texts[r] for r in keep],
        spans=[spans[r] for r in keep],
        row_tops=[float(ys[r]) for r in keep],
    )


def _frame_closers(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rules where the frame is open, as a reader closes it (horizontal, vertical).

    A table running over a page break often draws no rule above its first (or below its last)
    row: the vertical rules that reach the top (bottom) of the ruled area are closed there. An
    open-sided table draws no rule at its left (right) edge: the horizontal rules that run past
    the outermost vertical rule and end together are closed there (without it the first column,
    often the codes, would lie outside every cell)."""
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 5]
    if not verticals:
        return [], []
    top, bottom = min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)
    horizontal = []
    for y, at in ((top, "top"), (bottom, "bottom")):
        xs = [e["x0"] for e in verticals if abs(e[at] - y) <= _EDGE_TOLERANCE]
        if len(xs) >= 2:
            horizontal.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y,
                               "width": max(xs) - min(xs), "height": 0})
    across = [e for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 5
              and top - _EDGE_TOLERANCE <= e["top"] <= bottom + _EDGE_TOLERANCE]
    left, right = min(e["x0"] for e in verticals), max(e["x0"] for e in verticals)
    vertical = []
    for ends, beyond in (([e["x0"] for e in across], lambda x: x < left - _EDGE_TOLERANCE),
                         ([e["x1"] for e in across], lambda x: x > right + _EDGE_TOLERANCE)):
        outside = [x for x in ends if beyond(x)]
        if len(outside) >= 2 and max(outside) - min(outside) <= _EDGE_TOLERANCE:
            tops = [e["top"] for e in across if beyond(e["x0"]) or beyond(e["x1"])]
            x = sum(outside) / len(outside)
            vertical.append({"object_type": "line", "x0": x, "x1": x, "top": min(tops), "bottom": max(tops),
                             "width": 0, "height": max(tops) - min(tops)})
    return horizontal, vertical


def _cut_by_page(line: dict[str, Any], page: Any) -> bool:
    return bool(line["top"] <= page.bbox[1] + 0.5 or line["bottom"] >= page.bbox[3] - 0.5)


def _fits_columns(line: dict[str, Any], edges: list[float]) -> bool:
    """The line lies within the grid's frame and no character touches a column rule."""
    if len(edges) < 4 or line["x0"] < edges[0] - _EDGE_TOLERANCE or line["x1"] > edges[-1] + _EDGE_TOLERANCE:
        return False
    inner = [e for e in edges[1:-1] if line["x0"] < e < line["x1"]]
    return not any(c["x0"] < e + 1 and c["x1"] > e - 1 for e in inner for c in line["chars"])


def _duplicates(chars: list[dict[str, Any]]) -> set[int]:
    """Characters drawn again over themselves (fake bold: the same glyph printed several times at
    the same place, within a point): a reader sees one, so they are read once (ids of the repeats)."""
    kept: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    repeats: set[int] = set()
    for char in chars:
        text, x0, top = char["text"], char["x0"], char["top"]
        x, y = int(x0), int(top)
        if any(abs(c["x0"] - x0) <= 1 and abs(c["top"] - top) <= 1 and c.get("fontname") == char.get("fontname")
               and c.get("size") == char.get("size")
               for dx in (-1, 0, 1) for dy in (-1, 0, 1) for c in kept.get((text, x + dx, y + dy), ())):
            repeats.add(id(char))
        else:
            kept.setdefault((text, x, y), []).append(char)
    return repeats


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _shifted_run_of(host: dict[str, Any], run: dict[str, Any]) -> bool:
    """`run` is a few glyphs of `host`'s line drawn at another height: a font whose metrics put its
    glyphs lower or higher (the year of '2026年部门收支总体情况表', the colon of '单位名称：' in an ASCII
    font). They overlap the line's height, fill a gap inside it (or touch its end) and overlap none
    of its characters, as no separate line of text does."""
    if len(run["chars"]) > _SHIFTED_RUN:
        return False
    if _overlap(host["top"], host["bottom"], run["top"], run["bottom"]) <= 1.0:
        return False
    em = max(float(c.get("size") or 0) for c in host["chars"])
    if max(host["x0"] - run["x1"], run["x0"] - host["x1"]) > em:  # apart from the line, not in it
        return False
    # glyph boxes of such fonts are often wider than their advance, so two glyphs collide when
    # they start at the same place, not when their boxes touch
    return not any(abs(a["x0"] - b["x0"]) < 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"])
                   for a in host["chars"] for b in run["chars"])


def _line_text(chars: list[dict[str, Any]]) -> str:
    """Characters left to right, words split where they are further apart than a word gap or a
    space is printed (as pdfplumber spaces its own lines)."""
    words: list[str] = []
    last_x1: float | None = None
    for char in chars:
        if char["text"].isspace():
            last_x1 = None
            continue
        if last_x1 is None or char["x0"] - last_x1 > _WORD_GAP:
            words.append("")
        words[-1] += char["text"]
        last_x1 = char["x1"]
    return " ".join(words)


def _merge_shifted_runs(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text lines with the glyph runs that a font's metrics shifted off their line put back in."""
    out: list[dict[str, Any]] = []
    for line in sorted(lines, key=lambda ln: ln["top"]):
        host = next((h for h in reversed(out[-3:]) if _shifted_run_of(h, line) or _shifted_run_of(line, h)), None)
        if host is None:
            out.append(line)
            continue
        chars = sorted([*host["chars"], *line["chars"]], key=lambda c: c["x0"])
        main = host if len(host["chars"]) >= len(line["chars"]) else line  # the line's own height
        host.update(chars=chars, text=_line_text(chars), x0=min(host["x0"], line["x0"]),
                    x1=max(host["x1"], line["x1"]), top=main["top"], bottom=main["bottom"])
    return out


def _boxes_on_their_baseline(chars: list[dict[str, Any]]) -> None:
    """Glyph boxes that a font's metrics put wholly below the baseline (a descent of a whole em:
    重庆's ASCII font draws '2026' and every digit of its tables 0.9 em above where pdfminer boxes
    them, so a code's box falls into the row below) are moved up to where the glyph is drawn: from
    a usual descent (0.12 em) below the baseline. Upright text only; other boxes stay as they are."""
    for char in chars:
        matrix, size = char.get("matrix"), float(char.get("size") or 0)
        if not matrix or size <= 0 or matrix[1] or matrix[2] or matrix[0] <= 0 or matrix[3] <= 0:
            continue
        baseline = matrix[5]
        if char["y1"] - baseline > _BASELINE_SLACK * size:
            continue  # the box reaches above the baseline, as every sane font's does
        shift = (baseline - _USUAL_DESCENT * size) - char["y0"]
        char["y0"] += shift
        char["y1"] += shift
        char["top"] -= shift
        char["bottom"] -= shift
        if "doctop" in char:
            char["doctop"] -= shift


def _normalized_boxes(page: Any) -> None:
    """A MediaBox given by its upper-left and lower-right corners ([0 595 842 0]) is the same box
    (PDF 1.7, 7.9.5: any two opposite corners); pdfminer places the content by the first corner,
    which puts every glyph off the page. Both corners ordered before the page is parsed."""
    box = page.page_obj.mediabox
    if box and (box[0] > box[2] or box[1] > box[3]):
        page.page_obj.mediabox = (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3]))


def page_blocks(page: Any, page_number: int) -> list[PageGrid | TextLine]:
    """The ruled tables of a page and the text lines outside them, top to bottom.

    Only what lies on the page counts: some generators draw a merged cell's text and rules far
    beyond the page box and let the clip hide them (the next page draws them again).  Text at the
    height of a table but outside its frame is kept as lines marked `beside_grid`."""
    _normalized_boxes(page)
    _boxes_on_their_baseline(page.chars)
    visible = page.crop(page.bbox).filter(is_visible)
    repeats = _duplicates(visible.chars)
    if repeats:
        visible = visible.filter(lambda obj: id(obj) not in repeats)
    horizontal, vertical = _frame_closers(visible)
    settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": horizontal, "explicit_vertical_lines": vertical}
    grids = [g for t in visible.find_tables(settings) if (g := _grid(page_number, t))]

    def bands_of(obj: dict[str, Any]) -> list[PageGrid]:
        mid = (obj["top"] + obj["bottom"]) / 2
        return [g for g in grids if g.top - 1 <= mid <= g.bottom + 1]

    def inside(obj: dict[str, Any], grid: PageGrid) -> bool:
        mid = (obj["x0"] + obj["x1"]) / 2
        return grid.col_edges[0] - 1 <= mid <= grid.col_edges[-1] + 1

    def outside(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") == "char" and not bands_of(obj)

    def beside(obj: dict[str, Any]) -> bool:
        # at the height of a table's rows, in no table's frame (two tables may stand side by side)
        if obj.get("object_type") != "char" or obj["text"].isspace():
            return False
        bands = bands_of(obj)
        return bool(bands) and not any(inside(obj, g) for g in bands)

    lines = [
        TextLine(page=page_number, top=float(line["top"]), text=line["text"].strip(), x=float(line["x0"]),
                 overflow=_cut_by_page(line, page) or any(_fits_columns(line, g.col_edges) for g in grids))
        for line in _merge_shifted_runs(visible.filter(outside).extract_text_lines(return_chars=True))
        if line["text"].strip()
    ]
    if grids:
        lines += [TextLine(page=page_number, top=float(line["top"]), text=line["text"].strip(), x=float(line["x0"]),
                           beside_grid=True)
                  for line in visible.filter(beside).extract_text_lines(return_chars=True) if line["text"].strip()]
    blocks: list[PageGrid | TextLine] = [*grids, *lines]
    blocks.sort(key=lambda b: b.top)
    return blocks
