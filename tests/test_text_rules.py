"""Pure rules: cell text, value shapes, header paths, line kinds, regions."""

from __future__ import annotations

import pytest

from extract.catalog import table_type_for_title
from extract.headers import column_paths, header_length
from extract.identify import region_of
from extract.lines import classify, currency_of
from extract.text import decimals, is_amount, is_code_cell, join_wrapped


def test_wrapped_cells_join_like_a_reader_reads_them() -> None:
    assert join_wrapped("人力资源和社会保障管理事\n务") == "人力资源和社会保障管理事务"
    assert join_wrapped("人力资源\n社会保障\n公共服务\n能力和平\n台建") == "人力资源社会保障公共服务能力和平台建"
    assert join_wrapped("Data\nCenter") == "Data Center"
    assert join_wrapped("2024-2025\n年积分制") == "2024-2025年积分制"


@pytest.mark.parametrize(("cell", "expected"), [
    ("7,776.80", True), ("835,711.80", True), ("0", True), ("1011.92", True), ("125 万元", True),
    ("-3.50", True), ("2023 年预算数", False), ("合计", False), ("1,23", False), ("", False),
])
def test_amount_shapes(cell: str, expected: bool) -> None:
    assert is_amount(cell) is expected


def test_codes_and_decimals() -> None:
    assert is_code_cell("[2080104]综合业务管理") and is_code_cell("2080104") and is_code_cell("201")
    assert not is_code_cell("2023 年") and not is_code_cell("项目")
    assert decimals("7,776.80") == 2 and decimals("156,211,123") == 0 and decimals("合计") is None


def test_merged_headers_become_paths() -> None:
    header = [["功能分类科目", "", "合计", "财政拨款收入", ""], ["科目编码", "科目名称", "", "一般公共预算", "政府性基金预算"]]
    spans = [[(1, 2), None, (2, 1), (1, 2), None], [(1, 1), (1, 1), None, (1, 1), (1, 1)]]
    assert column_paths(header, spans, 5) == [
        "功能分类科目/科目编码", "功能分类科目/科目名称", "合计", "财政拨款收入/一般公共预算", "财政拨款收入/政府性基金预算",
    ]


def test_header_ends_at_first_data_row_but_not_at_a_label_named_total() -> None:
    shanghai_three_public = [
        ["2024年“三公”经费预算数", None, None, "2024年机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", None],
        ["47.91", "0", "1.35", "443.18"],
    ]
    assert header_length(shanghai_three_public) == 2
    assert header_length([["项目", "预算"], ["合计", ""]]) == 1


@pytest.mark.parametrize(("title", "table_type"), [
    ("收支总体情况表", "income_expenditure_summary"),
    ("收支总表", "income_expenditure_summary"),
    ("2024年部门财务收支预算总表", "income_expenditure_summary"),
    ("2024年部门收入预算总表", "income_by_function"),
    ("支出总表", "expenditure_by_function"),
    ("政府预算拨款收支总表", "fiscal_appropriation_summary"),
    ("一般公共预算支出表（按经济分类）", "general_budget_by_economic"),
    ("一般公共预算基本支出情况表（按经济分类款级科目）", "general_budget_basic_by_economic"),
    ("2025年单位“三公”经费和机关运行经费预算表", "three_public_expenses"),
    ("部门预算项目支出及其他支出预算表", "unit_project_expenditure"),
    ("部门（单位）整体支出绩效目标表", "performance_targets"),
    ("羽毛球比赛日程表", None),
])
def test_titles_map_to_canonical_types(title: str, table_type: str | None) -> None:
    assert table_type_for_title(title) == table_type


def test_lines_around_tables() -> None:
    unit = classify("单位名称：广州市人力资源和社会保障数据服务中心 单位：万元")
    assert (unit.kind, unit.unit_name, unit.currency_line) == ("unit", "广州市人力资源和社会保障数据服务中心", "单位：万元")
    assert classify("编制部门：上海市普陀区司法局 单位：元").unit_name == "上海市普陀区司法局"
    assert classify("表 12").kind == "table_no"
    assert classify("- 10 -").kind == "footer"
    assert classify("注：本表本年无发生额。").kind == "note"
    assert classify("第二部分 2025年部门预算表").kind == "heading"
    assert classify("一般公共预算支出情况表（按功能分类科目）").kind == "title"
    assert classify("一、收支总体情况表 ......................4").kind != "title"
    assert currency_of("预算数（单位：万元）") == "万元" and currency_of("编制单位：万里街道") is None


def test_regions_from_names() -> None:
    assert region_of("广州市花都区政务服务和数据管理局") == ("广东省", "广州市", "花都区")
    assert region_of("上海市普陀区人民政府万里街道办事处") == ("上海市", "上海市", "普陀区")
    assert region_of("江门市人力资源和社会保障局信息中心") == ("广东省", "江门市", None)
    assert region_of("广州市社区服务中心") == ("广东省", "广州市", None)
