"""Facts stated in the prose (情况说明): totals and their change, 三公, 机关运行经费, 政府采购,
国有资产, Shanghai's per-项 lines, and the key-project table.

Each fact keeps the sentence it came from and the page it was printed on.  Values are the
printed numbers with thousands separators removed; a stated decrease is a negative change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from extract.execution_facts import execution_facts
from extract.model import Fact, Table
from extract.text import squash

_NUM = r"[\d,]+(?:\.\d+)?"
_AMOUNT = rf"(?P<v>{_NUM})\s*万元"
# between a label and its amount: '预算数为', '2023 年预算数', '安排', '。2023 年预算数'
_GAP = r"(?:[。.：:]?\s*(?:\d{4}\s*年)?\s*(?:年初)?(?:预算数?|安排|财政拨款预算|财政拨款)?\s*(?:为|是)?\s*)"
# the stated change: '（…）比上年减少22.85万元，下降82.8%' / '比2023年预算持平' / '较 2022 年预算增加 349 万元，增加 78%'
_CHANGE = (
    # a parenthesis or a '，其中：…' clause may stand between the figure and its change
    rf"(?:\s*（[^（）]{{0,200}}）)?(?:[，,]\s*其中[:：][^。；]{{0,200}}?)?[，,]?\s*(?:比|较|与)\s*(?P<base>上年|上一年|\d{{4}}\s*年度?(?:（[^）]*）)?(?:预算数?|决算数?)?)\s*"
    rf"(?:(?P<dir>增加|减少|增长|下降)\s*(?P<c>{_NUM})\s*万元|(?P<flat>持平))"
    rf"(?:[，,]\s*(?P<pdir>增长|下降|减少|增加)\s*(?P<p>[\d.]+)\s*%)?"
)
_NEGATIVE = {"减少", "下降"}

# (fact name, label as printed); the amount in 万元 follows the label
_AMOUNT_FACTS: list[tuple[str, str]] = [
    # the whole document's, not a fund's (政府性基金预算支出, 一般公共预算收入, 财政拨款收入预算)
    ("income_total", r"(?<!拨款)(?<!基金)(?<!公共)(?<!经营)(?:收入预算|预算收入)(?:总额|合计)?"),
    # … nor a fee's (“三公”经费预算支出, 会议费预算支出)
    ("expenditure_total", r"(?<!拨款)(?<!基金)(?<!公共)(?<!经营)(?<!费)(?:支出预算|预算支出)(?:总额|合计)?"),
    ("fiscal_appropriation_income", r"财政拨款收入"),
    ("fiscal_appropriation_expenditure", r"财政拨款支出预算"),
    ("general_budget_expenditure", r"一般公共预算拨款支出预算"),
    ("government_fund_expenditure", r"政府性基金拨款支出预算"),
    ("state_capital_expenditure", r"国有资本经营预算拨款支出预算"),
    ("three_public_total", r"三公[”\"]?经费(?:预算)?(?:支出)?"),
    ("three_public_outbound", r"因公出国[（(]境[）)]费用?"),
    ("three_public_vehicle_total", r"公务用车购置(?:及|和)运行(?:维护)?费"),
    ("three_public_vehicle_purchase", r"公务用车购置费"),
    ("three_public_vehicle_operation", r"公务用车运行(?:维护)?费"),
    ("three_public_reception", r"公务接待费"),
    ("admin_operation_cost", r"机关运行经费"),
    ("meeting_fee", r"(?<![、和及])会议费(?:预算)?(?:支出)?"),
    ("training_fee", r"(?<![、和及])培训费(?:预算)?(?:支出)?"),
    ("procurement_total", r"政府采购(?:预算|安排|项目纳入\s*\d{4}\s*年部门预算共计)"),
    ("procurement_goods", r"(?:货物类采购预算|政府采购货物预算|货物采购)"),
    ("procurement_works", r"(?:工程类采购预算|政府采购工程预算|工程采购)"),
    ("procurement_services", r"(?:服务类采购预算|政府采购服务预算|服务采购)"),
    ("procurement_sme_reserved", r"面向中小企业预留政府采购项目预算金额"),
    ("procurement_small_micro_reserved", r"预留给小型和微型企业的政府采购项目预算"),
    ("fixed_assets_value", r"固定资产(?:金额|总额|原值)"),
    ("planned_fixed_asset_purchase", r"拟购置固定资产"),
    ("performance_projects_amount", r"涉及(?:项目)?预算资金"),
]

# (fact name, pattern with group v, unit)
_COUNT_FACTS: list[tuple[str, str, str]] = [
    ("building_floor_area", rf"房屋\s*(?P<v>{_NUM})\s*平方米", "平方米"),
    ("vehicles", r"(?:共有)?车辆\s*(?P<v>\d+)\s*辆", "辆"),
    ("equipment_over_1m_yuan", r"单价(?:在)?\s*100\s*万元?(?:（含）)?以上的?(?:专用)?设备(?:（不含车辆）)?\s*(?P<v>\d+)\s*台", "台"),
    ("general_equipment_over_500k_yuan", r"单价(?:在)?\s*50\s*万元?(?:（含）)?以上的?通用设备\s*(?P<v>\d+)\s*台", "台"),
    ("performance_projects_count", r"(?:编报绩效目标的项目|设置并编报)\s*(?P<v>\d+)\s*个", "个"),
]

# compiled once: label + amount + optional stated change
_AMOUNT_PATTERNS = [(name, re.compile(rf"{label}{_GAP}{_AMOUNT}(?:{_CHANGE})?")) for name, label in _AMOUNT_FACTS]

# a final account's own totals: '2022年度本年收入合计2,015,094.22万元', '机关运行经费支出 2266.65 万元，比
# 2023 年度决算数增加 318.58 万元' (never a 预算 figure: those are execution statements)
_FINAL_GAP = r"(?:[。.：:]?\s*(?:\d{4}\s*年度?)?\s*(?:支出)?(?:决算数?)?\s*(?:为|是|共|共计)?\s*)"
_FINAL_AMOUNT_FACTS: list[tuple[str, str]] = [
    ("final_income_this_year", r"本年收入合计"),
    ("final_expenditure_this_year", r"本年支出合计"),
    ("admin_operation_cost", r"机关运行经费(?:支出)?"),
    ("procurement_total", r"政府采购支出总额"),
    ("procurement_goods", r"政府采购货物支出"),
    ("procurement_works", r"政府采购工程支出"),
    ("procurement_services", r"政府采购服务支出"),
    ("procurement_sme_awarded", r"授予中小企业合同金额"),
    ("procurement_small_micro_awarded", r"授予小微企业合同金额"),
]
_FINAL_PATTERNS = [(name, re.compile(rf"{label}{_FINAL_GAP}{_AMOUNT}(?:{_CHANGE})?")) for name, label in _FINAL_AMOUNT_FACTS]

# Shanghai: “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元，…。
#           2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。
_LINE_ITEM = re.compile(
    r"[“\"]?(?P<cls>[^“”\"（）。；：:，,]{2,30}?)（(?P<c1>\d{3})?类）(?P<kuan>[^“”\"（）。；]{1,30}?)（(?P<c2>\d{2})?款）"
    r"(?P<xiang>[^“”\"（）。；]{1,30}?)（(?P<c3>\d{2})?项）[”\"]?\s*(?:科目)?\s*(?P<amt>[\d,]+(?:\.\d+)?)\s*万元"
    r"(?P<rest>[^“”]{0,300}?(?P<py>\d{4})\s*年当年预算执行数为\s*(?P<prior>[\d,]+(?:\.\d+)?)\s*万元[，,]\s*"
    r"(?P<cy>\d{4})\s*年预算安排\s*(?P<cur>[\d,]+(?:\.\d+)?)\s*万元[，,]?\s*比\s*\d{4}\s*年预算执行数\s*"
    r"(?:(?P<dir>增加|减少|增长|下降)\s*(?P<pct>[\d.]+)\s*%|(?P<flat>持平)))?"
)
_FOOTER = re.compile(r"^\s*([-—–]\s*\d+\s*[-—–]|\d{1,3})\s*$")


@dataclass
class _Text:
    """All prose of a document as one string, with the page where each offset lies."""

    text: str
    page_starts: list[int]

    def page_at(self, offset: int) -> int:
        return bisect_right(self.page_starts, offset)

    def sentence_at(self, start: int, end: int) -> str:
        left = max(self.text.rfind(c, 0, start) for c in "。；\n") + 1
        right_candidates = [i for c in "。；\n" if (i := self.text.find(c, end)) >= 0]
        right = min(right_candidates) + 1 if right_candidates else len(self.text)
        return self.text[left:right].strip()


def _flatten(pages: list[str]) -> _Text:
    """Join the lines of every page without separators (CJK wraps anywhere), pages by newline."""
    parts, starts, offset = [], [], 0
    for page in pages:
        lines = [ln.strip() for ln in page.split("\n") if ln.strip() and not _FOOTER.match(ln)]
        body = "".join(lines) + "\n"
        starts.append(offset)
        parts.append(body)
        offset += len(body)
    return _Text("".join(parts), starts)


def _number(text: str) -> str:
    return text.replace(",", "")


def _signed(value: str, direction: str | None) -> str:
    value = _number(value)
    return f"-{value}" if direction in _NEGATIVE and value.strip("0.") else value


def _amount_facts(prose: _Text, patterns: list[tuple[str, re.Pattern[str]]] | None = None) -> list[Fact]:
    facts = []
    for name, pattern in patterns or _AMOUNT_PATTERNS:
        for m in pattern.finditer(prose.text):
            sentence, page = prose.sentence_at(m.start(), m.end()), prose.page_at(m.start())
            facts.append(Fact(name, _number(m.group("v")), "万元", sentence, page))
            if m.group("base"):
                base = squash(m.group("base"))
                change = "0" if m.group("flat") else _signed(m.group("c"), m.group("dir"))
                facts.append(Fact(f"{name}_change", change, "万元", sentence, page, text=base))
                if m.group("p") is not None:
                    facts.append(Fact(f"{name}_change_pct", _signed(m.group("p"), m.group("pdir")), "%",
                                      sentence, page, text=base))
    return facts


def _count_facts(prose: _Text) -> list[Fact]:
    facts = []
    for name, pattern, unit in _COUNT_FACTS:
        m = re.search(pattern, prose.text)  # the first statement: the inventory, not the plan
        if m:
            facts.append(Fact(name, _number(m.group("v")), unit, prose.sentence_at(m.start(), m.end()),
                              prose.page_at(m.start())))
    return facts


def _line_item_facts(prose: _Text) -> list[Fact]:
    facts = []
    for m in _LINE_ITEM.finditer(prose.text):
        subject = "/".join(squash(m.group(k)) for k in ("cls", "kuan", "xiang"))
        subject = re.sub(r"^\d{1,3}\s*[、.．]\s*", "", subject)  # the list number, not the name
        code = "".join(m.group(k) or "" for k in ("c1", "c2", "c3")) or None
        sentence, page = prose.sentence_at(m.start(), m.end()), prose.page_at(m.start())
        if m.group("rest"):
            sentence = prose.text[m.start(): m.end()]
        facts.append(Fact("line_item_budget", _number(m.group("amt")), "万元", sentence, page, subject, code))
        if m.group("prior") is None:
            continue
        facts.append(Fact("line_item_prior_year_execution", _number(m.group("prior")), "万元", sentence, page,
                          subject, code))
        facts.append(Fact("line_item_budget_restated", _number(m.group("cur")), "万元", sentence, page,
                          subject, code))
        pct = "0" if m.group("flat") else _signed(m.group("pct"), m.group("dir"))
        facts.append(Fact("line_item_change_pct", pct, "%", sentence, page, subject, code))
    return facts


def _key_project_columns(table: Table) -> tuple[int, int, int | None, int | None] | None:
    """(project name, amount, goal, using unit) columns of a key-project table, by their header
    words: 项目 | 预算数 | 绩效目标, or 二级预算单位名称 | 一级项目名称 | 预算数（万元） | 绩效目标."""
    paths = [squash(p) for p in table.column_paths]
    unit = next((i for i, p in enumerate(paths) if p.endswith("单位名称") or p == "预算单位"), None)
    name = next((i for i, p in enumerate(paths) if "项目名称" in p), None)
    if name is None:
        name = next((i for i, p in enumerate(paths) if p.startswith("项目")), None)
    amount = next((i for i, p in enumerate(paths) if p.startswith("预算数") or p.endswith(("金额", "预算数"))), None)
    goal = next((i for i, p in enumerate(paths) if "绩效目标" in p), None)
    return None if name is None or amount is None else (name, amount, goal, unit)


def _key_project_facts(tables: list[Table]) -> list[Fact]:
    facts = []
    for table in tables:
        columns = _key_project_columns(table) if table.table_type == "key_projects" else None
        if columns is None:
            continue
        name, amount, goal, unit = columns
        for row, page in zip(table.rows, table.row_pages, strict=True):
            if max(name, amount) >= len(row) or not row[name].strip():
                continue
            m = re.match(rf"^\s*({_NUM})\s*(万元|元)?\s*$", row[amount])
            if not m:
                continue
            facts.append(Fact("key_project_budget", _number(m.group(1)), m.group(2) or table.currency_unit,
                              " ".join(c for c in row if c), page, subject=row[name],
                              text=row[goal] if goal is not None and goal < len(row) else None,
                              using_unit=row[unit].strip() or None if unit is not None and unit < len(row) else None))
    return facts


def extract_facts(pages: list[str], tables: list[Table], final_account: bool = False) -> list[Fact]:
    prose = _flatten(pages)
    if final_account:  # a 决算 says 决算数 beside 预算数: the budget phrasings would take the budget
        return [*_amount_facts(prose, _FINAL_PATTERNS), *execution_facts(prose.text, prose.page_at, prose.sentence_at),
                *_count_facts(prose)]
    return [*_amount_facts(prose), *_count_facts(prose), *_line_item_facts(prose), *_key_project_facts(tables)]
