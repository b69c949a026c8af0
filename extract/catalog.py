"""What a printed title or header says a table is: the canonical table types of all templates.

Matching is on the title as a reader sees it (whitespace removed), by the words that carry
the meaning, so that 收支总体情况表 (Guangdong), 收支总表 (Shenzhen) and 2024年部门财务收支预算总表
(Shanghai) are all the same kind of table.  Order matters: the first rule that matches wins.
"""

from __future__ import annotations

import re

from extract.text import squash

# (table_type, pattern on the squashed title)
TITLE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("final_account", re.compile(r"决算")),
    ("three_public_expenses", re.compile(r"三公")),
    ("fiscal_appropriation_summary", re.compile(r"(财政拨款|政府预算拨款)收支")),
    ("government_fund_by_function", re.compile(r"政府性基金预算支出")),
    ("state_capital_by_function", re.compile(r"国有资本经营预算支出")),
    ("general_budget_basic_by_economic", re.compile(r"一般公共预算基本支出.*经济分类")),
    ("general_budget_project_by_economic", re.compile(r"一般公共预算项目支出.*经济分类")),
    ("general_budget_by_economic", re.compile(r"一般公共预算支出.*经济分类")),
    ("general_budget_by_function", re.compile(r"一般公共预算支出.*功能分类")),
    ("unit_basic_expenditure", re.compile(r"基本支出预算表$")),
    ("unit_project_expenditure", re.compile(r"项目支出(及其他支出)?预算表$")),
    ("income_expenditure_summary", re.compile(r"收支(总体情况表|总表|预算总表)$")),
    ("income_by_function", re.compile(r"收入(总体情况表|预算总表|总表)$")),
    ("expenditure_by_function", re.compile(r"支出(总体情况表|预算总表|总表)$")),
    ("performance_targets", re.compile(r"绩效目标表$")),
]

# A line that is a table title: short, ends with 表 or 表（…）, and is not a sentence.
_TITLE_SHAPE = re.compile(r"^(?:表\s*\S{1,4}\s+)?\S.{0,60}表(?:[（(][^）)]{1,20}[）)])?$")
_NOT_TITLE = re.compile(r"^(注|备注|附|资料来源)|[。；;，,]|\.{4,}|…{2,}")
_TABLE_NO = re.compile(r"^表\s*([0-9一二三四五六七八九十]{1,3})$")
_TABLE_NO_PREFIX = re.compile(r"^(表\s*[0-9一二三四五六七八九十]{1,3})\s+(.+)$")


def table_type_for_title(title: str | None) -> str | None:
    """The canonical type of a titled table, or None when the title is not a known one."""
    if not title:
        return None
    key = squash(title)
    for table_type, pattern in TITLE_RULES:
        if pattern.search(key):
            return table_type
    return None


def table_type_for_header(header_rows: list[list[str]]) -> str | None:
    """Untitled tables are recognised by their header (the key-project table of 第三部分)."""
    first = [squash(c) for c in header_rows[0]] if header_rows else []
    has_amount = any(c.startswith("预算数") for c in first)
    if first and first[0].startswith("项目") and has_amount and any("绩效目标" in c for c in first):
        return "key_projects"
    return None


def split_table_no(line: str) -> tuple[str | None, str]:
    """'表1 收支总体情况表' -> ('表1', '收支总体情况表'); a bare title -> (None, title)."""
    m = _TABLE_NO_PREFIX.match(line.strip())
    if m and is_title(m.group(2)):
        return m.group(1), m.group(2).strip()
    return None, line.strip()


def is_table_no(line: str) -> bool:
    return bool(_TABLE_NO.match(line.strip()))


def is_title(line: str) -> bool:
    text = line.strip()
    if _NOT_TITLE.search(text) or not _TITLE_SHAPE.match(text):
        return False
    # a table-of-contents entry or a sentence never ends a line with 表 and a page number
    return len(squash(text)) >= 4
