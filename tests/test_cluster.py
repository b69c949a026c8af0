"""Extraction on a Dask cluster (a LocalCluster of real worker processes) writes exactly what the
local pool writes, stays incremental, and keeps the per-document limits; a store given as an
fsspec URL gets the same rows as a folder."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console

from extract.runner import run
from extract.store import DATASETS
from tests import pdfcraft
from tests.conftest import SAMPLES

VOLATILE = {"extracted_at", "seconds"}  # when and how fast, not what


def _rows(raw: Path, dataset: str) -> list[str]:
    return _comparable(pq.read_table(raw / dataset))


def _comparable(table: pa.Table) -> list[str]:
    return sorted(json.dumps({k: v for k, v in r.items() if k not in VOLATILE}, sort_keys=True, default=str,
                             ensure_ascii=False) for r in table.to_pylist())


def test_the_cluster_writes_what_the_local_pool_writes(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "raw"
    summary = run([SAMPLES], out, jobs=2, cluster="local", console=Console(quiet=True))
    assert summary.statuses == {"ok": 15} and summary.extracted == 15
    for dataset in DATASETS:
        assert _rows(out, dataset) == _rows(raw_dir, dataset), dataset
    again = run([SAMPLES], out, jobs=2, cluster="local", console=Console(quiet=True))
    assert (again.extracted, again.skipped) == (0, 15)  # incremental: nothing sent to the cluster


def test_the_time_limit_holds_on_the_cluster(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "slow.pdf").write_bytes(pdfcraft.pages_pdf([pdfcraft.many_rules(100_000)]))
    summary = run([inputs], tmp_path / "raw", jobs=1, timeout=5, cluster="local", console=Console(quiet=True))
    document = pq.read_table(tmp_path / "raw" / "documents").to_pylist()[0]
    assert summary.statuses == {"failed": 1}
    assert (document["file_name"], document["reason_code"]) == ("slow.pdf", "timeout")


def test_a_store_given_as_an_fsspec_url_gets_the_rows_of_a_folder(raw_dir: Path, tmp_path: Path) -> None:
    """fsspec's in-memory filesystem, a real one (this process's): the same code path as s3:// or gs://,
    which the workers of a cluster on other machines would write."""
    fs, root = fsspec.filesystem("memory"), "/cnbudget-test/raw"
    try:
        summary = run([SAMPLES], f"memory://{root}", jobs=2, console=Console(quiet=True))
        assert summary.statuses == {"ok": 15} and summary.extracted == 15
        for dataset in DATASETS:
            files = fs.ls(f"{root}/{dataset}", detail=False)
            assert len(files) == 15, dataset
            table = pa.concat_tables(pq.read_table(io.BytesIO(fs.cat_file(f))) for f in files)
            assert _comparable(table) == _rows(raw_dir, dataset), dataset
        again = run([SAMPLES], f"memory://{root}", jobs=2, console=Console(quiet=True))
        assert (again.extracted, again.skipped) == (0, 15)  # read back from the store: nothing extracted again
        one = tmp_path / "one"
        one.mkdir()
        shutil.copy(next(SAMPLES.glob("*.pdf")), one)
        fewer = run([one], f"memory://{root}", jobs=1, console=Console(quiet=True))
        assert (fewer.skipped, fewer.removed) == (1, 14)  # the others are no longer inputs: gone from the store
        assert all(len(fs.ls(f"{root}/{dataset}", detail=False)) == 1 for dataset in DATASETS)
    finally:
        if fs.exists(root):
            fs.rm(root, recursive=True)
