"""`make build` swaps a new warehouse in atomically: readers are never blocked nor shown a half-built file."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline import build

TOTAL_SQL = "select sum(amount_yuan) from main.fct_budget_by_function"


def test_reader_keeps_a_consistent_answer_while_the_build_swaps(warehouse: Path, raw_dir: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cnbudget.duckdb"
    shutil.copy(warehouse, target)
    reader = duckdb.connect(str(target), read_only=True)
    reader.execute("create temp table marker as select 1")  # a session a BI tool would hold
    before = reader.execute(TOTAL_SQL).fetchone()
    monkeypatch.setenv("CNBUDGET_RAW", str(raw_dir))

    fresh = build.build_database(target)  # dbt writes a new file while the reader is attached
    build.swap_in(fresh, target)

    assert reader.execute(TOTAL_SQL).fetchone() == before  # the open handle still sees the old file
    assert reader.execute("select count(*) from marker").fetchone() == (1,)
    reader.close()
    with duckdb.connect(str(target), read_only=True) as again:
        assert again.execute(TOTAL_SQL).fetchone() == before  # same inputs, same warehouse
    assert not list(tmp_path.glob(".*building*"))


def test_failed_build_leaves_the_last_good_warehouse(warehouse: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "cnbudget.duckdb"
    shutil.copy(warehouse, target)
    before = target.read_bytes()
    empty = tmp_path / "no-raw"
    empty.mkdir()
    monkeypatch.setenv("CNBUDGET_RAW", str(empty))  # no Parquet: dbt fails on its sources
    with pytest.raises(build.BuildFailed):
        build.build_database(target)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".*building*"))


def test_two_builds_do_not_run_at_once(tmp_path: Path) -> None:
    target = tmp_path / "cnbudget.duckdb"
    with build.build_lock(target), pytest.raises(build.BuildFailed, match="another build"), build.build_lock(target):
        pass
