"""Classify the text lines printed around a table: number line, title, unit, currency, note, footer.

The vocabulary is the one every province prints: a number line (表5, 表一, 表14-1, 公开03表,
公开表1, 部门公开表 1, 预算05表, 五、), a title ending in 表, a unit line (单位名称 / 部门 / 部门（单位）
/ 编制部门 / 资金主管部门 …: X), a currency line (单位：万元, 金额单位：元), a year line ((2026年度)),
a note (注：…), a page number (- 4 -, —1—, 第4页, 1 8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.catalog import is_title
from extract.text import squash

_NUMERAL = r"[0-9一二三四五六七八九十]{1,3}(?:\s*[-－—]\s*\d{1,2})?"
# 表5 / 表 14-1 / 表一 / 公开表1 / 部门公开表 1 / 附表3   or   公开03表 / 公开 03 表 / 预算05表
_NUMBER = (
    rf"(?:[\u4e00-\u9fff]{{0,6}}?(?:公开|预算|附|部门))?表\s*{_NUMERAL}"
    r"|[\u4e00-\u9fff]{0,6}?(?:公开|预算|附)\s*\d{1,3}\s*表"
)
_TABLE_NO = re.compile(rf"^(?P<no>{_NUMBER})\s*[:：、.．]?$")
_TABLE_NO_PREFIX = re.compile(rf"^(?P<no>{_NUMBER})\s*[:：、.．]?\s*(?P<rest>\S.*)$")
_SECTION_PREFIX = re.compile(r"^(?P<no>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<rest>\S.*)$")
_UNIT_LABEL = (
    r"(?:单位名称|部门名称|单位全称|编制部门|编制单位|预算单位|预算部门|填报单位|"
    r"(?:资金|预算)?主管部门|部门\s*[（(]\s*单位\s*[）)]|单位\s*[（(]\s*部门\s*[）)]|部门)"
)
_UNIT_LINE = re.compile(
    rf"^(?P<label>{_UNIT_LABEL})\s*[:：]\s*(?P<name>.*?)"
    r"(?:\s+(?P<currency>(?:金额|计量)?单\s*位\s*[:：]\s*\S+))?$"
)
_CURRENCY = re.compile(r"(?:金额|计量)?单\s*位\s*[:：]\s*(?P<unit>万元|千元|元)(?![\u4e00-\u9fff])")
_CURRENCY_LINE = re.compile(r"^(?:金额|计量)?单\s*位\s*[:：]\s*(万元|千元|元)$")
_SUBTITLE = re.compile(
    r"^[（(]?\s*(?P<sub>\d{4}\s*年度?)\s*[)）]?(?:\s+(?P<currency>(?:金额)?单\s*位\s*[:：]\s*\S+))?$"
)
# a unit printed as '<code>-<name>' on the line of a table (507-湖州市卫生健康委员会, 024001 西安市财政局)
_CODED_UNIT = re.compile(r"^\d{3,12}\s*[-－—]?\s*(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff（）()]{1,40})$")
_UNIT_ENDINGS = ("局", "委员会", "委", "办公室", "办", "厅", "院", "中心", "所", "站", "队", "处", "部", "会", "馆", "校",
                 "学", "府", "室", "社", "团", "场", "台", "园", "署", "监狱", "支队", "大队", "总队")
# what qualifies the title above it, on a line of its own: （按经济分类科目分）, （不含上年结转）
_QUALIFIER = re.compile(r"^[（(](?P<inner>[^（）()。；;，,:：]{2,40})[）)]$")
_NOTE = re.compile(r"^[（(]?\s*(注|备注|说明)\s*\d?\s*[:：]")
_FOOTER = re.compile(r"^([-—–－]*\d{1,4}[-—–－]*|第\d+页(共\d+页)?|共\d+页第\d+页)$")
_HEADING = re.compile(r"^(第[一二三四五六七八九十\d]{1,3}部分|[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")
# A few characters of a merged cell's text that overflow its ruled box ('年度绩', '效益指'):
# not prose, so they must not end the table they belong to.
_FRAGMENT = re.compile(r"^[\u4e00-\u9fff]{1,4}$")


@dataclass
class LineInfo:
    # table_no | title | qualifier | unit | currency | subtitle | note | footer | heading | fragment | other
    kind: str
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


def split_table_no(line: str) -> tuple[str | None, str]:
    """'表1 收支总体情况表' -> ('表1', '收支总体情况表'); '五、一般公共预算支出表' -> ('五', …)."""
    text = line.strip()
    for pattern in (_TABLE_NO_PREFIX, _SECTION_PREFIX):
        m = pattern.match(text)
        if m and is_title(m.group("rest")):
            return squash(m.group("no")), m.group("rest").strip()
    return None, text


def is_table_no(line: str) -> bool:
    return bool(_TABLE_NO.match(line.strip()))


def classify(text: str) -> LineInfo:
    line = text.strip()
    flat = squash(line)
    if _FOOTER.match(flat):
        return LineInfo("footer", line)
    m = _TABLE_NO.match(line)
    if m:
        return LineInfo("table_no", line, table_no=squash(m.group("no")))
    if _NOTE.match(line):
        return LineInfo("note", line)
    m = _UNIT_LINE.match(line)
    if m:
        unit_line = line[: m.start("currency")].rstrip() if m.group("currency") else line
        return LineInfo("unit", unit_line, unit_name=squash(m.group("name")) or None,
                        currency_line=m.group("currency"))
    if _CURRENCY_LINE.match(line):
        return LineInfo("currency", line, currency_line=line)
    m = _SUBTITLE.match(line)
    if m:
        return LineInfo("subtitle", squash(m.group("sub")), currency_line=m.group("currency"))
    m = _QUALIFIER.match(flat)
    if m and re.search(r"[\u4e00-\u9fff]", m.group("inner")) and not re.fullmatch(r"[一二三四五六七八九十]+", m.group("inner")):
        return LineInfo("qualifier", line)
    m = _CODED_UNIT.match(flat)
    if m and m.group("name").endswith(_UNIT_ENDINGS):
        return LineInfo("unit", line, unit_name=m.group("name"))
    if line.startswith("第") and _HEADING.match(line):  # '第二部分 2025年部门预算表' is a heading
        return LineInfo("heading", line)
    table_no, title = split_table_no(line)
    if is_title(title):
        return LineInfo("title", title, table_no=table_no)
    if _HEADING.match(line):
        return LineInfo("heading", line)
    if _FRAGMENT.match(flat):
        return LineInfo("fragment", line)
    return LineInfo("other", line)
