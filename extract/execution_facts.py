"""Facts a final account (部门决算) states in its 说明: what was budgeted and what was spent.

Every 决算 explains its execution in the same phrasing, whatever the province:

    <subject>年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 P%。决算数大于年初预算数的主要原因是：…
    <subject>全年预算数为 A 万元，执行数为 B 万元，完成预算的 P%            (绩效自评 of a project)
    其中：<subject>支出决算为 B 万元，完成预算的 P%                          (budget stated before)
    <name>（2050205），2024 年度决算数为 B 万元，比 2023 年度决算数增长 P%

The subject is the clause before the budget label, or the heading sentence just before it
('1.一般公共服务（类）信访事务（款）行政运行（项）。年初预算为…').  It is recognised as a functional
path (类/款/项, kept as 'class/section/item' names), a code printed in brackets, a 三公 item, 机关运行经费,
会议费 / 培训费, the appropriation as a whole, or else kept as printed (a project).

Facts (value in 万元 unless said): execution_initial_budget (年初预算) / execution_adjusted_budget
(全年 / 调整预算) / execution_budget (预算), execution_final, execution_rate_pct (%), execution_reason
(the stated reason, as text), execution_final_change_pct (against a previous year's 决算), and
performance_self_evaluation_score (分, 绩效自评 of a project or of the department).  `text`
holds the subject's key: a code or an item name (three_public_total, reception, …).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.model import Fact
from extract.text import squash

# digits may be printed letter-spaced ('9 9 9 . 8 3万元')
_NUM = r"\d(?:\s?[\d,.])*"
_BUDGET = r"(?P<blabel>年初预算|全年预算|调整预算|调整后预算|预算)数?"
_FINAL = r"(?:支出)?(?:决算|执行)数?"
_IS = r"\s*(?:为|是)?\s*"
_RATE = r"(?:[，,]\s*完成(?:年初|全年)?预算的\s*(?P<pct>[\d.]+)\s*%)?"
_EXECUTION = re.compile(
    rf"{_BUDGET}{_IS}(?P<budget>{_NUM})\s*万元[，,]\s*(?:\d{{4}}\s*年度?)?\s*{_FINAL}{_IS}(?P<final>{_NUM})\s*万元{_RATE}"
)
_FINAL_WITH_RATE = re.compile(
    rf"{_FINAL}{_IS}(?P<final>{_NUM})\s*万元[，,]\s*完成(?:年初|全年)?预算的\s*(?P<pct>[\d.]+)\s*%"
)
_CODED_FINAL = re.compile(
    rf"(?P<name>[^，。；：:（）\d]{{2,40}})（(?P<code>\d{{3,7}})）[，,]?\s*\d{{4}}\s*年度?决算数?{_IS}(?P<final>{_NUM})\s*万元"
    rf"(?:[，,]\s*(?:比|较)\s*(?P<base>\d{{4}}\s*年度?决算数?)\s*(?P<dir>增长|降低|增加|减少|下降)\s*(?P<p>[\d.]+)\s*%)?"
)
_REASON = re.compile(r"^[，,。；]?\s*(?:决算数?[大小]于(?:年初)?预算数?的)?主要原因(?:是|为)[:：]?\s*(?P<reason>[^。；]{2,200})")
_SCORE = re.compile(r"自评得分(?:为)?\s*(?P<v>\d+(?:\.\d+)?)\s*分?")
_BUDGET_FACT = {"年初预算": "execution_initial_budget", "全年预算": "execution_adjusted_budget",
                "调整预算": "execution_adjusted_budget", "调整后预算": "execution_adjusted_budget",
                "预算": "execution_budget"}

# the subject's key, most specific first (the vocabulary of the 三公 table's columns)
_SUBJECT_KEYS: list[tuple[str, str]] = [
    ("vehicle_purchase", r"公务用车购置费|购置公务用车|车辆购置"),
    ("vehicle_operation", r"公务用车运行(?:维护)?费"),
    ("vehicle_total", r"公务用车购置(?:及|和)运行(?:维护)?费"),
    ("outbound", r"因公出国[（(]境[）)]"),
    ("reception", r"公务接待费"),
    ("meeting", r"会议费"),
    ("training", r"培训费"),
    ("admin_operation_cost", r"机关运行经费"),
    ("three_public_total", r"三公"),
    ("general_budget_expenditure", r"一般公共预算财政拨款支出"),
    ("fiscal_appropriation_expenditure", r"财政拨款支出"),
]
_FUNCTION_PATH = re.compile(r"(?P<cls>[^（）]{2,30}?)（类）(?P<kuan>[^（）]{1,30}?)（款）(?:(?P<xiang>[^（）]{1,30}?)（项）)?")
_LIST_NUMBER = re.compile(r"^(?:其中[:：])?\s*(?:\d{1,3}\s*[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)\s*")
_LEADING_YEAR = re.compile(r"^(?:\d{4}\s*年度?)\s*")


def _number(text: str) -> str:
    return re.sub(r"[\s,]", "", text)


def _subject(text: str, start: int) -> str:
    """The clause before a statement: back to the sentence start; the heading sentence before it
    when the statement opens its own sentence."""
    left = max(text.rfind(c, 0, start) for c in "。；\n") + 1
    clause = text[left:start]
    if not _clean(clause) and left > 1:
        before = max(text.rfind(c, 0, left - 1) for c in "。；\n") + 1
        clause = text[before:left - 1]
    return _clean(clause)


def _clean(clause: str) -> str:
    clause = squash(clause)
    clause = re.sub(r"^.*(?:其中|具体情况|如下|包括)[:：]", "", clause)
    clause = re.sub(r"^.*(?:情况说明|具体情况|总体情况)", "", clause)  # a heading run into the sentence
    clause = re.sub(r"(?:项目)?(?:绩效)?(?:自评)?综述[:：].*$", "", clause)  # '<project>绩效自评综述：…得分…'
    clause = re.sub(r"^根据[^，,]*[，,]", "", clause)  # '根据年度设定的绩效目标，部门整体支出自评得分…'
    clause = clause.lstrip(".．、")
    clause = _LIST_NUMBER.sub("", clause)
    clause = _LEADING_YEAR.sub("", clause)
    clause = re.sub(r"(?:绩效自评综述|自评综述)?[:：，,]$", "", clause)
    return clause


def _key(subject: str) -> tuple[str, str | None]:
    """The subject as it is checked (a functional path 'class/section/item' when printed so) and its key."""
    path = _FUNCTION_PATH.search(subject)
    if path:
        names = [squash(path.group(k)) for k in ("cls", "kuan", "xiang") if path.group(k)]
        return "/".join(names), None
    code = re.search(r"[（(](\d{3,7})[）)]", subject)
    if code:
        return subject, code.group(1)
    key = next((k for k, pattern in _SUBJECT_KEYS if re.search(pattern, subject)), None)
    return subject, key


def _reason_after(text: str, end: int) -> str | None:
    m = _REASON.match(text[end:end + 260])
    return m.group("reason").strip() if m else None


def execution_facts(prose: str, page_of: Callable[[int], int], sentence_of: Callable[[int, int], str]) -> list[Fact]:
    """All execution statements of a final account's prose (flattened, one line per page, with its
    page and sentence lookups).  A sentence runs on over a page break ('年' | '初预算为…')."""
    kept = [i for i, c in enumerate(prose) if c != "\n"]
    text = "".join(prose[i] for i in kept)

    def page_at(offset: int) -> int:
        return page_of(kept[min(offset, len(kept) - 1)])

    def sentence_at(start: int, end: int) -> str:
        return sentence_of(kept[min(start, len(kept) - 1)], kept[min(end, len(kept) - 1)])

    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for m in _EXECUTION.finditer(text):
        subject, key = _key(_subject(text, m.start()))
        sentence, page = sentence_at(m.start(), m.end()), page_at(m.start())
        facts.append(Fact(_BUDGET_FACT[m.group("blabel")], _number(m.group("budget")), "万元", sentence, page,
                          subject, key))
        facts += _final_and_rate(m, text, subject, key, sentence, page)
        taken.append((m.start(), m.end()))
    for m in _FINAL_WITH_RATE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        subject, key = _key(_subject(text, m.start()))
        facts += _final_and_rate(m, text, subject, key, sentence_at(m.start(), m.end()), page_at(m.start()))
    for m in _SCORE.finditer(text):  # 预算绩效: the self-evaluation score of a project or of the whole
        subject = re.sub(r"(?:项目)?(?:绩效)?$", "", _subject(text, m.start()))
        facts.append(Fact("performance_self_evaluation_score", m.group("v"), "分", sentence_at(m.start(), m.end()),
                          page_at(m.start()), subject or None))
    for m in _CODED_FINAL.finditer(text):
        name = _clean(m.group("name"))
        sentence, page = sentence_at(m.start(), m.end()), page_at(m.start())
        facts.append(Fact("execution_final", _number(m.group("final")), "万元", sentence, page, name, m.group("code")))
        if m.group("p"):
            sign = "-" if m.group("dir") in ("降低", "减少", "下降") else ""
            facts.append(Fact("execution_final_change_pct", sign + m.group("p"), "%", sentence, page, name,
                              squash(m.group("base"))))
    return facts


def _final_and_rate(m: re.Match[str], text: str, subject: str, key: str | None, sentence: str,
                    page: int) -> list[Fact]:
    facts = [Fact("execution_final", _number(m.group("final")), "万元", sentence, page, subject, key)]
    if m.group("pct"):
        facts.append(Fact("execution_rate_pct", m.group("pct"), "%", sentence, page, subject, key))
    reason = _reason_after(text, m.end())
    if reason:
        facts.append(Fact("execution_reason", None, None, sentence, page, subject, reason))
    return facts
