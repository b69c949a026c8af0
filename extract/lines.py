"""Classify the text lines printed around a table: title, 表N, unit, currency, note, footer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.catalog import is_table_no, is_title, split_table_no

_UNIT_LINE = re.compile(
    r"^(?P<label>单位名称|部门名称|编制部门|编制单位|预算单位|预算主管部门|主管部门)\s*[:：]\s*(?P<name>.*?)"
    r"(?:\s+(?P<currency>(?:金额)?单位\s*[:：]\s*\S+))?$"
)
_CURRENCY = re.compile(r"(?:金额)?单位\s*[:：]\s*(?P<unit>万元|千元|元)(?![\u4e00-\u9fff])")
_CURRENCY_LINE = re.compile(r"^(?:金额)?单位\s*[:：]\s*(万元|千元|元)$")
_SUBTITLE = re.compile(r"^(?P<sub>\d{4}\s*年度?)(?:\s+(?P<currency>(?:金额)?单位\s*[:：]\s*\S+))?$")
_NOTE = re.compile(r"^(注|备注|说明)\s*\d?\s*[:：]")
_FOOTER = re.compile(r"^([-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3})$")
_HEADING = re.compile(r"^(第[一二三四五六七八九十\d]{1,3}部分|[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


@dataclass
class LineInfo:
    kind: str  # table_no | title | unit | currency | subtitle | note | footer | heading | other
    text: str
    table_no: str | None = None
    unit_name: str | None = None
    currency_line: str | None = None


def currency_of(text: str | None) -> str | None:
    """万元 / 元 / 千元 from a line or header cell such as '单位：万元' or '预算数（单位：万元）'."""
    if not text:
        return None
    m = _CURRENCY.search(text)
    if m:
        return m.group("unit")
    m = re.search(r"[（(](万元|千元|元)[）)]", text)
    return m.group(1) if m else None


def classify(text: str) -> LineInfo:
    line = text.strip()
    if _FOOTER.match(line):
        return LineInfo("footer", line)
    if is_table_no(line):
        return LineInfo("table_no", line, table_no=line)
    if _NOTE.match(line):
        return LineInfo("note", line)
    m = _UNIT_LINE.match(line)
    if m:
        unit_line = line[: m.start("currency")].rstrip() if m.group("currency") else line
        return LineInfo("unit", unit_line, unit_name=m.group("name").strip() or None,
                        currency_line=m.group("currency"))
    if _CURRENCY_LINE.match(line):
        return LineInfo("currency", line, currency_line=line)
    m = _SUBTITLE.match(line)
    if m:
        return LineInfo("subtitle", m.group("sub"), currency_line=m.group("currency"))
    if line.startswith("第") and _HEADING.match(line):  # '第二部分 2025年部门预算表' is a heading
        return LineInfo("heading", line)
    table_no, title = split_table_no(line)
    if is_title(title):
        return LineInfo("title", title, table_no=table_no)
    if _HEADING.match(line):
        return LineInfo("heading", line)
    return LineInfo("other", line)
