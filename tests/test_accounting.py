"""Every printed number accounted for: the pure rules with hand-built values, budgets made here
with the layouts that lost data before, and the real corpora against ../shared/tools/wild_score.py."""

from __future__ import annotations

import collections
import importlib.util
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from extract.accounting import Printed, account, page_ranges
from extract.assemble import assemble
from extract.catalog import table_type_for_header, table_type_for_title
from extract.columns import compose
from extract.grid import _duplicates, _merge_shifted_runs
from extract.lines import classify
from extract.model import Fact, PageGrid, Table, TextLine
from tests import pdfcraft
from tests.conftest import CORPUS, dropping_first_column

# -- the accounting of hand-built rows and lines ----------------------------------------------------

def _table(seq: int, table_type: str) -> Table:
    return Table(seq=seq, title=None, table_type=table_type)


def test_each_number_is_one_thing_and_the_unplaced_are_named() -> None:
    typed, untitled = _table(1, "expenditure_by_function"), _table(2, "untitled")
    edges = [50.0, 120.0, 300.0, 400.0]
    printed = [
        Printed(3, 80, "title", text="表3 2026年部门支出总表"),
        Printed(3, 100, "header", typed, cells=["科目编码", "科目名称", "合计"], col_edges=edges),
        Printed(3, 120, "column_numbers", typed, cells=["栏次", "1", "2"], col_edges=edges),
        Printed(3, 140, "body", typed, cells=["2080104", "综合业务管理", "5,635.08"], col_edges=edges),
        Printed(3, 160, "body", typed, cells=["2080105", "劳动保障监察", "0.00"], col_edges=edges),  # a zero is no number
        Printed(4, 100, "body", untitled, cells=["", "网络安全", "150.00"], col_edges=edges),
        Printed(4, 120, "beside", text="201 20140", x=20),
        Printed(4, 700, "footer", text="— 4 —"),
        Printed(5, 90, "other", text="2026年收入预算7,776.80万元，比上年减少3,054.92万元。"),
    ]
    facts = [Fact("income_total", "7776.80", "万元", "…", 5), Fact("income_total_change", "-3054.92", "万元", "…", 5)]
    accounting = account(printed, facts)
    assert accounting.table_numbers == 8  # 1, 2, 2080104, 5,635.08, 2080105, 150.00, 201, 20140
    assert accounting.placed == 5 and accounting.coverage == pytest.approx(5 / 8)
    assert accounting.kinds == {"caption": 2, "column_number": 2, "table": 3, "unplaced": 3, "page_line": 1,
                                "fact": 2, "prose": 1}
    assert [(u.page, u.text, u.table_seq) for u in accounting.unplaced] == [(4, "150.00", 2), (4, "201", None),
                                                                         (4, "20140", None)]
    assert accounting.unplaced[0].x == 300.0 and accounting.unplaced[0].y == 100
    assert "without a title" in accounting.unplaced[0].reason and "beside a table" in accounting.unplaced[1].reason
    assert accounting.summary() == "3 numbers on page 4 not in any recognised table"


def test_pages_are_named_as_ranges() -> None:
    assert page_ranges([9, 10, 11, 14]) == "pages 9–11, 14" and page_ranges([3]) == "page 3"


# -- layout rules with hand-built values ------------------------------------------------------------

def _char(text: str, x0: float, top: float, size: float, width: float | None = None) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + (width or size), "top": top, "bottom": top + size, "size": size,
            "fontname": "F"}


def _line(chars: list[dict[str, Any]]) -> dict[str, Any]:
    return {"chars": chars, "text": "".join(c["text"] for c in chars), "x0": min(c["x0"] for c in chars),
            "x1": max(c["x1"] for c in chars), "top": min(c["top"] for c in chars),
            "bottom": max(c["bottom"] for c in chars)}


def test_a_year_drawn_below_its_title_is_put_back_in_it() -> None:
    # 重庆: the year's ASCII font puts its glyphs 16 pt lower; their boxes are wider than their advance
    title = _line([_char(ch, 345.1 + 19.7 * i, 109.8, 18.5) for i, ch in enumerate("年部门收入总体情况表")])
    year = _line([_char(ch, 296.1 + 9.8 * i, 126.0, 18.5) for i, ch in enumerate("2026")])
    merged = _merge_shifted_runs([title, year])
    assert [m["text"] for m in merged] == ["2026年部门收入总体情况表"] and merged[0]["top"] == 109.8
    # the next line of prose, as high as the line above and as long, stays a line of its own
    prose = _line([_char(ch, 345.1 + 19.7 * i, 128.0, 18.5) for i, ch in enumerate("本部门收入预算")])
    assert len(_merge_shifted_runs([title, prose])) == 2


def test_a_character_printed_over_itself_is_read_once() -> None:
    chars = [_char("表", 5.5, 48.4, 7.56), _char("表", 5.5, 48.4, 7.56), _char("1", 13.1, 48.4, 7.56),
             _char("1", 13.3, 48.5, 7.56), _char("1", 20.0, 48.4, 7.56)]
    assert _duplicates(chars) == {id(chars[1]), id(chars[3])}


def _grid(page: int, edges: list[float], rows: list[list[str]], top: float = 100) -> PageGrid:
    return PageGrid(page, top, top + 20 * len(rows), edges, [list(r) for r in rows],
                    [[(1, 1)] * len(r) for r in rows], [top + 20 * i for i in range(len(rows))])


def test_titles_as_the_family_prints_them() -> None:
    header = ["科目编码", "科目名称", "合计"]
    pages = [
        [TextLine(1, 40, "表12"), TextLine(1, 60, "2021年部门综合预算政府采购（资产配置、购买服务）"),
         TextLine(1, 80, "预算表（不含上年结转）"), TextLine(1, 90, "507-湖州市卫生健康委员会"),
         _grid(1, [50, 120, 300, 400], [header, ["201", "一般公共服务支出", "10.00"]])],
        # the next page repeats title and the bare unit line above the same grid: one table
        [TextLine(2, 60, "2021年部门综合预算政府采购（资产配置、购买服务）"), TextLine(2, 80, "预算表（不含上年结转）"),
         TextLine(2, 90, "507-湖州市卫生健康委员会"), _grid(2, [50, 120, 300, 400], [header, ["205", "教育支出", "5.00"]])],
        [TextLine(3, 60, "2021年部门综合预算一般公共预算支出明细表"), TextLine(3, 80, "（按支出经济分类科目-不含上年结转）"),
         _grid(3, [50, 120, 300, 400], [["经济科目编码", "经济科目名称", "合计"], ["301", "工资福利支出", "3.00"]])],
        # a continuation page printed 3.4 pt to the right: still the same table
        [_grid(4, [53.4, 123.4, 303.4, 403.4], [["302", "商品和服务支出", "2.00"]])],
    ]
    tables, _ = assemble(pages)
    assert [(t.title, t.table_no, t.table_type, t.unit_name, t.pages) for t in tables] == [
        ("2021年部门综合预算政府采购（资产配置、购买服务）预算表（不含上年结转）", "表12", "government_procurement",
         "湖州市卫生健康委员会", [1, 2]),
        ("2021年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不含上年结转）", None, "general_budget_by_economic",
         None, [3, 4]),
    ]
    assert [r[0] for r in tables[0].rows] == ["201", "205"] and [r[0] for r in tables[1].rows] == ["301", "302"]


def test_line_vocabulary() -> None:
    assert classify("（按经济分类科目分）").kind == "qualifier" and classify("（十一）").kind == "heading"
    assert (classify("507-湖州市卫生健康委员会").kind, classify("507-湖州市卫生健康委员会").unit_name) == (
        "unit", "湖州市卫生健康委员会")
    assert classify("2026-2028年").kind == "other"
    assert table_type_for_title("一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）") == "general_budget_basic_by_economic"
    assert table_type_for_title("2026年市级一般性项目绩效目标表 (一级项目)") == "project_performance_targets"
    assert table_type_for_header([["二级预算单位名称", "一级项目名称", "预算数（万元）", "绩效目标"]]) == "key_projects"
    assert table_type_for_header([["序号", "项目名称", "结构内容", "收费标准"]]) == "fee_schedule"


def test_a_table_without_a_header_is_read_by_what_its_columns_hold() -> None:
    # 江门 003's project table: unit code, unit, project, then amounts with no header at all
    rows = [["404011", "江门市人力资源和社会保障局信息中心", "--2021年江门市公共服务能力和平台建设", "150.00", "150.00", "0.00"],
            ["404011", "江门市人力资源和社会保障局信息中心", "中央就业补助资金", "50.20", "50.20", "0.00"]]
    columns = compose([f"column_{i + 1}" for i in range(6)], "unit_project_expenditure", "部门预算项目支出及其他支出预算表",
                      2021, rows)
    assert [c.role for c in columns] == ["unit_code", "unit_name", "label", "amount", "unnamed", "unnamed"]
    assert (columns[3].measure, columns[3].fund) == ("project", "all")


# -- budgets made here, in the layouts that lost data --------------------------------------------

_CHANGCHUN_ROWS = [["科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
                   ["合计", "", "186.50", "126.50", "60.00"],
                   ["201", "一般公共服务支出", "186.50", "126.50", "60.00"],
                   ["20140", "信访事务", "186.50", "126.50", "60.00"],
                   ["2014001", "行政运行", "126.50", "126.50", ""],
                   ["2014002", "一般行政管理事务", "60.00", "", "60.00"]]


def _changchun_pdf(path: Path, left_rule: bool) -> Path:
    page = (pdfcraft.text_at(200, 60, "2026年长春市信访局部门预算", 16) + pdfcraft.text_at(60, 100, "表3")
            + pdfcraft.text_at(220, 120, "一般公共预算支出表", 14) + pdfcraft.text_at(60, 150, "单位名称：长春市信访局")
            + pdfcraft.text_at(470, 150, "单位：万元")
            + pdfcraft.ruled_table(60, 170, [75, 160, 90, 90, 90], _CHANGCHUN_ROWS, left_rule=left_rule))
    path.write_bytes(pdfcraft.cjk_pdf([page]))
    return path


@pytest.mark.parametrize("left_rule", [True, False], ids=["ruled", "open-sided"])
def test_the_code_column_beside_the_name_column_is_kept(tmp_path: Path, left_rule: bool) -> None:
    # 长春市信访局: 科目编码 beside 功能分类科目名称; the open-sided form draws no rule at its left edge
    # (the codes fell outside every cell and were lost without a word)
    from extract.cli import show_payload

    payload = show_payload(_changchun_pdf(tmp_path / "changchun.pdf", left_rule), None)
    (table,) = payload["tables"]
    assert table["table_type"] == "general_budget_by_function"
    assert [r[0] for r in table["rows"]] == ["合计", "201", "20140", "2014001", "2014002"]
    assert [c["role"] for c in table["column_meanings"][:2]] == ["code", "name"]
    accounting = payload["document"]["accounting"]
    assert (accounting["table_numbers"], accounting["coverage"], accounting["unplaced"]) == (17, 1.0, [])


def test_a_lost_column_is_named_not_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # whatever loses a column (here the grid finder is made to drop the first one), its numbers are
    # printed beside the table that remains: accounted as unplaced, with their page and position
    from extract import grid
    from extract.cli import show_payload

    monkeypatch.setattr(grid, "_grid", dropping_first_column(grid._grid))
    payload = show_payload(_changchun_pdf(tmp_path / "changchun.pdf", True), None)
    accounting = payload["document"]["accounting"]
    assert accounting["coverage"] < 1 and accounting["placed"] == 13
    assert [(u["page"], u["text"]) for u in accounting["unplaced"]] == [(1, "201"), (1, "20140"), (1, "2014001"),
                                                                        (1, "2014002")]


# -- the real corpora: the product's coverage is wild_score's --------------------------------------

def _wild_score() -> Any:
    path = CORPUS.parent / "tools" / "wild_score.py"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    spec = importlib.util.spec_from_file_location("wild_score", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["wild_score"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _scores(pdf: str) -> dict[str, Any]:
    """wild_score's typed coverage of one PDF (pdfplumber's default table finder, every page) and
    what the extractor says of it."""
    from extract.cli import show_payload

    ws = _wild_score()
    base = ws.naive_numbers(Path(pdf))
    payload = show_payload(Path(pdf), None)
    got: collections.Counter[str] = collections.Counter()
    for t in payload["tables"]:
        if t["table_type"] not in ws.UNTYPED:
            got.update(ws.norm(c) for row in t["rows"] for c in row if ws.norm(c) in base)
    hit, total = sum(min(n, got[k]) for k, n in base.items()), sum(base.values())
    doc = payload["document"]
    return {"name": Path(pdf).name, "status": doc["status"], "reason": doc["reason"], "hit": hit, "total": total,
            "accounting": doc["accounting"]}


@pytest.fixture(scope="module")
def corpus_scores() -> dict[str, dict[str, Any]]:
    _wild_score()
    pdfs = sorted(str(p) for folder in ("wild", "cities") for p in (CORPUS / folder).glob("*.pdf"))
    if not pdfs:
        pytest.skip("the wild and cities corpora are absent")
    with ProcessPoolExecutor(2) as pool:
        return {s["name"]: s for s in pool.map(_scores, pdfs)}


NOT_BUDGETS = {  # the cities' files that are no budget: rejected, with the reason that is true of them
    "changsha_01_2026_budget.pdf": "its cover reads 长沙市财政项目支出绩效评价报告",
    "changsha_02_2026_budget.pdf": "scanned", "changsha_04_2026_budget.pdf": "scanned",
    "hangzhou_02_2026_budget.pdf": "not a departmental budget", "quanzhou_02_2026_budget.pdf": "not a departmental budget",
    "quanzhou_03_2026_budget.pdf": "not a departmental budget",
}


def test_every_budget_of_the_corpora_is_read_and_its_numbers_placed(corpus_scores: dict[str, dict[str, Any]]) -> None:
    budgets = [s for name, s in corpus_scores.items() if name not in NOT_BUDGETS]
    assert len(budgets) >= 82 and all(s["status"] == "ok" for s in budgets), [s["name"] for s in budgets if s["status"] != "ok"]
    for name, why in NOT_BUDGETS.items():
        s = corpus_scores[name]
        assert s["status"] == "rejected" and (why in s["reason"] or why == "scanned" and "scan" in s["reason"]), s
    low = {s["name"]: round(s["hit"] / s["total"], 3) for s in budgets if s["total"] and s["hit"] / s["total"] < 0.97}
    assert not low
    assert sum(s["hit"] for s in budgets) / sum(s["total"] for s in budgets) >= 0.99


def test_the_products_coverage_is_wild_scores(corpus_scores: dict[str, dict[str, Any]]) -> None:
    for s in corpus_scores.values():
        if s["status"] != "ok":
            continue
        accounting = s["accounting"]
        wild = s["hit"] / s["total"] if s["total"] else 1.0
        assert abs(accounting["coverage"] - wild) <= 0.01, (s["name"], accounting["coverage"], wild)
        # a document below 1.0 names every number it did not place
        assert len(accounting["unplaced"]) == accounting["table_numbers"] - accounting["placed"], s["name"]


def test_two_tables_side_by_side_are_both_read(tmp_path: Path) -> None:
    # a page printing two ruled tables beside each other: each one's cells are its own, none is
    # taken for text beside the other
    from extract.cli import show_payload

    left = [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "5.00"], ["205", "教育支出", "7.00"]]
    right = [["功能科目编码", "功能科目名称", "预算数"], ["208", "社会保障和就业支出", "9.00"], ["221", "住房保障支出", "3.00"]]
    page = (pdfcraft.text_at(200, 60, "2026年长春市信访局部门预算", 16) + pdfcraft.text_at(60, 100, "表5")
            + pdfcraft.text_at(60, 120, "一般公共预算支出表", 14)
            + pdfcraft.ruled_table(40, 170, [50, 110, 60], left) + pdfcraft.ruled_table(300, 181, [60, 110, 60], right))
    path = tmp_path / "side_by_side.pdf"
    path.write_bytes(pdfcraft.cjk_pdf([page]))
    payload = show_payload(path, None)
    assert len(payload["tables"]) == 2  # rows not level with each other: two grids
    accounting = payload["document"]["accounting"]
    assert (accounting["table_numbers"], accounting["unplaced"]) == (8, [])
