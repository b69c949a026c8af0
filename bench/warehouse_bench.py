"""Benchmark: the warehouse build at 1x, 10x and 100x the samples.

    python bench/warehouse_bench.py [--scales 1,10,100] [--raw DIR]     (make bench)

The samples' raw Parquet (extracted once into a temporary folder, or --raw) is copied k times,
each copy a document of its own: a new document id, the unit's name suffixed with the copy number
in every string of the document, and its own content digest, so the work dbt does is real (no
copy is a duplicate the versions model would set aside). Prints, per scale, the wall time of a
full `dbt build` into a new file:

    warehouse full 1x/10x/100x: … s

and then the refresh after adding 1% new documents at the largest scale, built as `make build`
builds it: from a copy of the warehouse in place, staging, facts and the checks of one document
recomputing only the new documents (and those whose context they change), the cross-document
models (dimensions, links, comparisons, cross-document checks) rebuilt whole:

    warehouse incremental at 100x (+1%): … s = N% of full

the same refresh with nothing changed (dbt's own cost: its start, its ~250 nodes, the models and
tests that read whole tables):

    warehouse incremental at 100x, nothing changed: … s = N% of full

and the quality run a refresh does next, over the whole refreshed warehouse:

    quality checks at 100x (the refresh's other step, on every document): … s
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extract.store import DATASETS  # noqa: E402
from pipeline import build  # noqa: E402


def _renamed(frame: pl.DataFrame, old: str, new: str) -> pl.DataFrame:
    """Every string (and list of strings) with the unit's name replaced."""
    if not old:
        return frame
    return frame.with_columns(
        *(pl.col(c).str.replace_all(old, new, literal=True) for c, t in frame.schema.items() if t == pl.String),
        *(pl.col(c).list.eval(pl.element().str.replace_all(old, new, literal=True))
          for c, t in frame.schema.items() if t == pl.List(pl.String)),
    )


def copy_document(raw: Path, out: Path, doc_id: str, copy: int) -> None:
    """One document of the samples as a new document: id, unit name and digest of its own."""
    new_id = hashlib.sha256(f"{doc_id}:{copy}".encode()).hexdigest()
    unit = pl.read_parquet(raw / "documents" / f"{doc_id}.parquet")["unit_name"][0] or ""
    for dataset in DATASETS:
        frame = _renamed(pl.read_parquet(raw / dataset / f"{doc_id}.parquet"), unit, f"{unit}{copy}")
        frame = frame.with_columns(pl.lit(new_id).alias("document_id"))
        if dataset == "documents":
            digest = hashlib.sha256(f"{frame['content_sha256'][0]}:{copy}".encode()).hexdigest()
            frame = frame.with_columns(pl.lit(digest).alias("content_sha256"))
        (out / dataset).mkdir(parents=True, exist_ok=True)
        frame.write_parquet(out / dataset / f"{new_id}.parquet")


def scaled_raw(raw: Path, out: Path, copies: range) -> int:
    ids = sorted(p.stem for p in (raw / "documents").glob("*.parquet"))
    for copy in copies:
        for doc_id in ids:
            copy_document(raw, out, doc_id, copy)
    return len(ids) * len(copies)


def dbt_build(raw: Path, database: Path, base: Path | None = None) -> float:
    """Seconds of the build `make build` runs: a full one, or an incremental one from `base`."""
    os.environ["CNBUDGET_RAW"] = str(raw)
    started = time.perf_counter()
    os.replace(build.build_database(database, base), database)
    return time.perf_counter() - started


def quality_run(database: Path, reports: Path) -> float:
    """Seconds of the quality run `make build` does after dbt (Great Expectations, report, Data Docs),
    in process as there (its imports included); its console lines are not the benchmark's."""
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        from quality.run import main as quality_main

        quality_main(["--warehouse", str(database), "--reports", str(reports)])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="copies of the samples to build (default 1,10,100)")
    parser.add_argument("--raw", type=Path, help="the samples' raw Parquet (default: extracted now)")
    args = parser.parse_args()
    scales = sorted(int(s) for s in args.scales.split(","))
    with tempfile.TemporaryDirectory(prefix="cnbudget-bench-") as tmp:
        work = Path(tmp)
        raw = args.raw
        if raw is None:
            from rich.console import Console

            from extract.runner import run

            raw = work / "samples-raw"
            run([REPO / "data" / "samples"], raw, console=Console(quiet=True))
        timings = {}
        for scale in scales:
            scaled = work / f"raw-{scale}x"
            documents = scaled_raw(raw, scaled, range(1, scale + 1))
            timings[scale] = dbt_build(scaled, work / f"{scale}x.duckdb")
            print(f"  {scale}x: {documents} documents, full build {timings[scale]:.1f} s", flush=True)
        print("warehouse full " + "/".join(f"{s}x" for s in scales) + ": "
              + " / ".join(f"{timings[s]:.1f}" for s in scales) + " s")
        largest = max(scales)
        scaled = work / f"raw-{largest}x"
        added = scaled_raw(raw, scaled, range(largest + 1, largest + 1 + max(1, largest // 100)))
        # as `make build` refreshes: the same warehouse and raw folder (dbt's partial parsing holds)
        refresh = dbt_build(scaled, work / f"{largest}x.duckdb", base=work / f"{largest}x.duckdb")
        print(f"warehouse incremental at {largest}x (+{added} documents, "
              f"{100 * added / (documents + added):.0f}%): {refresh:.1f} s = {100 * refresh / timings[largest]:.0f}% of full")
        # the same refresh once more, nothing changed: what dbt costs whatever the change
        unchanged = dbt_build(scaled, work / f"{largest}x.duckdb", base=work / f"{largest}x.duckdb")
        print(f"warehouse incremental at {largest}x, nothing changed: {unchanged:.1f} s "
              f"= {100 * unchanged / timings[largest]:.0f}% of full")
        checks = quality_run(work / f"{largest}x.duckdb", work / "reports")
        print(f"quality checks at {largest}x (the refresh's other step, on every document): {checks:.1f} s")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
