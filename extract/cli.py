"""Command line: `python -m extract run` (folders -> Parquet) and `python -m extract show` (one PDF)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from extract import DEFAULT_MAX_MEMORY, EXTRACTOR_VERSION

DEFAULT_OUT = Path("data/raw")


def _store(text: str) -> Any:
    """--out: a folder, or an fsspec URL (the store module, and pyarrow with it, loaded only when used)."""
    from extract.store import store_location

    return store_location(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m extract",
        description="Extract the standard tables and stated facts of Chinese departmental budget PDFs "
        "(部门预算 / 单位预算) into Parquet.",
    )
    parser.add_argument("--version", action="version", version=f"cnbudget extractor {EXTRACTOR_VERSION}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="extract every PDF under the given folders into Parquet datasets",
        description="Extract every PDF under FOLDERS (recursively) into OUT/documents, tables, rows, facts "
        "and issues (one Parquet file per document in each). Unchanged files (same SHA-256, same extractor "
        "version) are not read again; documents no longer among the inputs are removed from OUT. "
        "Exit status: 0 when at least one document is ok (with --strict: only when all are), 1 otherwise.",
    )
    run.add_argument("folders", nargs="*", type=Path, default=[Path("data/samples")],
                     help="folders (or single PDF files) to read; default: data/samples")
    run.add_argument("--out", type=_store, default=DEFAULT_OUT,
                     help=f"output folder, or an fsspec URL such as s3://bucket/raw (its fsspec package, e.g. "
                          f"s3fs, installed) (default: {DEFAULT_OUT})")
    run.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                     help="documents extracted in parallel (default: CPU count)")
    run.add_argument("--password", help="password for encrypted PDFs")
    run.add_argument("--timeout", type=int, default=300,
                     help="seconds allowed per document; the worker is killed after it (default: 300)")
    run.add_argument("--max-memory", type=_size, default=DEFAULT_MAX_MEMORY, metavar="SIZE",
                     help="address space allowed per document, e.g. 2G, 512M, or 0 for no limit (default: 2G)")
    run.add_argument("--force", action="store_true", help="re-extract every document, changed or not")
    run.add_argument("--cluster", metavar="ADDRESS",
                     help="run on a Dask cluster: a scheduler address (tcp://host:8786), or 'local' for a "
                          "LocalCluster of --jobs workers on this machine; workers write --out themselves, so "
                          "the inputs must be on a filesystem every worker sees, and --out too or an fsspec URL")
    run.add_argument("--strict", action="store_true", help="exit non-zero if any input is not ok")

    show = sub.add_parser(
        "show",
        help="print what is extracted from one PDF",
        description="Print the document identity, every table (title, type, pages, currency unit, header "
        "rows, column paths, body rows as printed) and the stated facts of one PDF.",
    )
    show.add_argument("file", type=Path, help="a PDF file")
    show.add_argument("--format", choices=("json", "text"), default="json", help="output format (default: json)")
    show.add_argument("--password", help="password for an encrypted PDF")
    show.add_argument("--timeout", type=int, default=300, help="seconds allowed (default: 300)")
    show.add_argument("--max-memory", type=_size, default=DEFAULT_MAX_MEMORY, metavar="SIZE",
                      help="address space allowed, e.g. 2G, or 0 for no limit (default: 2G)")
    return parser


def _size(text: str) -> int:
    """'2G', '512M', '1500000000' -> bytes."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def show_payload(path: Path, password: str | None, limits: Any = None) -> dict[str, Any]:
    """What one PDF yields. With `limits` (extract.workers.Limits) it is parsed in a child under
    them, as `run` parses every document: a bomb or a hang cannot take the shell with it."""
    from extract.document import DocumentResult, extract_document

    if limits is None:
        result = extract_document(path, password)
    else:
        from extract.document import sha256_of
        from extract.pdfdoc import page_count
        from extract.workers import Job, run_jobs

        data = path.read_bytes()
        results: list[DocumentResult] = []
        run_jobs([Job(path, sha256_of(data), page_count(data, password), len(data))], 1, password, limits,
                 lambda _job, done: results.append(done))
        result = results[0]
    document = {k: _jsonable(v) for k, v in result.document.items()}
    document["accounting"] = result.accounting.as_dict() if result.accounting else None
    return {
        "document": document,
        "tables": [
            {
                "seq": t.seq,
                "title": t.title,
                "table_no": t.table_no,
                "table_type": t.table_type,
                "unit_name": t.unit_name,
                "pages": t.pages,
                "currency_unit": t.currency_unit,
                "currency_unit_source": t.currency_unit_source,
                "precision": t.precision,
                "header_rows": t.header_rows,
                "columns": t.column_paths,
                "phase": t.phase,
                "code_kind": t.code_kind,
                "column_meanings": [
                    {k: v for k, v in vars(c).items() if k != "additive"} for c in t.columns
                ],
                "follows_table_seq": t.follows_table_seq,
                "unmapped_cells": t.unmapped_cells,
                "note": t.note,
                "rows": t.rows,
                "row_pages": t.row_pages,
                "row_kinds": t.row_kinds,
            }
            for t in result.tables
        ],
        "facts": [vars(f) for f in result.facts],
        "contents": [vars(e) for e in result.contents],
        "issues": [vars(i) for i in result.issues],
    }


def _print_text(payload: dict[str, Any], console: Console) -> None:
    # everything printed comes from the file (its name, its text): styled as Text, never parsed as markup
    doc = payload["document"]
    console.print(Text.assemble((doc["file_name"], "bold"), f"  status={doc['status']}",
                                f"  reason={doc['reason']}" if doc["reason"] else ""))
    for key in ("unit_name", "fiscal_year", "kind_label", "template", "region_path", "is_consolidated", "pages"):
        console.print(f"  {key}: {doc.get(key)}", markup=False)
    for t in payload["tables"]:
        console.print(Text.assemble("\n", (f"#{t['seq']} {t['title'] or '(untitled)'}", "bold"),
                                    f"  type={t['table_type']} pages={t['pages']} unit={t['currency_unit']}"))
        console.print("  columns: " + " | ".join(t["columns"]), markup=False)
        for row in t["rows"]:
            console.print("  " + " | ".join(row), markup=False, soft_wrap=True)
    if payload["facts"]:
        console.print(Text("\nfacts", style="bold"))
        for f in payload["facts"]:
            subject = f" [{f['subject']}]" if f["subject"] else ""
            console.print(f"  p{f['page']} {f['name']}{subject} = {f['value']} {f['unit'] or ''}", markup=False)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    err = Console(stderr=True)
    if args.command == "show":
        if args.file.is_dir():
            err.print(f"error: {args.file} is a folder: show reads one PDF (run reads every PDF of a folder)",
                      markup=False, soft_wrap=True)
            return 2
        if not args.file.is_file():
            err.print(f"error: no such file: {args.file}", markup=False, soft_wrap=True)
            return 2
        from extract.workers import Limits

        payload = show_payload(args.file, args.password, Limits(args.timeout, args.max_memory or None))
        try:
            if args.format == "json":
                json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
                sys.stdout.write("\n")
                sys.stdout.flush()
            else:
                _print_text(payload, Console())
        except BrokenPipeError:  # `show … | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        if payload["document"]["status"] != "ok":
            err.print(f"{payload['document']['status']}: {args.file.name}: {payload['document']['reason']}",
                      markup=False, soft_wrap=True, highlight=False)
            return 1
        return 0

    from extract.runner import print_summary, run
    from extract.store import StoreBusy

    try:
        summary = run(args.folders, args.out, args.jobs, args.password, args.timeout, args.force, err,
                      max_memory=args.max_memory or None, cluster=args.cluster)
    except (FileNotFoundError, StoreBusy) as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        return 2
    print_summary(summary, args.out, err)
    ok = summary.statuses.get("ok", 0)
    total = sum(summary.statuses.values())
    if not total:
        err.print(f"no *.pdf found under {', '.join(map(str, args.folders))}", markup=False, soft_wrap=True)
    if args.strict:
        return 0 if total and ok == total else 1
    return 0 if ok else 1
