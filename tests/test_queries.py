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
    rows = _run(warehouse, "04_largest_projects_and_change.sql")
    assert len(rows) == 10
    assert rows[0][:4] == ("广州市社会保险基金管理中心", "城乡居民社会养老保险政府资助项目", 2024, Decimal("268348.16"))


def test_functional_mix_by_city(warehouse: Path) -> None:
    rows = _run(warehouse, "05_functional_mix_by_city.sql")
    guangzhou = [r for r in rows if r[0] == "广州市"]
    assert guangzhou[0][1:3] == ("208", "社会保障和就业支出")
    for city in {r[0] for r in rows}:
        assert abs(sum(r[4] for r in rows if r[0] == city) - 100) <= Decimal("0.1")


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
