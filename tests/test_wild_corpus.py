"""Real budgets of other provinces (../shared/corpus/wild): read by meaning, not by template.

No truth file exists for them: the values asserted here are read off their printed pages, and
each document's own arithmetic (hierarchy, row sums, balance, cross-table) checks the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, corpus_dir, extracted, query

WILD = CORPUS / "wild"
BUDGETS = sorted(p.name for p in WILD.glob("*budget*.pdf")) if WILD.is_dir() else []


def _payload(name: str) -> dict[str, Any]:
    return extracted(str(corpus_dir("wild") / name))


def _table(name: str, title_fragment: str) -> dict[str, Any]:
    tables = [t for t in _payload(name)["tables"] if t["title"] and title_fragment in t["title"]]
    assert tables, f"no table titled *{title_fragment}* in {name}"
    return tables[0]


def _row(table: dict[str, Any], first_cell: str) -> list[str]:
    return next(r for r in table["rows"] if "".join(r[0].split()) == first_cell or first_cell in r[:3])


@pytest.mark.parametrize(("name", "unit", "year", "kind", "region", "consolidated"), [
    ("beijing_czj_2026_budget_tables.pdf", "北京市财政局", 2026, "department_budget", "北京市", False),
    ("central_gjxfj_2026_budget.pdf", "国家信访局", 2026, "department_budget", "中央", False),
    ("chongqing_ghzy_2026_budget.pdf", "重庆市规划和自然资源局", 2026, "department_budget", "重庆市", True),
    ("chongqing_slj_2026_budget.pdf", "重庆市水利局", 2026, "department_budget", "重庆市", True),
    ("fuzhou_mzj_2026_budget.pdf", "福州市民政局(本级)", 2026, "unit_budget", "福建省/福州市", False),
    ("fuzhou_ybj_2026_budget.pdf", "福州市医疗保障局", 2026, "department_budget", "福建省/福州市", True),
    ("jiangsu_jcy_2019_budget.pdf", "江苏省人民检察院", 2019, "department_budget", "江苏省", True),
    ("suzhou_sjj_2026_budget.pdf", "苏州市审计局", 2026, "department_budget", "江苏省/苏州市", True),
    ("suzhou_yjglj_2026_budget.pdf", "苏州市应急管理局", 2026, "department_budget", "江苏省/苏州市", True),
    ("swu_2024_budget.pdf", "西南大学", 2024, "department_budget", "中央", True),
    ("wuxi_tjj_2026_budget.pdf", "无锡市统计局", 2026, "department_budget", "江苏省/无锡市", True),
    ("xian_czj_2026_budget.pdf", "西安市财政局", 2026, "department_budget", "陕西省/西安市", True),
    ("xian_sjj_2026_budget.pdf", "西安市审计局", 2026, "department_budget", "陕西省/西安市", False),
    ("yantai_sjj_2026_budget.pdf", "烟台市审计局", 2026, "department_budget", "山东省/烟台市", True),
    ("yantai_xfj_2026_budget.pdf", "烟台市信访局", 2026, "department_budget", "山东省/烟台市", True),
    ("zhuhai_swj_2026_budget.pdf", "珠海市商务局", 2026, "department_budget", "广东省/珠海市", True),
])
def test_every_budget_is_read_with_its_identity(name: str, unit: str, year: int, kind: str, region: str,
                                                consolidated: bool) -> None:
    doc = _payload(name)["document"]
    assert doc["status"] == "ok", doc["reason"]
    got = (doc["unit_name"], doc["fiscal_year"], doc["kind"], doc["region_path"], doc["is_consolidated"])
    assert got == (unit, year, kind, region, consolidated)


def test_every_wild_budget_is_covered() -> None:
    assert len(BUDGETS) == 16, "the parametrised identities above name every budget of the corpus"


@pytest.mark.parametrize("name", BUDGETS)
def test_no_table_with_amounts_is_left_untyped(name: str) -> None:
    for table in _payload(name)["tables"]:
        has_amounts = any(c.replace(",", "").replace(".", "").isdigit() for r in table["rows"] for c in r)
        assert not (has_amounts and table["table_type"] in ("unknown", "untitled")), (table["seq"], table["title"])


def test_units_a_department_covers_are_read_from_any_phrasing() -> None:
    # 下属 12 个二级预算单位，分别是… (重庆); a table of units (西安); 单位包括… without a colon (西南大学)
    assert "重庆市农村水利水电中心" in _payload("chongqing_slj_2026_budget.pdf")["document"]["subordinate_units"]
    assert "西安市财政投资评审中心" in _payload("xian_czj_2026_budget.pdf")["document"]["subordinate_units"]
    assert _payload("swu_2024_budget.pdf")["document"]["subordinate_units"] == ["西南大学附属中学", "西南大学附属小学"]


def test_printed_values_of_several_provinces() -> None:
    # 国家信访局 (central): 部门收支总表 totals and a 项 of the 部门支出总表
    summary = _table("central_gjxfj_2026_budget.pdf", "部门收支总表")
    assert _row(summary, "收入总计")[1] == "50,616.94"
    assert _row(_table("central_gjxfj_2026_budget.pdf", "部门支出总表"), "2014099")[2:5] == [
        "36,230.56", "", "36,230.56"]
    # 北京市财政局: six decimals of 万元, kept as printed
    assert _row(_table("beijing_czj_2026_budget_tables.pdf", "财政拨款收支总表"), "一、一般公共预算资金")[1] == "44,156.640120"
    # 重庆市规划和自然资源局: a 类 code of the 一般公共预算 table, last year's budget printed beside it
    general = _table("chongqing_ghzy_2026_budget.pdf", "一般公共预算支出情况表")
    assert _row(general, "220")[2:4] == ["175,998.99", "184,760.50"]
    assert [c["period"] for c in general["column_meanings"][2:4]] == ["previous", "current"]
    # 烟台市信访局: codes printed in 类/款/项 columns, 三公 接待费
    three = _table("yantai_xfj_2026_budget.pdf", "三公")
    assert "2.00" in three["rows"][0]
    # 西安市财政局: amounts in 元, the 三公 table's 合计 row of this year
    xian = _table("xian_czj_2026_budget.pdf", "三公")
    assert xian["currency_unit"] == "元" and _row(xian, "合计")[11] == "2,083,436.00"
    # 西南大学 (central university): 205 教育支出
    assert _row(_table("swu_2024_budget.pdf", "支出预算表"), "205")[2] == "452,738.18"


def test_the_contents_list_is_checked_against_the_tables_found() -> None:
    contents = _payload("suzhou_sjj_2026_budget.pdf")["contents"]
    assert len(contents) == 13 and all(e["matched_table_seq"] for e in contents)
    assert contents[8]["title"] == "一般公共预算“三公”经费、会议费、培训费支出表"


@pytest.fixture(scope="module")
def wild_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wild budgets extracted and built into a warehouse with the real build path."""
    from rich.console import Console

    from extract.runner import run
    from pipeline import build

    raw = tmp_path_factory.mktemp("wild_raw")
    summary = run([corpus_dir("wild") / name for name in BUDGETS], raw, console=Console(quiet=True))
    assert summary.statuses == {"ok": len(BUDGETS)}
    target = tmp_path_factory.mktemp("wild_warehouse") / "cnbudget.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNBUDGET_RAW", str(raw))
        build.swap_in(build.build_database(target), target)
    return target


def test_every_wild_budget_is_checked_by_its_own_arithmetic(wild_warehouse: Path) -> None:
    rows = query(wild_warehouse, """
        select file_name, list(distinct invariant_family) as families,
            count(*) filter (where status = 'pass') as passed, count(*) as checked,
            count(*) filter (where status = 'fail') as failed
        from checks.check_results group by file_name""")
    assert len(rows) == len(BUDGETS)
    for file_name, families, _passed, _checked, failed in rows:
        assert {"hierarchy", "row_sum", "balance"} <= set(families), (file_name, families)
        assert failed == 0, file_name
    passed, checked = sum(r[2] for r in rows), sum(r[3] for r in rows)
    assert checked > 5000 and passed / checked >= 0.99


def test_wild_source_inconsistencies_are_reviewed_with_their_reason(wild_warehouse: Path) -> None:
    rows = query(wild_warehouse, """
        select subject, reason from checks.check_results
        where status = 'source_inconsistency' and file_name = 'yantai_xfj_2026_budget.pdf'""")
    assert {s for s, _ in rows} >= {"20140", "table5_total_equals_table4_general_budget"}
    assert all(reason.startswith("reviewed: ") for _, reason in rows)


def test_wild_facts_land_in_the_warehouse(wild_warehouse: Path) -> None:
    # a 类 of a 重庆 function table, and the 三公 of a 西安 table printed per unit under its 合计
    assert query(wild_warehouse, """
        select f.amount_text from main.fct_budget_by_function f join main.dim_document d using (document_key)
        where d.file_name = 'chongqing_ghzy_2026_budget.pdf' and f.function_code = '220'
            and f.table_type = 'general_budget_by_function' and f.measure = 'total'""") == [("184,760.50",)]
    assert query(wild_warehouse, """
        select f.amount_yuan from main.fct_three_public_expenses f join main.dim_document d using (document_key)
        where d.file_name = 'xian_czj_2026_budget.pdf' and f.item = 'three_public_total' and f.row_scope = 'document'
        """) == [(219000,)]
    regions = dict(query(wild_warehouse, "select file_name, region_code from main.dim_document"))
    assert regions["yantai_xfj_2026_budget.pdf"] == "3706" and regions["central_gjxfj_2026_budget.pdf"] is None
