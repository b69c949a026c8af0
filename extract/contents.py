"""The document's own list of tables (its 目录, or a 报表目录 printed as a table) as a check.

Each table the contents name is looked for among the tables extracted: by its title (year,
number and unit prefixes aside), else by its type when only one table of that type is listed
and found. A listed table that is not found, or found without rows, is an extraction failure
caught in a layout nobody has seen yet, unless the document says it is empty (空表, 无数据).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.catalog import table_type_for_title
from extract.lines import split_table_no
from extract.model import Table
from extract.text import OUTLINE_NUMBER, squash

_CONTENTS_HEADING = re.compile(r"^目\s*录$")
# an entry with dot leaders and its printed page number (two can share a line); without leaders
# the whole line is the entry (some contents print no page numbers)
_LEADERED = re.compile(r"(?P<text>.+?)\s*[.…·．]{3,}\s*(?P<page>\d{1,3})?")
_LEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.．、])\s*")  # split_table_no takes 一、
_YEAR = re.compile(r"\d{4}\s*年度?")
_EMPTY = re.compile(r"空表|无数据|没有数据|本表无|为空|没有使用|未安排|无此项")


@dataclass
class ContentsEntry:
    seq: int
    number: str | None
    title: str
    table_type: str
    listed_page: int | None
    page: int  # the contents page that lists it
    matched_table_seq: int | None = None
    declared_empty: bool = False


def _logical_lines(text: str) -> list[str]:
    """Lines of a contents page with an entry wrapped over two lines joined again."""
    out: list[str] = []
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        previous = out[-1] if out else ""
        wrapped = OUTLINE_NUMBER.match(previous) and not _LEADERED.search(previous) \
            and not previous.endswith(("表", "）", ")")) and not OUTLINE_NUMBER.match(line)
        if wrapped:
            out[-1] = previous + line
        else:
            out.append(line)
    return out


def _entries_on(text: str) -> list[tuple[str, int | None]]:
    """(title, listed page) of every table a contents page lists, leaders and numbers stripped."""
    out = []
    for line in _logical_lines(text):
        found = [(m.group("text"), m.group("page")) for m in _LEADERED.finditer(line)] or [(line, None)]
        for raw, page in found:
            _number, title = split_table_no(_LEADING.sub("", raw.strip()))
            title = title.strip()
            if title.endswith(("表", "）", ")")) and table_type_for_title(title):
                out.append((title, int(page) if page else None))
    return out


def _contents_pages(pages: list[str]) -> list[int]:
    """Indexes of the pages of the 目录: the page headed 目录 (among the first pages) and the
    pages right after it that go on listing entries with leaders."""
    for i, text in enumerate(pages[:6]):
        lines = [squash(line) for line in text.split("\n") if squash(line)]
        if any(_CONTENTS_HEADING.match(line) for line in lines[:3]):
            found = [i]
            while found[-1] + 1 < len(pages) and re.search(r"[.…·]{6,}\s*\d", pages[found[-1] + 1]) \
                    and not any(_CONTENTS_HEADING.match(squash(x)) for x in pages[found[-1] + 1].split("\n")[:1]):
                found.append(found[-1] + 1)
            return found
    return []


def _key(title: str, unit_name: str | None) -> str:
    key = _YEAR.sub("", squash(title))
    if unit_name and key.startswith(squash(unit_name)):
        key = key[len(squash(unit_name)):]
    return key.removeprefix("部门综合预算").removeprefix("部门").removeprefix("单位")


def read_contents(pages: list[str], tables: list[Table], unit_name: str | None) -> list[ContentsEntry]:
    """The tables the document lists in its contents, each matched to an extracted table."""
    entries: list[ContentsEntry] = []
    for index in _contents_pages(pages):
        for title, listed in _entries_on(pages[index]):
            table_type = table_type_for_title(title) or "unknown"
            entries.append(ContentsEntry(len(entries) + 1, None, title, table_type, listed, index + 1))
    entries += _listed_in_a_table(tables, len(entries))
    _match(entries, tables, unit_name)
    return entries


def _listed_in_a_table(tables: list[Table], start: int) -> list[ContentsEntry]:
    """A 报表目录 printed as a table: 表1 | 部门综合预算收支总表 | 是否空表 | 理由."""
    out: list[ContentsEntry] = []
    for table in tables:
        if table.table_type != "table_list":
            continue
        paths = [squash(p) for p in table.column_paths]
        # the column whose cells are table titles (报表名称, 内容 …)
        titled = Counter(i for row in table.rows for i, c in enumerate(row) if table_type_for_title(c.strip()))
        title_col = titled.most_common(1)[0][0] if titled else None
        empty_col = next((i for i, p in enumerate(paths) if "空表" in p), None)
        if title_col is None:
            continue
        for row in table.rows:
            title = row[title_col].strip() if title_col < len(row) else ""
            if not title or not table_type_for_title(title):
                continue
            empty = empty_col is not None and empty_col < len(row) and squash(row[empty_col]) in ("是", "空表")
            number = next((squash(c) for c in row[:title_col] if squash(c)), None)
            out.append(ContentsEntry(start + len(out) + 1, number, title, table_type_for_title(title) or "unknown",
                                     None, table.pages[0], declared_empty=empty))
    return out


def _match(entries: list[ContentsEntry], tables: list[Table], unit_name: str | None) -> None:
    """By title; else by type when one table of the type is listed and found; else by the page
    the contents give it (printed page numbers, offset like the entries already matched) or, for
    a table the document prints without its title, by its type in order."""
    candidates = [t for t in tables if t.title and t.table_type != "table_list"]
    listed_types = Counter(e.table_type for e in entries)
    found_types = Counter(t.table_type for t in candidates)
    for entry in entries:
        key = _key(entry.title, unit_name)
        table = next((t for t in candidates if _key(t.title or "", unit_name) == key), None) or next(
            (t for t in candidates if t.table_type == entry.table_type
             and (key in _key(t.title or "", unit_name) or _key(t.title or "", unit_name) in key)), None)
        if table is None and listed_types[entry.table_type] == 1 and found_types[entry.table_type] == 1:
            table = next(t for t in candidates if t.table_type == entry.table_type)
        if table is not None:
            entry.matched_table_seq = table.seq
    offsets = Counter(tables[e.matched_table_seq - 1].pages[0] - e.listed_page
                      for e in entries if e.matched_table_seq and e.listed_page and tables[e.matched_table_seq - 1].pages)
    taken = {e.matched_table_seq for e in entries}
    for entry in entries:
        if entry.matched_table_seq is None and entry.listed_page and offsets:
            page = entry.listed_page + offsets.most_common(1)[0][0]
            table = next((t for t in tables if t.pages and t.pages[0] == page and t.seq not in taken
                          and t.table_type not in ("table_list", "unit_list")), None)
            if table is not None:
                entry.matched_table_seq = table.seq
                taken.add(table.seq)
    for entry in entries:  # else a table of its type printed without a title, in order
        if entry.matched_table_seq is None:
            table = next((t for t in tables if not t.title and t.table_type == entry.table_type
                          and t.seq not in taken), None)
            if table is not None:
                entry.matched_table_seq = table.seq
                taken.add(table.seq)
    for entry in entries:
        if entry.matched_table_seq is not None:
            note = tables[entry.matched_table_seq - 1].note
            entry.declared_empty = entry.declared_empty or bool(_EMPTY.search(squash(note)))
