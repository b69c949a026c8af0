"""Who published a document, for which year, what kind it is, where, and which units it covers.

Everything is read from what a reader sees: the cover (2026年重庆市水利局部门预算, 国家信访局 2026
年度部门预算), the 单位名称 / 部门名称 lines and cells of the tables, the 部门预算构成 / 机构设置
paragraph or the table of units; the region from the unit's name against China's complete list of
administrative divisions (extract.regions); a central-government unit from its name or the text.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.catalog import is_budget_table
from extract.lines import classify
from extract.model import Identity, Table
from extract.regions import region_of
from extract.text import squash

_LABELLED_NAME = re.compile(r"(?:预算主管部门|预算单位|部门名称|单位名称)\s*[:：]\s*(\S+)")
_COVER = re.compile(
    r"^(?:(?P<y1>20\d{2})年度?)?(?P<name>.+?)(?:(?P<y2>20\d{2})年度?)?(?:区级|市级|省级|县级|镇级)?"
    r"(?P<kind>部门|单位)(?:综合)?(?P<what>预算|决算)"
)
_YEAR = re.compile(r"(20\d{2})\s*年")
# what a cover names when the document is no budget or final account, though it may print tables
_OTHER_DOCUMENT = re.compile(r"评价报告|审计报告|审计结果|工作报告|通知$|实施办法$|管理办法$|工作计划$|工作方案$|统计公报|主要指标$")
_NAME_NOISE = re.compile(r"^[\s\d\-—–－·.]+|[（(](?:汇总|合并)[）)]$")
_CONSOLIDATED_MARK = re.compile(r"[（(](?:汇总|合并)[）)]")
_FORM_NAME_LABELS = {"部门名称", "单位名称", "部门（单位）名称", "部门(单位)名称", "预算单位", "主管部门", "市级主管部门"}
_NO_SUBUNITS = re.compile(
    r"(无|没有)下属(预算)?单位|下属0家|(?:共计|共有|包括)1(?:家|个)(?:预算)?单位|单位(?:共计|共有)1(?:家|个)")


def _spaced(*words: str) -> str:
    """A pattern for words that a line break may split anywhere ('具体\n包括')."""
    return "|".join(r"\s*".join(map(re.escape, w)) for w in words)


# where a composition paragraph lists the units: 具体包括：… / 分别是… / 单位包括… / 部门预算包括：…
_LIST_INTRO = re.compile(
    rf"(?:{_spaced('具体包括', '分别是', '分别为', '单位包括', '预算包括', '决算包括')})"
    r"(?:[^:：\n。，、]{0,20}[:：]|[:：]?)")
# the words before the intro say it lists units, not internal offices (内设 6 个部门，分别为：…)
_COMPOSITION = re.compile(r"构成|下属|所属|二级|预算单位|决算单位|本级|单位包括|预算包括|决算包括")
_OFFICES = re.compile(r"内设|处室|科室")
_NOT_OWN_BUDGET = re.compile(r"(?:非独立(?:编制|核算)|不单列|不单独编制|不独立编制).*$")
_INLINE_ITEM = re.compile(r"\d{1,2}\s*[.．、]\s*")
_ITEM = re.compile(r"^\s*(?:\d{1,2}|[（(]\d{1,2}[）)])\s*[.．、]?\s*(?P<name>\S.*)$")
_FOOTER_LINE = re.compile(r"^\s*([-—–]\s*\d+\s*[-—–]|\d{1,3})\s*$", re.M)
_SELF = re.compile(r"(本部|本级|机关)[）)]?$")
_KIND = {
    ("部门", "预算"): "department_budget",
    ("单位", "预算"): "unit_budget",
    ("部门", "决算"): "department_final_account",
    ("单位", "决算"): "unit_final_account",
}


def clean_unit_name(name: str | None) -> str | None:
    """A unit name without what the layout glued to it: a page number before ('1西南大学',
    '—1—重庆市…'), a consolidation mark after ('西安市财政局（汇总）')."""
    if not name:
        return None
    text = squash(name)
    previous = None
    while previous != text:
        previous, text = text, _NAME_NOISE.sub("", text)
    return text or None


def _cover(pages: list[str]) -> str:
    """The first page with text, without its page number."""
    for text in pages[:2]:
        lines = [line for line in text.split("\n") if line.strip() and classify(line).kind != "footer"]
        if lines:
            return "\n".join(lines)
    return ""


def _form_names(tables: list[Table]) -> list[str]:
    """Names a table prints in a labelled cell: '部门名称 | 北京市财政局' of a 绩效目标 form."""
    names = []
    for table in tables:
        for row in [*table.header_rows, *table.rows][:6]:
            cells = [squash(c) for c in row]
            for i, cell in enumerate(cells[:-1]):
                value = next((c for c in cells[i + 1:] if c), "")
                if cell in _FORM_NAME_LABELS and value and value not in _FORM_NAME_LABELS:
                    names.append(value)
    return names


def _split_names(text: str) -> list[str]:
    """'A、B，C和D' / '1.A 2.B' -> names; separators inside parentheses do not split."""
    text = _INLINE_ITEM.sub("、", text)
    out, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch in "、，,；;" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [s.strip() for s in out]


def _unit_entry(name: str) -> str:
    """A listed unit's name without remarks ('…不单列预算，并入本部', '（非独立编制预算单位）': covered,
    though not budgeted apart); '' for the document's own unit (本级, 本部)."""
    name = squash(name).rstrip("。；;,，")
    name = re.sub(r"[（(][^（）()]*(?:非独立|不单列|不单独|不独立)[^（）()]*[）)]$", "", name)  # a remark in brackets
    name = _NOT_OWN_BUDGET.sub("", name)  # '不单列预算，并入本部'
    name = re.sub(r"(等\d+个单位).*$", "", name).rstrip("，,")
    name = re.sub(r"^(?:下属|所属)?(?:事业|行政)?单位", "", name)
    return "" if _SELF.search(name) or not name else name


def _listed_units(text: str) -> list[str]:
    """The units a composition paragraph lists after 具体包括： / 分别是：, inline or one a line."""
    flat = _FOOTER_LINE.sub("", text)
    # the intro must be about the document's units (部门预算构成, 下属单位, 二级预算单位 …)
    m = next((m for m in _LIST_INTRO.finditer(flat)
              if _COMPOSITION.search(squash(flat[max(0, m.start() - 150): m.end()]))
              and not _OFFICES.search(squash(flat[max(0, m.start() - 40): m.start()]))), None)
    if not m:
        return []
    rest = flat[m.end():]
    first_line = rest.split("\n", 1)[0].strip()
    if first_line and (not _ITEM.match(first_line) or len(_INLINE_ITEM.findall(first_line)) > 1):
        # inline: up to the end of the sentence, which may wrap over lines
        sentence = squash(rest).split("。", 1)[0]
        return [u for u in map(_unit_entry, _split_names(sentence)) if u]
    items: list[str] = []
    for line in rest.split("\n"):
        item = _ITEM.match(line)
        if not item:
            if items or line.strip():
                break
            continue
        items.append(item.group("name"))
    return [u for u in map(_unit_entry, items) if u]


def _unit_list_tables(tables: list[Table]) -> list[str] | None:
    """The units a document lists in a table (预算单位构成): the cells under 单位名称; None
    without such a table."""
    names: list[str] | None = None
    for table in tables:
        if table.table_type != "unit_list":
            continue
        paths = [squash(p) for p in table.column_paths]
        col = next((i for i, p in enumerate(paths) if p.endswith(("单位名称", "单位全称"))), None)
        if col is not None:
            names = (names or []) + [u for row in table.rows if col < len(row) and (u := _unit_entry(row[col]))]
    return names


def identify(pages: list[str], tables: list[Table]) -> Identity:
    cover = _cover(pages)
    flat_cover = squash(cover)
    identity = Identity()
    m = _COVER.search(flat_cover)
    if m:
        identity.kind = _KIND[(m.group("kind"), m.group("what"))]
        identity.kind_label = m.group("kind") + m.group("what")
        identity.title = clean_unit_name(flat_cover[: m.end()]) if not m.group("y1") else flat_cover[: m.end()]
    year = m and (m.group("y1") or m.group("y2"))
    years = _YEAR.findall(flat_cover)
    identity.fiscal_year = int(year) if year else (int(years[0]) if years else None)
    labelled = _LABELLED_NAME.search(cover)
    table_names = Counter(clean_unit_name(t.unit_name) for t in tables if t.unit_name)
    table_names.pop(None, None)
    if labelled:
        identity.unit_name = clean_unit_name(labelled.group(1))
    elif m:
        identity.unit_name = clean_unit_name(m.group("name"))
    if not identity.unit_name and table_names:
        identity.unit_name = table_names.most_common(1)[0][0]
    if not identity.unit_name:
        identity.unit_name = next(iter(_form_names(tables)), None)
    if identity.fiscal_year is None:
        # no cover (a 报表-only file): the years the tables print in titles and year lines
        printed = Counter(int(y) for t in tables for y in _YEAR.findall(f"{t.title or ''} {t.subtitle_line or ''}"))
        identity.fiscal_year = printed.most_common(1)[0][0] if printed else None
    if identity.kind == "unknown":
        identity.other_document = next((squash(line) for line in cover.split("\n")[:8]
                                        if _OTHER_DOCUMENT.search(squash(line))), None)
    if identity.kind == "unknown" and identity.other_document is None \
            and any(t.phase == "budget" and is_budget_table(t.table_type) for t in tables):
        identity.kind, identity.kind_label = "department_budget", "部门预算"
    marked = bool(_CONSOLIDATED_MARK.search(flat_cover)) or any(
        _CONSOLIDATED_MARK.search(squash(t.unit_name)) for t in tables if t.unit_name)
    intro = "\n".join(pages[:8])
    region = region_of(identity.unit_name, intro)
    identity.province, identity.city, identity.district = region.province, region.city, region.district
    identity.region_code, identity.central = region.code, region.central
    _composition(identity, "\n".join(pages), tables, marked)
    return identity


def _composition(identity: Identity, text: str, tables: list[Table], marked: bool) -> None:
    """Consolidated or not, and the units the document covers besides its own."""
    if identity.kind in ("unit_budget", "unit_final_account"):
        identity.is_consolidated = False
        return
    tabled = _unit_list_tables(tables)
    units = tabled if tabled is not None else _listed_units(text)
    own = squash(identity.unit_name)
    identity.subordinate_units = [u for u in dict.fromkeys(units) if u != own]
    flat = squash(text)
    if identity.subordinate_units:
        identity.is_consolidated = True
    elif tabled is not None or _NO_SUBUNITS.search(flat):  # a table of units that lists only its own
        identity.is_consolidated = False
    else:
        identity.is_consolidated = marked or "汇总预算" in flat or "汇总决算" in flat
