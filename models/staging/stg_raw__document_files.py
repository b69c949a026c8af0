"""The store's documents/ folder as listed: one row per document file, its size and modification
time — what an incremental build compares with the last build's manifest to find the documents
extracted since, without opening any file (the extraction rewrites every file of a document it
extracts again, documents/ last). Nanosecond times, as `make build`'s fingerprint trusts them.

Why Python: DuckDB's file listing (read_blob) gives modification times to the second, and two
extractions of one document within a second can write files of the same size."""

import os
from pathlib import Path

import polars as pl


def listing(folder):
    """(document_id, file_size, file_modified_ns) of every <id>.parquet in the folder."""
    rows = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".parquet") and entry.is_file():
                stat = entry.stat()
                rows.append((entry.name.removesuffix(".parquet"), stat.st_size, stat.st_mtime_ns))
    return pl.DataFrame(rows, schema={"document_id": pl.String, "file_size": pl.Int64, "file_modified_ns": pl.Int64},
                        orient="row").sort("document_id")


def model(dbt, session):
    dbt.config(materialized="table")
    return listing(Path(os.environ.get("CNBUDGET_RAW", "data/raw")) / "documents")
