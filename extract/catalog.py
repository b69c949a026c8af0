"""What a table is, decided from what a reader sees: the words of its title and the codes of its rows.

The vocabulary lives in one place, seeds/table_types.csv, read here and loaded by dbt as the
`table_types` reference table: each type names the terms its title carries (收支, 财政拨款,
一般公共预算, 基本支出, 三公 …; ';' = and, '|' = or), in priority order — the first type whose
terms all appear wins.  So 收支总体情况表 (Guangdong), 收支总表 (Shenzhen), 2024年部门财务收支预算总表
(Shanghai), 部门综合预算收支总表 (Xi'an) and 收入支出决算总表 (final accounts) are one type, and a new
province's wording is a new term, not a new template.  Where a title does not say whether its rows
are functional or economic codes (一般公共预算支出表), the codes printed in the rows decide.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.text import squash

TABLE_TYPES_CSV = Path(__file__).resolve().parent.parent / "seeds" / "table_types.csv"

# A line that is a table title: short, ends with 表 or 表（…）, and is not a sentence.
_TITLE_SHAPE = re.compile(r"^\S.{0,70}表(?:[（(][^）)]{1,20}[）)])?$")
_NOT_TITLE = re.compile(r"^(注|备注|附|资料来源)|[。；;，,]|\.{4,}|…{2,}|·{4,}")
# Codes as rows print them: 2080104, [2080104]名称, 2010601-行政运行, 208 05 01, 30101 基本工资 —
# never an amount ('665,964.37', '15868.83': a table that prints names only has amounts there) nor
# a year ('2024年…', a project's name)
_ROW_CODE = re.compile(r"^\[?(\d{3}|\d{5,7})(?:\]|(?=[^\d,.年])|$)")


@dataclass(frozen=True)
class TableType:
    name: str
    terms: tuple[tuple[str, ...], ...]  # all groups must match; any term of a group
    code_kind: str
    switch_on_codes: str | None
    side: str
    fund_scope: str
    measure_basis: str | None  # what a plain 合计 of its expenditure columns is: total, basic, project

    def matches(self, key: str) -> bool:
        return bool(self.terms) and all(any(t in key for t in group) for group in self.terms)


@lru_cache(maxsize=1)
def table_types() -> tuple[TableType, ...]:
    with TABLE_TYPES_CSV.open(encoding="utf-8") as f:
        return tuple(
            TableType(
                name=r["table_type"],
                terms=tuple(tuple(g.split("|")) for g in r["title_terms"].split(";") if g),
                code_kind=r["code_kind"],
                switch_on_codes=r["switch_on_codes"] or None,
                side=r["side"],
                fund_scope=r["fund_scope"],
                measure_basis=r["measure_basis"] or None,
            )
            for r in csv.DictReader(f)
        )


# types that are kept with their rows but do not make a document a budget
NOT_BUDGET_TYPES = frozenset({"untitled", "unknown", "key_projects", "table_list", "unit_list", "performance_targets",
                              "project_performance_targets", "fee_schedule"})


def is_budget_table(table_type: str) -> bool:
    return table_type not in NOT_BUDGET_TYPES


def type_named(name: str) -> TableType:
    return next(t for t in table_types() if t.name == name)


# what a title says it leaves out ('（不含上年结转）'): words that must not type the table
_EXCLUDED = re.compile(r"(?:不含|不包括|未含)[^）)，,、]*")


def table_type_for_title(title: str | None) -> str | None:
    """The type a title names, or None when its words name no budget table."""
    if not title:
        return None
    key = _EXCLUDED.sub("", squash(title))
    return next((t.name for t in table_types() if t.matches(key)), None)


def phase_of(title: str | None) -> str:
    """决算 (final account) or 预算 (budget): the same table types serve both."""
    return "final" if "决算" in squash(title) else "budget"


def code_kind_of_rows(rows: list[list[str]]) -> str | None:
    """What the codes printed at the start of the rows are: functional (2xx), economic (3xx/5xx,
    also 7 digits as 北京 prints them), or unit codes (3 + 3 digits: 024 / 024001); None without codes."""
    lengths: Counter[int] = Counter()
    leading: Counter[str] = Counter()
    for row in rows:
        for cell in row[:3]:
            m = _ROW_CODE.match(cell.strip())
            if m:
                code = m.group(1)
                lengths[len(code)] += 1
                leading[code[0]] += 1
                break
    if not lengths:
        return None
    if lengths[6] and lengths[6] >= lengths[5] + lengths[7]:
        return "unit"
    first = leading.most_common(1)[0][0]
    return {"2": "functional", "3": "economic", "5": "economic"}.get(first)


def decide_type(title_type: str, rows: list[list[str]]) -> str:
    """A title's type, switched to its sibling when the rows carry the other kind of code."""
    table_type = type_named(title_type)
    if table_type.switch_on_codes:
        kind = code_kind_of_rows(rows)
        if kind in ("functional", "economic") and kind != table_type.code_kind:
            return table_type.switch_on_codes
    return title_type


_MONEY_WORDS = re.compile(r"合计|预算|支出|收入|金额|经费|资金")


def table_type_for_header(header_rows: list[list[str]]) -> str | None:
    """Tables whose title says nothing (or is missing) are recognised by their header: the
    key-project table of 第三部分, a list of the units the document covers, a list of tables."""
    first = [squash(c) for c in header_rows[0]] if header_rows else []
    cells = {squash(c) for row in header_rows for c in row}
    names_project = any(c.startswith("项目") or "项目名称" in c for c in first)
    has_amount = any(c.startswith("预算数") or c.endswith(("金额", "预算数")) for c in first)
    if names_project and has_amount and any("绩效目标" in c for c in first):
        return "key_projects"
    if any(c.startswith(("收费标准", "收费项目", "收费依据")) for c in cells):
        return "fee_schedule"
    if any(c.endswith(("报表名称", "表格名称")) or c in ("表名", "是否空表") for c in cells):
        return "table_list"
    if cells & {"单位名称", "单位全称", "预算单位名称"} and not any(_MONEY_WORDS.search(c) for c in cells):
        return "unit_list"
    return None


def is_title(line: str) -> bool:
    text = line.strip()
    # '…绩效目标表 (一级项目)': the shape is read without the spaces a layout puts in
    if _NOT_TITLE.search(text) or not _TITLE_SHAPE.match(squash(text)):
        return False
    # a table-of-contents entry or a sentence never ends a line with 表 and a page number
    return len(squash(text)) >= 4
