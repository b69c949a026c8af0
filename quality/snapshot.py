"""Read everything the checks need from the warehouse through one read-only connection.

One connection is one consistent snapshot: a build that swaps a new file in meanwhile does not
change what this run sees (the open handle keeps the old file). The frames are polars (exact
decimals, read through Arrow); pandas only at the Great Expectations boundary (`pandas()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

TABLES = {
    # excess: how far a relation is outside its rounding tolerance (0 when it holds), computed
    # exactly in DECIMAL before pandas sees it
    "check_results": """
        select *,
            cast(case comparison
                when '=' then greatest(abs(difference) - tolerance, 0)
                when '<=' then greatest(difference - tolerance, 0)
                else greatest(-difference - tolerance, 0) end as double) as excess
        from checks.check_results""",
    "fct_budget_by_function": "select * from main.fct_budget_by_function",
    "fct_budget_by_economic": "select * from main.fct_budget_by_economic",
    "fct_project_budget": "select * from main.fct_project_budget",
    "fct_unit_budget": "select * from main.fct_unit_budget",
    "fct_three_public_expenses": "select * from main.fct_three_public_expenses",
    "dim_document": "select * from main.dim_document",
    "mart_budget_execution": "select * from main.mart_budget_execution",
    "dim_functional_classification": "select * from main.dim_functional_classification",
    "dim_economic_classification": "select * from main.dim_economic_classification",
    "amount_parse_errors": "select * from intermediate.int_amount_parse_errors",
    "unmapped_columns": "select * from main.unmapped_columns order by file_name, table_seq, col_index",
    "unplaced_numbers": "select * from main.unplaced_numbers order by file_name, page, number_seq",
}


@dataclass
class Snapshot:
    warehouse: Path
    frames: dict[str, pl.DataFrame]

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.frames[name]

    def pandas(self, name: str, columns: list[str]) -> pd.DataFrame:
        """The columns of a frame that a suite reads, as Great Expectations' pandas datasource
        takes them: decimals as float64, as DuckDB hands them to pandas (the exact comparisons are
        made in SQL: `excess`). Only those columns: GE fingerprints every batch it is given, and a
        list column (a relation's pages) sends the whole frame through pickle (at 100x the
        samples, 14 s of a 35-s validation)."""
        frame = self.frames[name].select(columns)
        return frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64)).to_pandas()


def load(warehouse: Path) -> Snapshot:
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `make build` first")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frames = {name: con.execute(sql).pl() for name, sql in TABLES.items()}
    return Snapshot(warehouse, frames)
