"""What each column of a table means, composed from the terms of its header path.

Every province names its columns with the same national vocabulary (seeds/column_terms.csv):
科目编码 is a code, 单位名称 a using unit, 合计 / 小计 the total of its group, 基本支出 / 人员经费 a
kind of expenditure, 一般公共预算 / 财政专户 / 事业收入 an income source or a fund, 2025年执行数 a
previous year, 增减 a change, 增减(%) a ratio, 其中 a part of its neighbour.  A column's meaning is
composed from the terms along its path ('财政拨款收入/一般公共预算' = income from the general public
budget), so a header nobody has seen is understood when its words are known; a column whose
words are not known stays 'unmapped' and is reported, never guessed.

The header tree also says which columns add up: a 合计 / 小计 / 总计 column equals the sum of its
siblings under the same group header (a sibling group counts with its own total, or with its
parts), leaving out what is a part (其中…), a subset measure (政府采购) or not an amount.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extract.catalog import type_named
from extract.text import is_amount, squash

COLUMN_TERMS_CSV = Path(__file__).resolve().parent.parent / "seeds" / "column_terms.csv"

_YEAR = re.compile(r"(\d{4})\s*年")
_QUALIFIER = re.compile(r"[（(][^（()）]*[)）]$")
# roles that are read as text, never as amounts
_TEXT_TABLES = {"performance_targets", "project_performance_targets", "table_list", "unit_list", "fee_schedule", "untitled",
                "unknown"}


@dataclass(frozen=True)
class Term:
    term: str
    kind: str  # role | total | subset | measure | source | period
    value: str
    exact: bool
    parent: str | None
    fund: str | None
    additive: bool
    rank: int  # order in the vocabulary: later entries are the more specific


@dataclass
class Column:
    index: int  # 0-based
    path: str
    role: str  # code, name, gov_code, unit_name, label, amount, percent, count, text, unmapped, …
    side: str | None = None
    measure: str | None = None
    fund: str | None = None
    # current | previous | previous_actual | change; in a final account also the budget figures
    # printed beside the 决算数: budget | initial_budget | adjusted_budget
    period: str = "current"
    is_subset: bool = False
    is_sum: bool = False  # a 合计 / 小计 / 总计 column
    sum_of: list[int] = field(default_factory=list)  # the columns it is the sum of (0-based)
    additive: bool = True
    group: int = 0  # side-by-side column groups of one table (人员经费 | 公用经费 printed beside each other)


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    with COLUMN_TERMS_CSV.open(encoding="utf-8") as f:
        return tuple(
            Term(r["term"], r["kind"], r["value"], r["match"] == "exact", r["parent"] or None, r["fund"] or None,
                 r["additive"] != "no", rank)
            for rank, r in enumerate(csv.DictReader(f))
        )


def segment_terms(segment: str) -> list[Term]:
    """The terms a header segment carries; a term inside a longer one ('预算' in '一般公共预算') is not."""
    text = squash(segment)
    bare = _QUALIFIER.sub("", text)  # '项目(按功能分类)' is the 项目 column
    found: list[tuple[int, int, Term]] = []
    for term in terms():
        if term.exact:
            if term.term in (text, bare):
                found.append((0, len(text), term))
            continue
        start = text.find(term.term)
        if start >= 0:
            found.append((start, start + len(term.term), term))
    return [t for s, e, t in found
            if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in found)]


def _best(candidates: list[Term]) -> Term | None:
    """The most specific term: the longest, then the one listed later."""
    return max(candidates, key=lambda t: (len(t.term), t.rank)) if candidates else None


def _of_kind(found: list[Term], *kinds: str) -> list[Term]:
    return [t for t in found if t.kind in kinds]


# the budget figures a final account prints beside its 决算数, most specific first
_BUDGET_PERIODS = ("initial_budget", "adjusted_budget", "budget")


def _period(segments: list[list[Term]], path: str, fiscal_year: int | None, phase: str) -> str:
    """Which figure of which year a column holds.  In a budget 'current' is the year's budget; in a
    final account it is the 决算数, and a 预算数 / 年初预算数 / 调整预算数 beside it is a budget figure."""
    periods = [t.value for seg in segments for t in _of_kind(seg, "period")]
    if "change" in periods:
        return "change"
    if "previous_actual" in periods:
        return "previous_actual"
    years = [int(y) for y in _YEAR.findall(path)]
    if fiscal_year and years and max(years) < fiscal_year:
        return "previous"
    if "previous" in periods and not (fiscal_year and fiscal_year in years):
        return "previous"
    if phase == "final":
        return next((p for p in _BUDGET_PERIODS if p in periods), "current")
    return "current"


def _side(table_side: str, segments: list[str]) -> str | None:
    """The side a column belongs to: the table's, or in a 收支 table the 收入 / 支出 group's."""
    if table_side in ("income", "expenditure"):
        return table_side
    for seg in segments:
        if "收入" in seg:
            return "income"
        if "支出" in seg:
            return "expenditure"
    return None


def title_fund(title: str | None) -> str | None:
    """The fund a title names (一般公共预算支出表 -> general_public_budget), if any."""
    sources = [t for t in segment_terms(title or "") if t.kind == "source" and t.fund]
    return min(sources, key=lambda t: t.rank).fund if sources else None


def _role(last: list[Term], all_terms: list[Term]) -> str | None:
    role = _best(_of_kind(last, "role"))
    if role is not None:
        return role.value
    if _of_kind(all_terms, "total", "measure", "source", "period"):
        return "amount"
    return None


def compose(paths: list[str], table_type: str, title: str | None, fiscal_year: int | None,
            rows: list[list[str]], phase: str = "budget") -> list[Column]:
    """The meaning of every column of a table, and the sums its header implies."""
    kind = type_named(table_type)
    basis = kind.measure_basis
    default_fund = title_fund(title) or kind.fund_scope
    if table_type not in _TEXT_TABLES and all(_UNNAMED_PATH.match(p) for p in paths):
        return _headerless(paths, rows, basis, default_fund)
    split = [[s for s in p.split("/") if s] for p in paths]
    found = [[segment_terms(s) for s in segs] for segs in split]
    columns: list[Column] = []
    for i, (path, segs, seg_terms) in enumerate(zip(paths, split, found, strict=True)):
        flat = [t for seg in seg_terms for t in seg]
        role = None if table_type in _TEXT_TABLES else _role(seg_terms[-1] if seg_terms else [], flat)
        if role is None:
            has_numbers = any(i < len(r) and is_amount(r[i]) for r in rows)
            role = "unmapped" if has_numbers and table_type not in _TEXT_TABLES else "text"
        column = Column(i, path, role, side=_side(kind.side, segs))
        if role == "amount":
            column.period = _period(seg_terms, path, fiscal_year, phase)
            column.is_subset = any(_of_kind(seg, "subset") for seg in seg_terms)
            column.is_sum = any(t.value == "sum" for t in _of_kind(seg_terms[-1], "total"))
            _measure_and_fund(column, seg_terms, basis, default_fund, summary=kind.side == "both")
        elif role == "name" and _mostly_codes(rows, i):
            column.role = "code"  # '[2080104]综合业务管理' under 功能科目名称: the code is printed with the name
        elif role in ("code", "gov_code") and _mostly_names(rows, i):
            column.role = "name"  # '部门预算支出经济分类科目' over '工资福利支出': the name beside split codes
        columns.append(column)
    _one_primary_code(columns)
    _breakdowns_are_parts(columns, split)
    _sum_rules(columns, split)
    _resolve_sibling_totals(columns, split, basis)
    return columns


_UNNAMED_PATH = re.compile(r"^column_\d+$")
_DIGITS = re.compile(r"^\d+$")


def _headerless(paths: list[str], rows: list[list[str]], basis: str | None, fund: str) -> list[Column]:
    """A table printed without a header (its title says what it is): the columns read by what they
    hold. Classification codes (3/5/7 digits) are its codes, 6-digit codes its using units' codes; a
    text column whose names repeat on many lines names the using unit, the text column after it the
    line.  Of the amounts, the column that is the largest on every line is the line's total (the
    table's measure, every fund); what the other amount columns hold is not printed, so they stay
    `unnamed`: kept as printed, never given a guessed meaning."""
    columns: list[Column] = []
    texts: list[int] = []
    for i, path in enumerate(paths):
        role = _content_role([r[i].strip() for r in rows if i < len(r) and r[i].strip()])
        columns.append(Column(i, path, "text" if role == "identifier" else role))
        if role == "text":
            texts.append(i)
    if len(texts) >= 2 and texts[1] == texts[0] + 1 and _repeats(rows, texts[0]):
        columns[texts[0]].role, columns[texts[1]].role = "unit_name", "label"
    elif texts:
        columns[texts[0]].role = "name" if any(c.role == "code" for c in columns) else "label"
    amounts = [c for c in columns if c.role == "unnamed"]
    total = next((c for c in amounts if _largest_on_every_line(rows, c.index, [a.index for a in amounts])), None)
    if total is not None:
        total.role, total.measure, total.fund = "amount", basis, fund
    return columns


def _content_role(cells: list[str]) -> str:
    """What a column without a header holds, by its cells: line numbers, codes (unit codes of 6
    digits, classification codes of 3/5/7, other identifiers), amounts, or text."""
    if not cells:
        return "text"
    digits = [c for c in cells if _DIGITS.match(c)]
    if len(digits) * 2 > len(cells):
        lengths = {len(c) for c in digits}
        if max(lengths) <= 2:
            return "line_number"
        if lengths == {6}:
            return "unit_code"
        if lengths <= {3, 5, 7}:
            return "code"
        if len(lengths) == 1 and min(lengths) >= 8:
            return "identifier"  # a project's code: kept as text, not classified
    if sum(is_amount(c) or c in ("-", "—") for c in cells) * 2 > len(cells):
        return "unnamed"
    return "text"


def _repeats(rows: list[list[str]], i: int) -> bool:
    cells = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
    return len(cells) >= 2 and len(set(cells)) < len(cells)


def _amount(cell: str) -> float | None:
    text = cell.strip().replace(",", "")
    if text in ("", "-", "—"):
        return 0.0
    try:
        return float(text)  # a comparison of sizes only: the amount itself is parsed exactly in dbt
    except ValueError:
        return None


def _largest_on_every_line(rows: list[list[str]], i: int, amounts: list[int]) -> bool:
    """No other amount of any line is larger than this column's, and some line has one."""
    seen = False
    for row in rows:
        own = _amount(row[i]) if i < len(row) else None
        others = [v for j in amounts if j != i and j < len(row) and (v := _amount(row[j])) is not None]
        if own is None or any(v > own for v in others):
            return False
        seen = seen or own > 0
    return seen


_CODE_START = re.compile(r"^\[?\d{3,7}\]?(?!\d)")


def _mostly_names(rows: list[list[str]], i: int) -> bool:
    cells = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
    return bool(cells) and sum(not _CODE_START.match(c) for c in cells) * 2 > len(cells)


def _mostly_codes(rows: list[list[str]], i: int) -> bool:
    cells = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
    return bool(cells) and sum(bool(_CODE_START.match(c)) for c in cells) * 2 > len(cells)


_SIDE_NAMES = {"income_this_year"}


def _measure_and_fund(column: Column, seg_terms: list[list[Term]], basis: str | None, default_fund: str,
                      summary: bool) -> None:
    """The deepest segment that names a measure (or source) decides it; a total names its group."""
    # in an income table the sources are the measures; in a 收支 table they only say the fund
    by_source = column.side == "income" and not summary
    measure_kinds = ("measure", "source") if by_source else ("measure",)
    measure = None
    for seg in reversed(seg_terms):
        # in a 收支 table '本年收入' over its column names the side, not a flow beside the expenditure
        best = _best([t for t in _of_kind(seg, *measure_kinds) if not (summary and t.value in _SIDE_NAMES)])
        if best is not None:
            measure = best
            break
    deepest_source = next((_best(_of_kind(seg, "source")) for seg in reversed(seg_terms) if _of_kind(seg, "source")),
                          None)
    if by_source:
        column.measure = measure.value if measure else "total"
        column.fund = measure.fund if measure and measure.fund else "all"
    else:
        column.measure = measure.value if measure else basis
        column.fund = deepest_source.fund if deepest_source else default_fund
    column.additive = measure.additive if measure else True


_GOVERNMENT = re.compile(r"政府(?:预算)?(?:支出)?经济")
_CODE_ROLES = ("code", "code_class", "code_section", "code_item")


def _one_primary_code(columns: list[Column]) -> None:
    """A row has one classification code: the first code column (or 类/款/项 set) is it.  A code
    set of the 政府预算 economic scheme printed beside the department's (its own header, or the
    name column right after it, says 政府…经济) is the paired government code; any further code
    column (部门经济分类 beside 功能分类 in 北京's 支出总表) is an attribute of the row."""
    for column in columns:
        if column.role == "name" and _GOVERNMENT.search(squash(column.path)):
            column.role = "gov_name"
    runs: list[list[Column]] = []
    for column in columns:
        if column.role in _CODE_ROLES and runs and runs[-1][-1].index == column.index - 1 \
                and column.role not in {c.role for c in runs[-1]}:
            runs[-1].append(column)
        elif column.role in _CODE_ROLES:
            runs.append([column])
    primary: list[Column] | None = None
    for run in runs:
        after = columns[run[-1].index + 1] if run[-1].index + 1 < len(columns) else None
        government = any(_GOVERNMENT.search(squash(c.path)) for c in run) or (after is not None and after.role == "gov_name")
        if not government and primary is not None and _repeats_group(columns, primary, run):
            for column in columns[run[0].index:]:
                column.group += 1  # the same code set again after amounts: a group printed beside the first
            continue
        for column in run:
            if government:
                column.role = "gov_" + column.role
            elif primary is not None:
                column.role = "other_code"
        if not government and primary is None:
            primary = run


def _repeats_group(columns: list[Column], primary: list[Column], run: list[Column]) -> bool:
    """'科目代码 | 科目名称 | 决算数 | 科目代码 | 科目名称 | 决算数': the code set of the first group
    printed again after amounts opens a side-by-side group (a 决算's 基本支出 table prints
    人员经费 and 公用经费 so); a different code after the name (部门经济分类 beside 功能分类) does not."""
    if [c.role for c in run] != [c.role for c in primary]:
        return False
    previous_group = [c for c in columns if c.group == columns[run[0].index - 1].group and c.index < run[0].index]
    return any(c.role == "amount" for c in previous_group)


def _breakdowns_are_parts(columns: list[Column], split: list[list[str]]) -> None:
    """'小计 | 其中：基本支出 | 项目支出': a 其中 that opens a breakdown its plain siblings continue
    introduces parts of the total, not a subset; '金额 | 其中：教育收费' stays a subset."""
    for column, segs in zip(columns, split, strict=True):
        if not column.is_subset:
            continue
        later = [c for c, s in zip(columns, split, strict=True)
                 if c.index > column.index and s[:-1] == segs[:-1] and c.role == "amount"]
        if any(not c.is_subset for c in later):
            column.is_subset = False


def _resolve_sibling_totals(columns: list[Column], split: list[list[str]], basis: str | None) -> None:
    """A 合计 is the total of what it sums: '总计' or '2026年预算数/合计' beside 因公出国 / 公务接待 /
    公务用车 is the 三公 total (their common parent measure); a top-level 合计 beside 一般公共预算 /
    政府性基金 is all funds."""
    for column, segs in zip(columns, split, strict=True):
        if column.role != "amount" or not column.sum_of:
            continue
        parts = [columns[i] for i in column.sum_of]
        parents = {_parent_of(c.measure) for c in parts}
        if column.measure == basis and len(parents) == 1:
            parent = parents.pop()
            if parent and parent != "total":
                column.measure = parent
        if len(segs) == 1 and any(c.fund not in (None, "all", column.fund) for c in parts):
            column.fund = "all"


def _descends_from(measure: str | None, ancestor: str) -> bool:
    seen: set[str] = set()
    while measure and measure not in seen:
        seen.add(measure)
        measure = _parent_of(measure)
        if measure == ancestor:
            return True
    return False


def _parent_of(measure: str | None) -> str | None:
    return next((t.parent for t in terms() if t.kind in ("measure", "source") and t.value == measure), None)


def _sum_rules(columns: list[Column], split: list[list[str]]) -> None:
    for column, segs in zip(columns, split, strict=True):
        if column.role != "amount" or not column.is_sum:
            continue
        parent = segs[:-1]
        children = _children(columns, split, parent, exclude=column.index)
        parts: list[int] = []
        for group in children:
            part = _value_columns(columns, split, group, column.period)
            if part is None:
                parts = []
                break
            parts += part
        named = _best(_of_kind(segment_terms(segs[-1]), "measure"))
        if named is not None:  # '“三公”经费合计' beside 会议费 / 培训费 sums the 三公 items only
            parts = [i for i in parts if _descends_from(columns[i].measure, named.value)]
        column.sum_of = parts


def _names_total(segment: str) -> bool:
    """合计 / 小计 / 金额 and nothing else: the group's own value, not one of its parts."""
    found = segment_terms(segment)
    return bool(_of_kind(found, "total")) and not _of_kind(found, "measure", "source")


def _children(columns: list[Column], split: list[list[str]], prefix: list[str], exclude: int) -> list[list[str]]:
    """The direct child paths under a prefix, each once, in order."""
    seen: list[list[str]] = []
    for c, segs in zip(columns, split, strict=True):
        if c.index == exclude or len(segs) <= len(prefix) or segs[: len(prefix)] != prefix:
            continue
        child = segs[: len(prefix) + 1]
        if child not in seen:
            seen.append(child)
    return seen


def _value_columns(columns: list[Column], split: list[list[str]], node: list[str], period: str) -> list[int] | None:
    """The columns that carry a child group's value: itself (a leaf), its own total, or its parts.
    None when a column of it cannot be read (unmapped): then no sum is asserted."""
    members = [c for c, s in zip(columns, split, strict=True) if s[: len(node)] == node]
    if any(c.role == "unmapped" for c in members):
        return None
    amounts = [c for c in members if c.role == "amount" and not c.is_subset and c.additive and c.period == period]
    if not amounts:
        return []
    leaf = [c for c, s in zip(columns, split, strict=True) if s == node]
    if leaf:
        return [c.index for c in leaf if c in amounts]
    own_total = [c for c, s in zip(columns, split, strict=True)
                 if len(s) == len(node) + 1 and s[: len(node)] == node and c in amounts and _names_total(s[-1])]
    if own_total:
        return [own_total[0].index]
    parts: list[int] = []
    for child in _children(columns, split, node, exclude=-1):
        part = _value_columns(columns, split, child, period)
        if part is None:
            return None
        parts += part
    return parts
