"""The refresh a real user makes is published: one budget alone, every file downloaded twice, a
document that disagrees with itself (quarantined, named, the others published), a corrected
republication (the later version read, the earlier kept and marked). Each runs the real build:
extraction, dbt, Great Expectations, swap."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import build
from tests.conftest import SAMPLES, query

CENTRE_2025 = "000_e6a3c2844a052672.pdf"
WANLI_2024 = "shanghai_putuo_wanli_street_2024_budget.pdf"


def _refresh(tmp: Path, monkeypatch: pytest.MonkeyPatch, docs: list[Path], raw: Path, *args: str) -> int:
    monkeypatch.setenv("CNBUDGET_WAREHOUSE", str(tmp / "warehouse" / "cnbudget.duckdb"))
    monkeypatch.setenv("CNBUDGET_RAW", str(raw))
    monkeypatch.setenv("CNBUDGET_REPORTS", str(tmp / "reports"))
    return build.main([*map(str, docs), *args])


def _report(tmp: Path) -> dict[str, Any]:
    latest = sorted(p for p in (tmp / "reports").iterdir() if p.is_dir())[-1]
    return json.loads((latest / "summary.json").read_text(encoding="utf-8"))


def _facts_per_document(database: Path) -> dict[str, int]:
    rows = query(database, "select d.file_name, count(*) from main.fct_budget_by_function f "
                           "join main.dim_document d using (document_key) group by 1")
    return dict(rows)  # type: ignore[arg-type]


def _document_ids(raw: Path) -> dict[str, str]:
    return {r["file_name"]: r["document_id"] for r in pq.read_table(raw / "documents").to_pylist()}


def test_a_folder_with_one_budget_is_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SAMPLES / "002_0488f224aa4533c8.pdf", one)
    stale = tmp_path / "warehouse" / ".cnbudget.4242.building.duckdb"  # left by a killed build
    stale.parent.mkdir()
    stale.write_bytes(b"half a warehouse")

    assert _refresh(tmp_path, monkeypatch, [one], tmp_path / "raw") == 0
    assert not stale.exists()
    # the console says what happened, a line per step, the verdict in the words of the exit status
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) <= 10, printed
    verdict = next(line for line in printed if line.startswith("quality "))
    assert verdict.startswith("quality PASS with 3 source inconsistencies (exit 0)")
    assert any(line.startswith("report: ") for line in printed) and not any("source inconsistency:" in line
                                                                             for line in printed)
    warehouse = tmp_path / "warehouse" / "cnbudget.duckdb"
    assert query(warehouse, "select file_name, version_status, quality_status from main.dim_document") == [
        ("002_0488f224aa4533c8.pdf", "current", "source_inconsistency")]
    report = _report(tmp_path)
    assert report["expectations"]["failed"] == 0 and report["quarantined_documents"] == []

    # nothing changed: nothing is rebuilt, the warehouse in place is the one just published
    built = (warehouse.stat().st_ino, warehouse.stat().st_mtime_ns)
    assert _refresh(tmp_path, monkeypatch, [one], tmp_path / "raw") == 0
    assert (warehouse.stat().st_ino, warehouse.stat().st_mtime_ns) == built
    up_to_date = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("warehouse up to date"))
    assert "last published PASS with 3 source inconsistencies (exit 0), report " in up_to_date
    assert len([p for p in (tmp_path / "reports").iterdir() if p.is_dir()]) == 1


def test_every_file_downloaded_twice_is_published_with_the_duplicates_reported(
        raw_dir: Path, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    again = tmp_path / "downloaded-again"
    again.mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):  # the same publication, other bytes
        (again / f"again_{pdf.name}").write_bytes(pdf.read_bytes() + b"\n% downloaded again\n")
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)  # the samples are read already: only the second downloads are new

    assert _refresh(tmp_path, monkeypatch, [SAMPLES, again], raw) == 0
    built = tmp_path / "warehouse" / "cnbudget.duckdb"
    versions = query(built, "select d.file_name, d.version_status, d.duplicate_of_document_key = o.document_key "
                            "from main.dim_document d left join main.dim_document o "
                            "on o.file_name = replace(d.file_name, 'again_', '') order by 1")
    assert len(versions) == 30
    assert {(v[1], v[2]) for v in versions if v[0].startswith("again_")} == {("duplicate", True)}
    assert {v[1] for v in versions if not v[0].startswith("again_")} == {"current"}
    assert _facts_per_document(built) == _facts_per_document(warehouse)  # nothing counted twice
    assert query(built, "select count(*), count(distinct check_id) from checks.check_results") == \
        query(warehouse, "select count(*), count(distinct check_id) from checks.check_results")
    report = _report(tmp_path)
    assert sorted(d["file_name"] for d in report["versions"]["duplicate"]) == sorted(p.name for p in again.iterdir())


def _mutate_one_amount(raw: Path) -> None:
    """One printed figure of one sample altered in the raw data, as the mutation tests do."""
    doc = _document_ids(raw)[CENTRE_2025]
    path = raw / "rows" / f"{doc}.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    first = next(r for r in rows if r["cells"][0] == "2080104" and r["cells"][2] == "5,635.08")
    first["cells"][2] = "5,635.18"
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)


def test_a_document_that_disagrees_with_itself_is_quarantined_and_the_rest_published(
        raw_dir: Path, warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    _mutate_one_amount(raw)  # the PDF is unchanged, so the extraction keeps the altered rows

    assert _refresh(tmp_path, monkeypatch, [SAMPLES], raw) == 1
    built = tmp_path / "warehouse" / "cnbudget.duckdb"
    statuses = dict(query(built, "select file_name, quality_status from main.dim_document"))
    assert statuses.pop(CENTRE_2025) == "quarantined"
    assert set(statuses.values()) <= {"pass", "source_inconsistency"} and len(statuses) == 14
    report = _report(tmp_path)
    assert [d["file_name"] for d in report["quarantined_documents"]] == [CENTRE_2025]
    assert report["quarantined_documents"][0]["failing_relations"] >= 2
    assert CENTRE_2025 in (tmp_path / "reports" / report["run_id"] / "summary.html").read_text(encoding="utf-8")
    # every other document is queryable as before; the quarantined one too, flagged
    assert _facts_per_document(built) == _facts_per_document(warehouse)

    # all or nothing when asked: not published, the warehouse just built stays
    before = built.stat().st_ino
    assert _refresh(tmp_path, monkeypatch, [SAMPLES], raw, "--strict") == 2
    assert built.stat().st_ino == before


def test_a_corrected_republication_supersedes_the_first(raw_dir: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(raw_dir, raw)
    first = _document_ids(raw)[WANLI_2024]
    corrected = "c0" * 32
    for dataset in ("tables", "columns", "rows", "facts", "contents", "issues", "documents"):
        table = pq.read_table(raw / dataset / f"{first}.parquet")
        rows = table.to_pylist()
        for r in rows:
            r["document_id"] = corrected
            if dataset == "rows":
                r["cells"] = [c.replace("专项普查活动", "专项普查活动（更正）") if c else c for c in r["cells"]]
            if dataset == "documents":  # published a day later, under another name, saying something else
                r.update(file_name="wanli_2024_corrected.pdf", modified_at=r["modified_at"] + timedelta(days=1),
                         content_sha256="corrected")
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), raw / dataset / f"{corrected}.parquet")
    monkeypatch.setenv("CNBUDGET_RAW", str(raw))
    target = tmp_path / "cnbudget.duckdb"
    build.swap_in(build.build_database(target), target)  # dbt's tests (unique keys) pass

    assert query(target, "select file_name, version_status, superseded_by_document_key, is_current "
                         "from main.dim_document where file_name like '%wanli%2024%' or file_name like 'wanli%' "
                         "order by 1") == [
        (WANLI_2024, "superseded", corrected, False), ("wanli_2024_corrected.pdf", "current", None, True)]
    names = query(target, "select distinct d.file_name, f.function_name_printed from main.fct_budget_by_function f "
                          "join main.dim_document d using (document_key) "
                          "where f.function_code = '2010507' and d.fiscal_year = 2024 and d.file_name like '%wanli%'")
    assert names == [("wanli_2024_corrected.pdf", "专项普查活动（更正）")]
    assert query(target, "select count(*) from checks.check_results where document_key = ?", [first]) == [(0,)]
