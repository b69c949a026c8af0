"""The analytical SQL files of queries/, each run against the sample warehouse with known answers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.conftest import REPO, query

QUERIES = REPO / "queries"


def _run(warehouse: Path, name: str) -> list[tuple]:
    return query(warehouse, (QUERIES / name).read_text(encoding="utf-8"))


def test_unit_comparison_across_years(warehouse: Path) -> None:
    rows = {(r[0], r[1]): r for r in _run(warehouse, "01_unit_comparison_across_years.sql")}
    centre = rows[("广州市人力资源和社会保障数据服务中心", 2025)]
    assert centre[2:] == (Decimal("10831.72"), Decimal("7776.8"), Decimal("-3054.92"), Decimal("-28.20"),
                          "previous-year parent document (per-unit tables)")
    wanli = rows[("上海市普陀区人民政府万里街道办事处", 2024)]
    assert wanli[2:5] == (Decimal("16497.864"), Decimal("15621.1123"), Decimal("-876.7517"))
    assert wanli[6] == "previous-year document"


def test_personnel_share_by_unit(warehouse: Path) -> None:
    rows = {r[0]: r for r in _run(warehouse, "02_personnel_share_by_unit.sql")}
    # 2,873.83 basic + 13.25 project of 工资福利支出 over 7,776.80 total
    assert rows["广州市人力资源和社会保障数据服务中心"][2:] == (Decimal("2887.08"), Decimal("7776.8"), Decimal("37.12"))
    assert rows["深圳市人力资源和社会保障数据管理中心"][2:] == (Decimal("1679"), Decimal("10327"), Decimal("16.26"))


def test_three_public_trend(warehouse: Path) -> None:
    rows = _run(warehouse, "03_three_public_trend.sql")
    wanli = [r for r in rows if r[0] == "上海市普陀区人民政府万里街道办事处"]
    assert [(r[2], r[4], r[5]) for r in wanli] == [(2023, Decimal("22.91"), Decimal("22.91")),
                                                   (2024, Decimal("47.91"), Decimal("22.91"))]
    centre = next(r for r in rows if r[0] == "广州市人力资源和社会保障数据服务中心")
    assert centre[4:7] == (Decimal("5.25"), Decimal("28.6"), Decimal("-23.35"))


def test_largest_projects_and_change(warehouse: Path) -> None:
    # the centre's 2025 projects against the same projects in the bureau's 2024 per-unit table
    rows = _run(warehouse, "04_largest_projects_and_change.sql")
    assert len(rows) == 10 and all(r[4] is not None for r in rows)
    assert rows[0][:7] == ("广州市人力资源和社会保障数据服务中心", "广州市人社数据中心 2024年-2025年运维项目", 2025,
                           Decimal("1011.92"), Decimal("536.16"), Decimal("475.76"), Decimal("88.73"))
    renamed = next(r for r in rows if r[1] == "市人社数据服务中心双回路机房供配电维护项目")
    assert renamed[4:6] == (Decimal("315"), Decimal("0")) and "names 0.97 alike" in renamed[7]


def test_functional_mix_by_city(warehouse: Path) -> None:
    # per city and year: the shares of each year add up to 100 on their own
    rows = _run(warehouse, "05_functional_mix_by_city.sql")
    guangzhou_2024 = [r for r in rows if r[:2] == ("广州市", 2024)]
    assert guangzhou_2024[0][2:4] == ("208", "社会保障和就业支出")
    assert {r[1] for r in rows if r[0] == "广州市"} == {2024, 2025}
    for city, year in {r[:2] for r in rows}:
        assert abs(sum(r[5] for r in rows if r[:2] == (city, year)) - 100) <= Decimal("0.1")


def test_stated_prior_agrees_with_previous_documents_on_the_samples(warehouse: Path) -> None:
    rows = _run(warehouse, "06_stated_prior_vs_previous_document.sql")
    assert ("广州市人力资源和社会保障数据服务中心", 2025, "total_expenditure", Decimal("10831.72"), Decimal("10831.72"),
            Decimal("0.00"), "parent document per-unit tables") in rows
    assert all(r[5] == 0 for r in rows)


def test_function_drilldown(warehouse: Path) -> None:
    rows = _run(warehouse, "07_function_drilldown.sql")
    assert rows[:3] == [("208", "类", "社会保障和就业支出", Decimal("6907.56"), 6),
                        ("20801", "款", "人力资源和社会保障管理事务", Decimal("6536.56"), 6),
                        ("2080104", "项", "综合业务管理", Decimal("5635.08"), 6)]


def test_budget_against_final_account(warehouse: Path) -> None:
    # 西南大学 2024: its budget document and its 决算 are both among the samples
    by_function = {r[2]: r for r in _run(warehouse, "08_budget_vs_final_by_function.sql") if r[0] == "西南大学"}
    assert by_function["205"][4:9] == (Decimal("452738.18"), Decimal("448061.8"), Decimal("-4676.38"),
                                       Decimal("0.9897"), "budget document")
    extremes = _run(warehouse, "09_largest_overruns_and_underspends.sql")
    assert extremes[0][2:7] == ("2050205", "高等教育", Decimal("410576.01"), Decimal("401718.61"), Decimal("-8857.40"))
    # 国家信访局 2024: the 三公 budget is the 预算数 its 决算 prints beside the 决算数
    three = {r[2]: r for r in _run(warehouse, "10_three_public_budget_vs_final.sql")}
    assert three["three_public_total"][4:8] == (Decimal("76.43"), Decimal("46.21"), Decimal("0.6046"),
                                                "final account: 预算数")


def test_every_query_answers_on_the_samples(warehouse: Path) -> None:
    for path in sorted(QUERIES.glob("*.sql")):
        assert _run(warehouse, path.name), f"{path.name} returns no row on the samples"
