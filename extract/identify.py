"""Who published a document, for which year, what kind it is, where, and which units it covers.

Everything is read from the text as a reader sees it: the cover, the 部门预算构成 / 机构设置
paragraph, the 单位名称 lines of the tables; the region from the unit's name.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from extract.model import Identity, Table
from extract.text import squash

REGIONS_CSV = Path(__file__).resolve().parent.parent / "seeds" / "regions.csv"

_LABELLED_NAME = re.compile(r"(?:预算主管部门|预算单位|部门名称|单位名称)\s*[:：]\s*(\S+)")
_COVER = re.compile(
    r"^(?:(?P<y1>20\d{2})年度?)?(?P<name>.+?)(?:(?P<y2>20\d{2})年度?)?(?:区级|市级|省级|县级|镇级)?"
    r"(?P<kind>部门|单位)(?P<what>预算|决算)"
)
_YEAR = re.compile(r"(20\d{2})\s*年")
_NO_SUBUNITS = re.compile(r"(无|没有)下属(预算)?单位|下属\s*0\s*家")
_GD_LIST = re.compile(r"下属单位具体包括[:：](?P<list>.+?)。")
_LIST_INTRO = re.compile(r"具体包括[^:：\n]{0,20}[:：]")
_ITEM = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*(?P<name>.+)$")
_FOOTER_LINE = re.compile(r"^\s*([-—–]\s*\d+\s*[-—–]|\d{1,3})\s*$", re.M)
_DISTRICT_STOP = {"社区", "小区", "园区", "片区", "辖区", "军区", "校区", "景区", "街区", "厂区", "城区"}
_KIND = {
    ("部门", "预算"): "department_budget",
    ("单位", "预算"): "unit_budget",
    ("部门", "决算"): "department_final_account",
    ("单位", "决算"): "unit_final_account",
}


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str | None, str]]:
    """region name -> (level, parent name, province) from seeds/regions.csv."""
    with REGIONS_CSV.open(encoding="utf-8") as f:
        return {r["region_name"]: (r["level"], r["parent_name"] or None, r["province_name"]) for r in csv.DictReader(f)}


def region_of(*names: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) from the leading place names of a unit name or title."""
    province = city = district = None
    regions = _regions()
    for name in names:
        text = squash(name)
        m = re.match(r"^(?P<prov>[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?P<city>[\u4e00-\u9fff]{2,4}?市)?"
                     r"(?P<dist>[\u4e00-\u9fff]{2,4}?(?:新区|区|县|旗))?", text)
        if not m:
            continue
        province = province or m.group("prov")
        if m.group("city"):
            city = city or m.group("city")
        dist = m.group("dist")
        if dist and dist not in _DISTRICT_STOP and (dist in regions or city):
            district = district or dist
    if city and city in regions:
        level, _parent, prov = regions[city]
        province = province or prov
        if level == "province":  # a municipality: 上海市 is province and city
            province = city
    if district and district in regions and not city:
        _level, parent, prov = regions[district]
        city, province = parent, province or prov
    return province, city, district


def _cover(pages: list[str]) -> str:
    for text in pages[:2]:
        if squash(text):
            return text
    return ""


def _subordinate_units(text: str) -> list[str]:
    flat = _FOOTER_LINE.sub("", text)
    m = _GD_LIST.search(squash(flat))
    if m:
        return [u for u in _split_top_level(m.group("list"), "、") if u]
    m = _LIST_INTRO.search(flat)
    if not m:
        return []
    # a numbered list, one unit a line: "1. X（本部）。" "2. Y。"; it ends at the first other line
    items: list[str] = []
    for line in flat[m.end():].split("\n"):
        item = _ITEM.match(line)
        if not item:
            if items or line.strip():
                break
            continue
        name = squash(item.group("name")).rstrip("。；;,，")
        name = re.sub(r"(不单列预算|预算不单列).*$", "", name).rstrip("，,")
        name = re.sub(r"^下属(?:事业|行政)?单位", "", name)
        # the department itself ("X（本部）", "X本级") is counted, not a subordinate unit
        items.append("" if re.search(r"(本部|本级)[）)]?$", name) else name)
    items = [i for i in items if i]
    return items


def _split_top_level(text: str, sep: str) -> list[str]:
    """Split on sep outside parentheses: 研究院（世界技能大赛中国（广州）研究中心） stays whole."""
    out, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch == sep and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [s.strip() for s in out]


def identify(pages: list[str], tables: list[Table]) -> Identity:
    cover = _cover(pages)
    flat_cover = squash(cover)
    identity = Identity()
    m = _COVER.search(flat_cover)
    if m:
        identity.kind = _KIND[(m.group("kind"), m.group("what"))]
        identity.kind_label = m.group("kind") + m.group("what")
        identity.title = flat_cover[: m.end()]
    year = m and (m.group("y1") or m.group("y2"))
    years = _YEAR.findall(flat_cover)
    identity.fiscal_year = int(year) if year else (int(years[0]) if years else None)
    labelled = _LABELLED_NAME.search(cover)
    if labelled:
        identity.unit_name = labelled.group(1)
    elif m:
        identity.unit_name = m.group("name")
    table_names = Counter(t.unit_name for t in tables if t.unit_name)
    if not identity.unit_name and table_names:
        identity.unit_name = table_names.most_common(1)[0][0]
    if identity.fiscal_year is None:
        title_years = Counter(int(y) for t in tables for y in _YEAR.findall(t.title or ""))
        identity.fiscal_year = title_years.most_common(1)[0][0] if title_years else None
    identity.province, identity.city, identity.district = region_of(identity.unit_name, identity.title)
    text = "\n".join(pages)
    if identity.kind == "unit_budget" or _NO_SUBUNITS.search(squash(text)):
        identity.is_consolidated = False
    else:
        identity.subordinate_units = _subordinate_units(text)
        identity.is_consolidated = bool(identity.subordinate_units) or "汇总预算" in squash(text)
    return identity
