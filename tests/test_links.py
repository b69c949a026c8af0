"""A unit renamed between two years is linked automatically, with its evidence; a weak candidate
is listed for review and never applied. The rename is made in the raw data of the samples: the
data centre whose 2024 figures the bureau's per-unit tables print (广州市人力资源和社会保障数据服务中心)
publishes its 2025 budget as 广州市人力资源和社会保障数据管理中心 — every string of that document
renamed, its figures untouched (its prose still states its 2024 total, 10,831.72 万元)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import build
from tests.conftest import query

CENTRE_2025 = "000_e6a3c2844a052672.pdf"
OLD = "广州市人力资源和社会保障数据服务中心"
NEW = "广州市人力资源和社会保障数据管理中心"


def _rename(value):
    if isinstance(value, str):
        return value.replace(OLD, NEW)
    if isinstance(value, list):
        return [_rename(v) for v in value]
    return value


@pytest.fixture(scope="module")
def renamed(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("renamed")
    raw = tmp / "raw"
    shutil.copytree(raw_dir, raw)
    doc = next(r["document_id"] for r in pq.read_table(raw / "documents").to_pylist() if r["file_name"] == CENTRE_2025)
    for path in raw.glob(f"*/{doc}.parquet"):
        table = pq.read_table(path)
        rows = [{k: _rename(v) for k, v in r.items()} for r in table.to_pylist()]
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    target = tmp / "cnbudget.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNBUDGET_RAW", str(raw))
        build.swap_in(build.build_database(target), target)
    return target


def test_a_renamed_unit_is_linked_with_its_evidence(renamed: Path) -> None:
    links = query(renamed, """
        select prior_unit_name, prior_fiscal_year, unit_name, fiscal_year, link_status, money_agreement, evidence
        from main.unit_link_candidates where unit_name = ? and link_status = 'linked'""", [NEW])
    assert [r[:6] for r in links] == [(OLD, 2024, NEW, 2025, "linked", 1.0)]
    assert "the previous-year total it states (10,831.72 万元) is the other's total of that year" in links[0][6]
    # the comparison takes the old name's 2024 figures (the bureau's per-unit tables) as the new name's previous year
    rows = query(renamed, """
        select prior_from_documents_yuan, prior_documents_source, predecessor_evidence is not null
        from main.mart_unit_year_comparison where unit_name = ? and fiscal_year = 2025
        and measure = 'total_expenditure'""", [NEW])
    assert rows == [(Decimal("108317200.00"), "parent document per-unit tables", True)]


def test_a_weak_unit_candidate_is_listed_for_review_never_linked(renamed: Path) -> None:
    review = query(renamed, "select prior_unit_name, unit_name, score from main.unit_link_candidates "
                            "where link_status = 'review'")
    assert ("上海市普陀区财政局", "上海市普陀区司法局", 0.6417) in review  # names 0.78 alike, money far apart
    applied = query(renamed, """
        select count(*) from main.mart_unit_year_comparison c
        join main.dim_budget_unit u on u.unit_key = c.predecessor_unit_key
        where u.canonical_name = '上海市普陀区财政局'""")
    assert applied == [(0,)]


def _unit_links_module():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "models" / "intermediate" / "int_unit_links.py"
    spec = importlib.util.spec_from_file_location("int_unit_links", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_unit_is_shown_its_three_best_candidates_not_every_pair() -> None:
    """Six units of a district vanish in 2024, one appears in 2025 with a name like all of theirs:
    its total is twice each of theirs (money 0.5), so every pair scores between 0.6 and 0.85: the
    review list holds its three best candidates, best first, and no link."""
    links = _unit_links_module()
    gone = [{"unit_key": f"a{i}", "canonical_name": f"某区第{i}街道社区服务中心", "region_code": "440101",
             "first_fiscal_year": 2023, "last_fiscal_year": 2024} for i in range(1, 7)]
    new = {"unit_key": "b", "canonical_name": "某区第1街道社区事务服务中心", "region_code": "440101",
           "first_fiscal_year": 2025, "last_fiscal_year": 2025}
    totals = {**{(u["unit_key"], 2024): (Decimal("1000000.00"), None) for u in gone},
              ("b", 2025): (Decimal("2000000.00"), None)}
    rows = links.link_units([*gone, new], totals, [])
    assert [r["link_status"] for r in rows] == ["review"] * 3
    assert rows[0]["prior_unit_key"] == "a1"  # the same 第1 is the closest name
    assert rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]
