"""A unit listed in two parents' per-unit tables gets its figures from one of them, the same on
every build, and its total from that parent alone.

In the samples the bureau's 2024 budget (广州市人力资源和社会保障局) prints its data centre
(广州市人力资源和社会保障数据服务中心) in its per-unit tables: basic 34,567,500.00, project
73,749,700.00 元. Here a second parent — a copy of that document published by another unit, every
string naming the bureau renamed, a document id and content digest of its own — lists the centre
with the same lines, as a 部门 and its 二级 unit both print a unit they share."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import build
from tests.conftest import query

BUREAU_2024 = "001_97bd521a617196cd.pdf"
BUREAU = "广州市人力资源和社会保障局"
OTHER_PARENT = "广州市人力资源和社会保障事务局"
CENTRE = "广州市人力资源和社会保障数据服务中心"


def _renamed(value: object) -> object:
    if isinstance(value, str):
        return value.replace(BUREAU, OTHER_PARENT)
    if isinstance(value, list):
        return [_renamed(v) for v in value]
    return value


@pytest.fixture(scope="module")
def two_parents(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("two_parents")
    raw = tmp / "raw"
    shutil.copytree(raw_dir, raw)
    doc = next(r["document_id"] for r in pq.read_table(raw / "documents").to_pylist() if r["file_name"] == BUREAU_2024)
    copy = hashlib.sha256(f"{doc}:second parent".encode()).hexdigest()
    for path in raw.glob(f"*/{doc}.parquet"):
        table = pq.read_table(path)
        rows = [{**{k: _renamed(v) for k, v in r.items()}, "document_id": copy} for r in table.to_pylist()]
        for r in rows:
            if "content_sha256" in r:  # a publication of its own, not a duplicate of the bureau's
                r["content_sha256"] = hashlib.sha256(f"{r['content_sha256']}:second parent".encode()).hexdigest()
                r["file_name"] = "second_parent_2024.pdf"
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path.parent / f"{copy}.parquet")
    target = tmp / "cnbudget.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNBUDGET_RAW", str(raw))
        build.swap_in(build.build_database(target), target)
    return target


def test_a_unit_in_two_parents_tables_takes_one_parents_figures(two_parents: Path) -> None:
    parents = query(two_parents, """
        select distinct u.document_key from main.fct_unit_budget u
        join main.dim_budget_unit b on b.unit_key = u.using_unit_key
        where b.canonical_name = ? and u.fiscal_year = 2024 and u.line_kind = 'unit_subtotal'""", [CENTRE])
    assert len(parents) == 2
    values = query(two_parents, """
        select v.measure, v.amount_yuan, v.document_key from intermediate.int_unit_year_values v
        join main.dim_budget_unit b using (unit_key)
        where b.canonical_name = ? and v.fiscal_year = 2024 order by v.measure""", [CENTRE])
    first_parent = min(p[0] for p in parents)  # ties between parents go to the lower document key
    # the total is one parent's basic + project (two parents' four subtotals once made none)
    assert values == [("basic_expenditure", Decimal("34567500.00"), first_parent),
                      ("project_expenditure", Decimal("73749700.00"), first_parent),
                      ("total_expenditure", Decimal("108317200.00"), first_parent)]
