"""Parquet datasets under the output folder, one file per document in each dataset.

    <out>/documents/<document_id>.parquet   one row per input file (the commit marker)
    <out>/tables/<document_id>.parquet      one row per logical table
    <out>/columns/<document_id>.parquet     one row per table column: its header path and meaning
    <out>/rows/<document_id>.parquet        one row per printed body row, cells as printed
    <out>/facts/<document_id>.parquet       one row per fact stated in the prose
    <out>/contents/<document_id>.parquet    one row per table the document's 目录 lists, with the table found
    <out>/issues/<document_id>.parquet      warnings about pages and tables
    <out>/unplaced/<document_id>.parquet    numbers printed in a table region that no recognised table holds

Every file is written to a temporary name and renamed into place, and documents/ is written
last: a run killed at any moment leaves each file either old or new, never half written,
and a document whose documents/ row is not current is simply extracted again.

The output may also be an fsspec URL (s3://bucket/raw, gs://…, memory://…; the scheme's fsspec
package installed, e.g. s3fs), so that Dask workers on other machines write it: each file is then
one PUT of the whole object (an object store never shows half an object), documents/ still last.
An object store has no lock: run one extraction per store at a time.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extract.document import DocumentResult

# a folder on this machine (or a shared filesystem), or an fsspec URL of a remote store
Store = Path | str

DATASETS = ("tables", "columns", "rows", "facts", "contents", "issues", "unplaced", "documents")

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("document_id", pa.string()), ("source_file", pa.string()), ("file_name", pa.string()),
        ("file_size", pa.int64()), ("pages", pa.int32()), ("status", pa.string()), ("document_part", pa.string()),
        ("reason", pa.string()),
        ("reason_code", pa.string()), ("extractor_version", pa.string()),
        ("extracted_at", pa.timestamp("us", tz="UTC")), ("seconds", pa.float64()),
        ("title", pa.string()), ("unit_name", pa.string()), ("fiscal_year", pa.int32()), ("kind", pa.string()),
        ("kind_label", pa.string()), ("template", pa.string()), ("province", pa.string()),
        ("city", pa.string()), ("district", pa.string()), ("region_path", pa.string()), ("region_code", pa.string()),
        ("admin_level", pa.string()), ("is_consolidated", pa.bool_()),
        ("subordinate_units", pa.list_(pa.string())), ("table_count", pa.int32()),
        ("row_count", pa.int32()), ("fact_count", pa.int32()),
        ("modified_at", pa.timestamp("us", tz="UTC")), ("content_sha256", pa.string()),
        ("table_numbers", pa.int32()), ("placed_numbers", pa.int32()), ("unplaced_summary", pa.string()),
    ]),
    "tables": pa.schema([
        ("document_id", pa.string()), ("table_seq", pa.int32()), ("table_type", pa.string()),
        ("title", pa.string()), ("table_no", pa.string()), ("unit_name_line", pa.string()),
        ("unit_name", pa.string()), ("currency_unit", pa.string()), ("currency_unit_source", pa.string()),
        ("currency_unit_line", pa.string()),
        ("subtitle_line", pa.string()), ("precision", pa.int32()), ("pages", pa.list_(pa.int32())),
        ("first_page", pa.int32()), ("n_cols", pa.int32()), ("header_rows", pa.list_(pa.list_(pa.string()))),
        ("column_paths", pa.list_(pa.string())), ("note", pa.string()), ("follows_table_seq", pa.int32()),
        ("row_count", pa.int32()), ("phase", pa.string()), ("code_kind", pa.string()), ("unmapped_cells", pa.int32()),
    ]),
    "columns": pa.schema([
        ("document_id", pa.string()), ("table_seq", pa.int32()), ("col_index", pa.int32()),
        ("column_path", pa.string()), ("role", pa.string()), ("side", pa.string()), ("measure", pa.string()),
        ("fund", pa.string()), ("period", pa.string()), ("is_subset", pa.bool_()), ("is_sum", pa.bool_()),
        ("sum_of", pa.list_(pa.int32())), ("column_group", pa.int32()),
    ]),
    "rows": pa.schema([
        ("document_id", pa.string()), ("table_seq", pa.int32()), ("row_number", pa.int32()),
        ("page", pa.int32()), ("row_kind", pa.string()), ("cells", pa.list_(pa.string())),
    ]),
    "facts": pa.schema([
        ("document_id", pa.string()), ("fact_seq", pa.int32()), ("name", pa.string()), ("subject", pa.string()),
        ("value", pa.string()), ("unit", pa.string()), ("text", pa.string()), ("sentence", pa.string()),
        ("page", pa.int32()), ("using_unit", pa.string()),
    ]),
    "contents": pa.schema([
        ("document_id", pa.string()), ("entry_seq", pa.int32()), ("printed_number", pa.string()),
        ("printed_title", pa.string()), ("table_type", pa.string()), ("listed_page", pa.int32()),
        ("contents_page", pa.int32()), ("matched_table_seq", pa.int32()), ("declared_empty", pa.bool_()),
    ]),
    "issues": pa.schema([
        ("document_id", pa.string()), ("severity", pa.string()), ("message", pa.string()),
        ("page", pa.int32()), ("table_seq", pa.int32()),
    ]),
    "unplaced": pa.schema([
        ("document_id", pa.string()), ("number_seq", pa.int32()), ("page", pa.int32()), ("printed_text", pa.string()),
        ("x", pa.float64()), ("y", pa.float64()), ("table_seq", pa.int32()), ("reason", pa.string()),
    ]),
}


def records(result: DocumentResult) -> dict[str, list[dict[str, Any]]]:
    """The rows each dataset gets for one document."""
    doc_id = result.document["document_id"]
    tables = [
        {
            "document_id": doc_id, "table_seq": t.seq, "table_type": t.table_type, "title": t.title,
            "table_no": t.table_no, "unit_name_line": t.unit_name_line, "unit_name": t.unit_name,
            "currency_unit": t.currency_unit, "currency_unit_source": t.currency_unit_source,
            "currency_unit_line": t.currency_unit_line,
            "subtitle_line": t.subtitle_line, "precision": t.precision, "pages": t.pages,
            "first_page": t.pages[0] if t.pages else None, "n_cols": t.n_cols, "header_rows": t.header_rows,
            "column_paths": t.column_paths, "note": t.note, "follows_table_seq": t.follows_table_seq,
            "row_count": len(t.rows), "phase": t.phase, "code_kind": t.code_kind, "unmapped_cells": t.unmapped_cells,
        }
        for t in result.tables
    ]
    columns = [  # col_index and sum_of are 1-based, as SQL lists are
        {"document_id": doc_id, "table_seq": t.seq, "col_index": c.index + 1, "column_path": c.path, "role": c.role,
         "side": c.side, "measure": c.measure, "fund": c.fund, "period": c.period, "is_subset": c.is_subset,
         "is_sum": c.is_sum, "sum_of": [i + 1 for i in c.sum_of], "column_group": c.group}
        for t in result.tables
        for c in t.columns
    ]
    rows = [
        {"document_id": doc_id, "table_seq": t.seq, "row_number": i + 1, "page": page, "row_kind": kind, "cells": cells}
        for t in result.tables
        for i, (cells, page, kind) in enumerate(zip(t.rows, t.row_pages, t.row_kinds, strict=True))
    ]
    facts = [
        {"document_id": doc_id, "fact_seq": i + 1, "name": f.name, "subject": f.subject, "value": f.value,
         "unit": f.unit, "text": f.text, "sentence": f.sentence, "page": f.page, "using_unit": f.using_unit}
        for i, f in enumerate(result.facts)
    ]
    contents = [
        {"document_id": doc_id, "entry_seq": e.seq, "printed_number": e.number, "printed_title": e.title,
         "table_type": e.table_type, "listed_page": e.listed_page, "contents_page": e.page,
         "matched_table_seq": e.matched_table_seq, "declared_empty": e.declared_empty}
        for e in result.contents
    ]
    issues = [
        {"document_id": doc_id, "severity": x.severity, "message": x.message, "page": x.page,
         "table_seq": x.table_seq}
        for x in result.issues
    ]
    accounting = result.accounting if result.status == "ok" else None
    unplaced = [
        {"document_id": doc_id, "number_seq": i + 1, "page": u.page, "printed_text": u.text, "x": u.x, "y": u.y,
         "table_seq": u.table_seq, "reason": u.reason}
        for i, u in enumerate(accounting.unplaced if accounting else [])
    ]
    document = {**result.document, "table_count": len(tables), "row_count": len(rows), "fact_count": len(facts),
                "content_sha256": content_digest(tables, rows, facts) if result.status == "ok" else None,
                "unplaced_summary": accounting.summary() if accounting else None}
    return {"tables": tables, "columns": columns, "rows": rows, "facts": facts, "contents": contents,
            "issues": issues, "unplaced": unplaced, "documents": [document]}


class StoreBusy(RuntimeError):
    pass


@contextmanager
def exclusive_lock(lock_file: Path, busy: Exception) -> Iterator[None]:
    """Hold `lock_file` for the block, or raise `busy` at once when another process holds it. The
    lock goes with the process: a killed holder leaves nothing to clean up."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        yield


def store_location(text: str) -> Store:
    """`--out` as given: a URL of a remote filesystem stays a URL, anything else is a local path."""
    if "://" in text and not text.startswith("file://"):
        return text.rstrip("/")
    return Path(text.removeprefix("file://"))


def _remote(out: str) -> tuple[Any, str]:
    """The fsspec filesystem of a store URL and the store's root within it."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(out)
    return fs, root.rstrip("/")


def lock_store(out: Store, error: type[Exception] = StoreBusy) -> AbstractContextManager[None]:
    """One writer per store: a second `extract run` (or a build) into the same folder is refused
    instead of mixing its files with this one's while dbt reads them."""
    if isinstance(out, str):  # no lock on an object store (module docstring)
        return nullcontext()
    return exclusive_lock(out / ".lock", error(f"{out} is in use by another extraction or build; try again when it "
                                               "has finished"))


def content_digest(*datasets: list[dict[str, Any]]) -> str:
    """What a document says, without which file it came from: two downloads of one publication
    (other bytes, same tables and text) have the same digest."""
    digest = hashlib.sha256()
    for rows in datasets:
        for row in rows:
            digest.update(json.dumps({k: v for k, v in row.items() if k != "document_id"}, ensure_ascii=False,
                                     sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _write_atomic(table: pa.Table, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _put_object(fs: Any, path: str, table: pa.Table) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    fs.pipe_file(path, sink.getvalue().to_pybytes())  # one PUT: the object appears whole or not at all


def write_document(out: Store, result: DocumentResult) -> dict[str, Any]:
    """Write one document's rows into every dataset; returns its documents/ row."""
    doc_id = result.document["document_id"]
    data = records(result)
    remote = _remote(out) if isinstance(out, str) else None
    for name in DATASETS:  # documents/ last: it marks the document as current
        schema = SCHEMAS[name]
        table = pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in data[name]], schema=schema)
        if remote is None:
            _write_atomic(table, Path(out) / name / f"{doc_id}.parquet")
        else:
            _put_object(remote[0], f"{remote[1]}/{name}/{doc_id}.parquet", table)
    return data["documents"][0]


def _read_bytes(out: Store, relative: str) -> bytes | None:
    """A file of the store, or None when there is none (one read: on an object store an existence
    check first would be a second request per document)."""
    try:
        if isinstance(out, str):
            fs, root = _remote(out)
            return fs.cat_file(f"{root}/{relative}")
        return (Path(out) / relative).read_bytes()
    except FileNotFoundError:
        return None


def current_document(out: Store, doc_id: str) -> dict[str, Any] | None:
    """The stored documents/ row of a document, or None if it was never written."""
    try:
        data = _read_bytes(out, f"documents/{doc_id}.parquet")
        rows = pq.read_table(io.BytesIO(data)).to_pylist() if data is not None else []
    except Exception:  # a damaged file is as good as none: extract again
        return None
    return rows[0] if rows else None


def _listing(out: Store, name: str) -> list[tuple[str, Any]]:
    """(file name, how to remove it) of every file in one dataset of the store."""
    if isinstance(out, str):
        fs, root = _remote(out)
        folder = f"{root}/{name}"
        paths = fs.ls(folder, detail=False) if fs.isdir(folder) else []
        return [(PurePosixPath(p).name, lambda p=p: fs.rm_file(p)) for p in paths]
    folder = Path(out) / name
    paths = list(folder.iterdir()) if folder.is_dir() else []
    return [(p.name, lambda p=p: p.unlink(missing_ok=True)) for p in paths]


def prune(out: Store, keep: set[str]) -> int:
    """Remove documents that are no longer among the inputs (and stray temporary files)."""
    removed = 0
    for name in DATASETS:
        for file_name, remove in _listing(out, name):
            path = PurePosixPath(file_name)
            if file_name.startswith(".") and path.suffix == ".tmp":
                remove()
            elif path.suffix == ".parquet" and path.stem not in keep:
                remove()
                removed += name == "documents"
    return removed
