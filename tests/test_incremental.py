"""An incremental build (from the warehouse in place, recomputing only the documents extracted
since, and those whose context changed) gives exactly the tables of a full build: a document
added, one removed, one extracted again with a cell read differently, one superseded by a
corrected republication."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import build
from pipeline.paths import REPO, venv_bin

ADDED = "shanghai_putuo_wanli_street_2024_budget.pdf"
REMOVED = "004_508ce4c0bf6bbe00.pdf"
CHANGED = "002_0488f224aa4533c8.pdf"
REPUBLISHED = "shanghai_putuo_justice_2026_budget.pdf"
CORRECTED = "c0" * 32  # the document id of its corrected republication
BOOKKEEPING = {"build_manifest", "int_changed_documents", "int_affected_documents"}  # what each build records of itself


def _ids(raw: Path) -> dict[str, str]:
    return {r["file_name"]: r["document_id"] for r in pq.read_table(raw / "documents").to_pylist()}


def _drop(raw: Path, doc_id: str) -> None:
    for path in raw.glob(f"*/{doc_id}.parquet"):
        path.unlink()


def _rewrite(path: Path, edit) -> None:
    table = pq.read_table(path)
    pq.write_table(pa.Table.from_pylist(edit(table.to_pylist()), schema=table.schema), path)


def _extracted_again(raw: Path, doc_id: str) -> None:
    """The document read again an hour later, one amount read differently."""
    def later(rows: list[dict]) -> list[dict]:
        rows[0]["extracted_at"] += timedelta(hours=1)
        return rows

    def one_amount(rows: list[dict]) -> list[dict]:
        row = next(r for r in rows if r["row_kind"] == "body" and r["cells"][:2] == ["信息化新建项目（非政府投资项目）", "794"])
        row["cells"][1] = "795"
        return rows

    _rewrite(raw / "documents" / f"{doc_id}.parquet", later)
    _rewrite(raw / "rows" / f"{doc_id}.parquet", one_amount)


def _republished(raw: Path, doc_id: str) -> None:
    """A corrected republication of the document: a day later, under another name, one name changed.
    Nothing about the first was extracted again, but it is superseded: its facts and checks go."""
    for path in raw.glob(f"*/{doc_id}.parquet"):
        def corrected(rows: list[dict], dataset: str = path.parent.name) -> list[dict]:
            for r in rows:
                r["document_id"] = CORRECTED
                if dataset == "rows":
                    r["cells"] = [c.replace("行政运行", "行政运行（更正）") if c else c for c in r["cells"]]
                if dataset == "documents":
                    r.update(file_name="justice_2026_corrected.pdf", modified_at=r["modified_at"] + timedelta(days=1),
                             content_sha256="corrected")
            return rows
        table = pq.read_table(path)
        pq.write_table(pa.Table.from_pylist(corrected(table.to_pylist()), schema=table.schema),
                       path.parent / f"{CORRECTED}.parquet")


def _build(raw: Path, target: Path, monkeypatch: pytest.MonkeyPatch, base: Path | None = None) -> Path:
    monkeypatch.setenv("CNBUDGET_RAW", str(raw))
    build.swap_in(build.build_database(target, base), target)
    return target


def test_an_incremental_build_equals_a_full_build(raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(raw_dir, before)
    shutil.copytree(raw_dir, after)
    ids = _ids(raw_dir)
    _drop(before, ids[ADDED])
    _drop(after, ids[REMOVED])
    _extracted_again(after, ids[CHANGED])
    _republished(after, ids[REPUBLISHED])

    old = _build(before, tmp_path / "old.duckdb", monkeypatch)
    incremental = _build(after, tmp_path / "incremental.duckdb", monkeypatch, base=old)
    full = _build(after, tmp_path / "full.duckdb", monkeypatch)

    with duckdb.connect() as con:
        con.execute(f"attach '{incremental}' as inc (read_only)")
        con.execute(f"attach '{full}' as ful (read_only)")
        changed = {r[0] for r in con.execute("select document_id from inc.intermediate.int_changed_documents").fetchall()}
        # only these were extracted since, and one is no longer in the store (its rows go)
        assert changed == {ids[ADDED], ids[CHANGED], CORRECTED, ids[REMOVED]}
        removed = con.execute("select document_id from inc.intermediate.int_changed_documents where change = 'removed'")
        assert removed.fetchall() == [(ids[REMOVED],)]
        affected = {r[0] for r in con.execute("select document_id from inc.intermediate.int_affected_documents").fetchall()}
        # and the superseded one: its context changed; no other document's did, theirs are kept as they were
        assert affected == changed | {ids[REPUBLISHED]}
        tables = con.execute("select schema_name, table_name from duckdb_tables() where database_name = 'ful'").fetchall()
        assert len(tables) > 50
        for schema, table in tables:
            if table in BOOKKEEPING:
                continue
            for a, b in (("inc", "ful"), ("ful", "inc")):
                extra = con.execute(f'select count(*) from (select * from {a}."{schema}"."{table}" '
                                    f'except all select * from {b}."{schema}"."{table}")').fetchone()
                assert extra == (0,), f"{schema}.{table}: {extra[0]} rows only in the {a} build"
        cells = con.execute("select count(*) from inc.staging.stg_raw__cells where cell_text = '795' "
                            "and document_id = ?", [ids[CHANGED]]).fetchone()
        assert cells == (1,)
        gone = con.execute("select count(*) from inc.intermediate.int_cells where document_id = ?", [ids[REMOVED]])
        assert gone.fetchone() == (0,)
        superseded = con.execute("select count(*) from inc.main.fct_budget_by_function where document_key = ?",
                                 [ids[REPUBLISHED]])
        assert superseded.fetchone() == (0,)
        corrected = con.execute("select count(*) from inc.main.fct_budget_by_function where document_key = ? "
                                "and function_name_printed = '行政运行（更正）'", [CORRECTED]).fetchone()
        assert corrected[0] > 0

    # the uniqueness tests of staging group only the rows of the documents the build read: a
    # duplicate cell of the document extracted again fails the incremental build's test
    duplicated = tmp_path / "duplicated.duckdb"
    shutil.copyfile(incremental, duplicated)
    with duckdb.connect(str(duplicated)) as con:
        con.execute("insert into staging.stg_raw__cells select * from staging.stg_raw__cells "
                    "where document_id = ? limit 1", [ids[CHANGED]])
    uniqueness = [venv_bin("dbt"), "test", "--quiet", "--select", "stg_raw__cells,test_name:unique_combination_of_columns"]
    result = subprocess.run(uniqueness, cwd=REPO, env=build.dbt_env(duplicated), capture_output=True, text=True)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "unique_combination_of_columns_stg_raw__cells" in result.stdout


def test_refreshes_of_the_same_data_do_not_grow_the_warehouse(raw_dir: Path, warehouse: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # three incremental refreshes, each extracting one document again (its files rewritten, the same
    # rows): DuckDB keeps the blocks they free, so the new file is rewritten without them
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    monkeypatch.setenv("CNBUDGET_RAW", str(raw))
    target = tmp_path / "cnbudget.duckdb"
    shutil.copyfile(warehouse, target)
    full = warehouse.stat().st_size
    for name in sorted(_ids(raw))[:3]:
        for path in raw.glob(f"*/{_ids(raw)[name]}.parquet"):
            path.write_bytes(path.read_bytes())  # a new time, the same bytes: extracted again
        build.swap_in(build.build_database(target, base=target), target)
        assert target.stat().st_size <= 1.1 * full, (name, target.stat().st_size, full)
