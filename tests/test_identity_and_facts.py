"""Document identity (unit, year, kind, region, composition) and the facts stated in the prose."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, extracted


def _facts(pdf: str, name: str, subject: str | None = None) -> list[dict]:
    facts = extracted(str(SAMPLES / pdf))["facts"]
    return [f for f in facts if f["name"] == name and (subject is None or f["subject"] == subject)]


def _value(pdf: str, name: str, subject: str | None = None) -> str:
    found = _facts(pdf, name, subject)
    assert found, f"no fact {name} ({subject}) in {pdf}"
    return found[0]["value"]


def test_consolidated_bureau_lists_its_sixteen_units() -> None:
    doc = extracted(str(SAMPLES / "001_97bd521a617196cd.pdf"))["document"]
    assert doc["is_consolidated"] is True
    assert len(doc["subordinate_units"]) == 16
    assert "广州市人力资源和社会保障局数据服务中心" in doc["subordinate_units"]
    assert "广州市职业技术教育研究院（世界技能大赛中国（广州）研究中心）" in doc["subordinate_units"]


@pytest.mark.parametrize(("pdf", "region", "level", "consolidated"), [
    ("000_e6a3c2844a052672.pdf", "广东省/广州市", "city", False),
    ("004_508ce4c0bf6bbe00.pdf", "广东省/广州市/花都区", "district", False),
    ("002_0488f224aa4533c8.pdf", "广东省/深圳市", "city", False),
    ("shanghai_putuo_gov_office_2025_budget.pdf", "上海市/普陀区", "district", True),
])
def test_region_and_composition(pdf: str, region: str, level: str, consolidated: bool) -> None:
    doc = extracted(str(SAMPLES / pdf))["document"]
    assert (doc["region_path"], doc["admin_level"], doc["is_consolidated"]) == (region, level, consolidated)


def test_templates_are_told_apart_by_what_they_print() -> None:
    templates = {p.name[:3]: extracted(str(p))["document"]["template"] for p in sorted(SAMPLES.glob("00*.pdf"))}
    assert templates == {"000": "guangdong", "001": "guangdong", "002": "shenzhen",
                         "003": "guangdong_paired_economic", "004": "guangdong"}


def test_income_and_its_stated_change() -> None:
    pdf = "000_e6a3c2844a052672.pdf"
    assert _value(pdf, "income_total") == "7776.8"
    assert _value(pdf, "income_total_change") == "-3054.92"
    assert _value(pdf, "income_total_change_pct") == "-28.2"
    assert _value(pdf, "expenditure_total") == "7776.8"
    fact = _facts(pdf, "income_total")[0]
    assert fact["page"] == 19 and "比上年减少3,054.92万元" in fact["sentence"]


def test_three_public_expenses_and_their_parts() -> None:
    pdf = "000_e6a3c2844a052672.pdf"
    assert _value(pdf, "three_public_total") == "5.25"
    assert _value(pdf, "three_public_total_change") == "-23.35"
    assert _value(pdf, "three_public_vehicle_total") == "4.75"
    # the parenthesis with the parts sits between the amount and its change
    assert _value(pdf, "three_public_vehicle_total_change") == "-22.85"
    assert _value(pdf, "three_public_vehicle_purchase_change") == "-18"
    assert _value(pdf, "three_public_reception") == "0.5"
    assert _value("002_0488f224aa4533c8.pdf", "three_public_total") == "5"


def test_procurement_assets_and_operation_costs() -> None:
    pdf = "000_e6a3c2844a052672.pdf"
    assert [_value(pdf, n) for n in ("procurement_total", "procurement_goods", "procurement_works",
                                     "procurement_services")] == ["4439.16", "59.32", "36.2", "4343.64"]
    assert _value(pdf, "fixed_assets_value") == "10179.41"
    assert (_value(pdf, "building_floor_area"), _value(pdf, "vehicles"), _value(pdf, "equipment_over_1m_yuan")) \
        == ("1363.92", "3", "15")
    assert _value(pdf, "admin_operation_cost") == "0"
    assert _value("004_508ce4c0bf6bbe00.pdf", "admin_operation_cost") == "871.5"


def test_shanghai_line_items_keep_both_printed_figures() -> None:
    pdf = "shanghai_putuo_wanli_street_2024_budget.pdf"
    subject = "住房保障支出/住房改革支出/住房公积金"
    assert _value(pdf, "line_item_budget", subject) == "350.35"
    assert _value(pdf, "line_item_budget_restated", subject) == "352.67"  # the document disagrees with itself
    assert _value(pdf, "line_item_prior_year_execution", subject) == "348.52"
    assert _value(pdf, "line_item_change_pct", "一般公共服务支出/统计信息事务/专项普查活动") == "-57.14"
    assert len(_facts(pdf, "line_item_budget")) == 33
    justice = _facts("shanghai_putuo_justice_2026_budget.pdf", "line_item_budget", "公共安全支出/司法/行政运行")
    assert justice[0]["value"] == "1672.67" and justice[0]["text"] == "2040601"


def test_key_projects_table_becomes_facts() -> None:
    projects = _facts("000_e6a3c2844a052672.pdf", "key_project_budget")
    assert [(p["subject"], p["value"]) for p in projects] == [
        ("市人社数据服务中心社保卡制发管理服务经费", "684.00"),
        ("广州市人社数据中心2024年-2025年运维项目", "1011.92"),
        ("广州市人力资源和社会保障数据服务中心2025-2026年网络租赁和安全运维项目", "616.81"),
    ]
    assert projects[0]["unit"] == "万元" and projects[0]["text"].startswith("通过项目实施")
    jiangmen = _facts("003_745d9ae431b7d0e5.pdf", "key_project_budget")
    assert [p["value"] for p in jiangmen] == ["100", "150", "125"]
