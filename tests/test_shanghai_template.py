"""The Shanghai nine-table template (real published PDFs): every table, every body row, known values."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, extracted, table_by_title

SHANGHAI_BUDGETS = sorted(SAMPLES.glob("shanghai_*budget.pdf"))
NINE = [
    "income_expenditure_summary", "income_by_function", "expenditure_by_function", "fiscal_appropriation_summary",
    "general_budget_by_function", "government_fund_by_function", "state_capital_by_function",
    "general_budget_basic_by_economic", "three_public_expenses",
]


@pytest.mark.parametrize("pdf", SHANGHAI_BUDGETS, ids=lambda p: p.stem)
def test_all_nine_tables_are_found_in_order(pdf) -> None:
    payload = extracted(str(pdf))
    assert payload["document"]["status"] == "ok"
    assert payload["document"]["template"] == "shanghai"
    assert [t["table_type"] for t in payload["tables"][:9]] == NINE
    for table in payload["tables"][:9]:
        assert table["rows"], table["title"]
        expected_unit = "万元" if table["table_type"] == "three_public_expenses" else "元"
        assert table["currency_unit"] == expected_unit


@pytest.mark.parametrize("pdf", SHANGHAI_BUDGETS, ids=lambda p: p.stem)
def test_multi_page_tables_end_with_their_total_row(pdf) -> None:
    """A table continued over pages without title or header keeps every row up to its 合计."""
    payload = extracted(str(pdf))
    for table in payload["tables"][1:8]:
        if table["table_type"] == "fiscal_appropriation_summary":
            assert table["rows"][-1][0] == "收入总计"
        else:
            assert table["rows"][-1][0] == "合计", (table["title"], table["rows"][-1])


def test_wanli_2024_values_as_printed() -> None:
    payload = extracted(str(SAMPLES / "shanghai_putuo_wanli_street_2024_budget.pdf"))
    doc = payload["document"]
    assert (doc["unit_name"], doc["fiscal_year"], doc["kind"]) == ("上海市普陀区人民政府万里街道办事处", 2024, "department_budget")
    assert doc["region_path"] == "上海市/普陀区" and doc["is_consolidated"] is True
    assert len(doc["subordinate_units"]) == 5 and "上海市普陀区万里街道综合行政执法队" in doc["subordinate_units"]

    summary = table_by_title(payload, "部门财务收支预算总表")
    assert summary["rows"][-1] == ["收入总计", "156,211,123", "支出总计", "156,211,123"]
    assert summary["columns"] == ["本年收入/项目", "本年收入/预算数", "本年支出/项目", "本年支出/预算数"]

    income = table_by_title(payload, "部门收入预算总表")
    assert len(income["rows"]) == 67 and income["pages"] == [11, 12, 13, 14, 15]
    assert ["221", "02", "01", "住房公积金", "3,503,499", "3,503,499", "0", "0", "0"] in income["rows"]
    # the 合计 row is alone on page 15, printed across the four code/name columns
    assert income["rows"][-1] == ["合计", "", "", "", "156,211,123", "156,211,123", "0", "0", "0"]
    assert income["row_pages"][-1] == 15

    function = table_by_title(payload, "一般公共预算支出功能分类预算表")
    assert len(function["rows"]) == 67 and function["pages"] == [22, 23, 24, 25, 26]
    assert function["columns"][4:] == ["一般公共预算支出/合计", "一般公共预算支出/基本支出", "一般公共预算支出/项目支出"]

    economic = table_by_title(payload, "基本支出部门预算经济分类预算表")
    assert economic["rows"][-1] == ["合计", "", "", "99,706,020", "88,537,451", "11,168,569"]
    assert ["302", "17", "公务接待费", "13,500", "0", "13,500"] in economic["rows"]

    three = table_by_title(payload, "三公")
    assert three["rows"] == [["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"]]
    assert three["columns"][3] == "2024年“三公”经费预算数/公务用车购置及运行费/小计"


def test_justice_2026_unit_budget_and_empty_fund_tables() -> None:
    payload = extracted(str(SAMPLES / "shanghai_putuo_justice_2026_unit_budget.pdf"))
    assert payload["document"]["kind"] == "unit_budget" and payload["document"]["is_consolidated"] is False
    fund = table_by_title(payload, "政府性基金预算支出功能分类预算表")
    # an empty table prints '无' and a bare 合计; neither is mistaken for a header row
    assert len(fund["header_rows"]) == 3 and fund["rows"][-1][0] == "合计"
    expenditure = table_by_title(payload, "预算单位支出预算总表")
    assert expenditure["rows"][-1][4:] == ["86,959,408.34", "22,118,861", "64,840,547.00"]


def test_wanli_2023_totals() -> None:
    payload = extracted(str(SAMPLES / "shanghai_putuo_wanli_street_2023_budget.pdf"))
    summary = table_by_title(payload, "部门财务收支预算总表")
    assert summary["rows"][-1] == ["收入总计", "164,978,640", "支出总计", "164,978,640"]
    assert len(table_by_title(payload, "部门支出预算总表")["rows"]) == 67
