"""The warehouse built from the samples: figures a BI user relies on, checked against the PDFs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.conftest import query

BUREAU = "广州市人力资源和社会保障局"
CENTRE = "广州市人力资源和社会保障数据服务中心"


def test_function_fact_for_the_bureau(warehouse: Path) -> None:
    rows = query(warehouse, """
        select f.measure, f.amount_wan, f.amount_yuan, f.page
        from main.fct_budget_by_function f join main.dim_budget_unit u using (unit_key)
        where u.canonical_name = ? and f.fiscal_year = 2024 and f.fund_scope = 'all'
          and f.side = 'expenditure' and f.function_code = '208' and f.measure in ('total', 'basic')
        order by f.measure""", [BUREAU])
    assert rows == [("basic", Decimal("31210.76"), Decimal("312107600.00"), 10),
                    ("total", Decimal("541432.60"), Decimal("5414326000.00"), 10)]


def test_leaf_code_of_the_2025_centre_document(warehouse: Path) -> None:
    rows = query(warehouse, """
        select f.amount_wan, f.amount_text, f.page from main.fct_budget_by_function f
        join main.dim_document d using (document_key)
        where d.file_name = '000_e6a3c2844a052672.pdf' and f.function_code = '2080104'
          and f.table_type = 'income_by_function' and f.measure = 'total'""")
    assert rows == [(Decimal("5635.08"), "5,635.08", 5)]


def test_functional_hierarchy_is_conformed(warehouse: Path) -> None:
    rows = query(warehouse, """
        select code, name, level, parent_code, section_name, class_name
        from main.dim_functional_classification where code in ('2080104', '20801', '208') order by code""")
    assert rows == [
        ("208", "社会保障和就业支出", "类", None, None, "社会保障和就业支出"),
        ("20801", "人力资源和社会保障管理事务", "款", "208", "人力资源和社会保障管理事务", "社会保障和就业支出"),
        ("2080104", "综合业务管理", "项", "20801", "人力资源和社会保障管理事务", "社会保障和就业支出"),
    ]


def test_wanli_2024_total_income_in_yuan_and_wan(warehouse: Path) -> None:
    rows = query(warehouse, """
        select s.amount_yuan, s.amount_wan, s.amount_text, s.printed_unit, s.page
        from main.fct_budget_summary s join main.dim_document d using (document_key)
        where d.file_name = 'shanghai_putuo_wanli_street_2024_budget.pdf'
          and s.table_type = 'income_expenditure_summary' and s.side = 'income' and s.line_kind = 'total'""")
    assert rows == [(Decimal("156211123.00"), Decimal("15621.1123"), "156,211,123", "元", 10)]


def test_shenzhen_2023_amounts_are_whole_wan(warehouse: Path) -> None:
    rows = query(warehouse, """
        select count(*), count(*) filter (where f.amount_yuan % 10000 != 0), min(f.printed_decimals), max(f.printed_decimals)
        from main.fct_budget_by_function f join main.dim_document d using (document_key)
        where d.template = 'shenzhen' and d.fiscal_year = 2023""")
    count, fractional, min_dec, max_dec = rows[0]
    assert count > 50 and fractional == 0 and (min_dec, max_dec) == (0, 0)


def test_unit_aliases_resolve_to_one_unit(warehouse: Path) -> None:
    rows = query(warehouse, "select name_variants, parent_unit_name, region_path from main.dim_budget_unit where canonical_name = ?",
                 [CENTRE])
    assert rows == [(["广州市人力资源和社会保障局数据服务中心", CENTRE], BUREAU, "广东省/广州市")]


def test_unit_year_comparison_example(warehouse: Path) -> None:
    rows = query(warehouse, """
        select fiscal_year, amount_wan, source, prior_year_amount_wan, prior_year_source,
               prior_from_documents_yuan, prior_from_stated_change_yuan, change_wan, change_pct
        from main.mart_unit_year_comparison
        where unit_name = ? and measure = 'total_expenditure' order by fiscal_year""", [CENTRE])
    assert rows[0][:3] == (2024, Decimal("10831.72"), "parent document per-unit tables")
    assert rows[1] == (2025, Decimal("7776.8"), "own document (部门预算)", Decimal("10831.72"),
                       "previous-year parent document (per-unit tables)", Decimal("108317200.00"),
                       Decimal("108317200.00"), Decimal("-3054.92"), Decimal("-28.20"))
    basic_project = query(warehouse, """
        select measure, amount_wan from main.mart_unit_year_comparison
        where unit_name = ? and fiscal_year = 2024 and measure in ('basic_expenditure', 'project_expenditure')
        order by measure""", [CENTRE])
    assert basic_project == [("basic_expenditure", Decimal("3456.75")), ("project_expenditure", Decimal("7374.97"))]
    income = query(warehouse, """select prior_year_amount_wan, prior_year_source from main.mart_unit_year_comparison
        where unit_name = ? and fiscal_year = 2025 and measure = 'total_income'""", [CENTRE])
    assert income == [(Decimal("10831.72"), "stated change in this year's prose")]


def test_project_year_comparison_example(warehouse: Path) -> None:
    rows = query(warehouse, """
        select prior_amount_wan, amount_wan, match_method, using_unit_name, prior_page, page
        from main.mart_project_year_comparison
        where project_name = '市人社数据服务中心社保卡制发管理服务经费' and fiscal_year = 2025""")
    assert rows == [(Decimal("1339.99"), Decimal("684"), "identical name", CENTRE, 48, 16)]


def test_a_renamed_project_is_linked_with_its_evidence(warehouse: Path) -> None:
    # 2024 (the bureau's document) 双回路机房供电维护项目 -> 2025 (the centre's own) 供配电: a word inserted
    rows = query(warehouse, """
        select prior_project_name, prior_amount_wan, amount_wan, match_method, link_score, match_evidence
        from main.mart_project_year_comparison
        where project_name = '市人社数据服务中心双回路机房供配电维护项目' and fiscal_year = 2025""")
    assert rows[0][:4] == ("市人社数据服务中心双回路机房供电维护项目", Decimal("315"), Decimal("315"), "similar name")
    assert rows[0][4] >= 0.85
    assert "names 0.97 alike" in rows[0][5] and "amounts 315.00 -> 315.00 万元 (ratio 1.00)" in rows[0][5]
    # a name cut short by its cell (…改造项 / …改造项目) is the same name
    cut = query(warehouse, """
        select prior_project_name, match_method from main.mart_project_year_comparison
        where project_name = '广州市人社数据中心2023年六个信息系统升级改造项目' and fiscal_year = 2025""")
    assert cut == [("广州市人社数据中心2023年六个信息系统升级改造项", "same name apart from years and ending")]


def test_a_weak_candidate_is_listed_for_review_never_linked(warehouse: Path) -> None:
    weak = "广州市人力资源和社会保障数据服务中心2022年-2023年运维项目"
    review = query(warehouse, """
        select link_status, score, project_name from main.project_link_candidates
        where prior_project_name = ? order by score desc""", [weak])
    assert review[0] == ("review", 0.8039, "广州市人力资源和社会保障数据服务中心2025-2026年网络租赁和安全运维项目")
    assert {r[0] for r in review} == {"review"}
    assert query(warehouse, "select count(*) from main.mart_project_year_comparison where prior_project_name = ?",
                 [weak]) == [(0,)]


def test_every_fact_traces_to_a_page_and_unit(warehouse: Path) -> None:
    for table in ("fct_budget_by_function", "fct_budget_by_economic", "fct_budget_summary", "fct_three_public_expenses",
                  "fct_project_budget", "fct_unit_budget", "fct_stated_facts"):
        missing = query(warehouse, f"select count(*) from main.{table} where document_key is null or unit_key is null "
                                   f"or fiscal_year is null or page is null")
        total = query(warehouse, f"select count(*) from main.{table}")
        assert missing == [(0,)] and total[0][0] > 0, table


def test_no_amount_failed_to_parse(warehouse: Path) -> None:
    assert query(warehouse, "select * from intermediate.int_amount_parse_errors") == []


def test_government_economic_pairs_printed_by_jiangmen(warehouse: Path) -> None:
    rows = query(warehouse, """select government_codes_printed from main.dim_economic_classification
                               where economic_key = 'department:31007'""")
    assert rows == [(["50306", "50601"],)]


def test_a_project_table_printed_without_a_header_reaches_the_project_facts(warehouse: Path) -> None:
    # 江门 003 prints its 部门预算项目支出及其他支出预算表 (page 15) without a header row: the column
    # that is the largest on every line is each project's total, in the 万元 of the document's tables
    rows = query(warehouse, """
        select p.project_name, p.fund, p.amount_yuan, p.amount_text, p.page
        from main.fct_project_budget p join main.dim_document d using (document_key)
        where d.file_name = '003_745d9ae431b7d0e5.pdf' order by p.amount_yuan desc, p.project_name""")
    assert rows[:2] == [("专项业务支出", "all", Decimal("4188000.00"), "418.80", 15),
                        ("--2021年江门市人力资源和社会保障公共服务能力和平台建设", "all", Decimal("1500000.00"), "150.00", 15)]


def test_every_sample_is_read_whole(warehouse: Path) -> None:
    rows = query(warehouse, """
        select count(*), sum(table_numbers), sum(placed_numbers), min(number_coverage),
            count(*) filter (where quality_status = 'incomplete')
        from main.dim_document where is_current""")
    documents, numbers, placed, coverage, incomplete = rows[0]
    assert (documents, incomplete, coverage) == (15, 0, Decimal("1.0000")) and numbers == placed > 7000
    assert query(warehouse, "select count(*) from main.unplaced_numbers") == [(0,)]


def test_every_amount_in_yuan_of_the_public_marts_is_exact_to_the_fen(warehouse: Path) -> None:
    rows = query(warehouse, """
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'main' and column_name like '%\\_yuan' escape '\\'""")
    assert len(rows) >= 20 and {r for r in rows if r[2] != "DECIMAL(20,2)"} == set()


def test_the_row_an_analyst_counts_when_a_unit_publishes_twice(warehouse: Path) -> None:
    # 上海市普陀区司法局 2026: its 部门预算 and its own 单位预算 both print the 三公 total; the department's
    # document is the one to count (it covers the unit), in the widest fund printed
    rows = query(warehouse, """
        select d.kind, f.amount_wan, f.is_preferred, f.unit_name, d.is_preferred_publication
        from main.fct_three_public_expenses f join main.dim_document d using (document_key)
        where f.unit_name = '上海市普陀区司法局' and f.fiscal_year = 2026 and f.item = 'three_public_total'
          and f.row_scope = 'document' and f.fund = 'all'
        order by d.kind""")
    assert rows == [("department_budget", Decimal("10.81"), True, "上海市普陀区司法局", True),
                    ("unit_budget", Decimal("10.71"), False, "上海市普陀区司法局", False)]
    # one preferred 三公 total per unit, year and phase; every fact names its unit without a join
    assert query(warehouse, """
        select count(*) from (select unit_key, fiscal_year, phase from main.fct_three_public_expenses
                              where is_preferred and item = 'three_public_total' group by all having count(*) > 1)""") == [(0,)]
    for fact in ("fct_budget_by_function", "fct_budget_by_economic", "fct_budget_summary", "fct_project_budget",
                 "fct_unit_budget", "fct_three_public_expenses", "fct_stated_facts"):
        assert query(warehouse, f"select count(*) filter (where unit_name is null), count(*) from main.{fact}")[0][0] == 0
