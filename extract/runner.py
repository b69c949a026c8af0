"""Run the extraction over folders: incremental, parallel, time-limited, with progress."""

from __future__ import annotations

import os
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from extract import DEFAULT_MAX_MEMORY, EXTRACTOR_VERSION
from extract.document import DocumentResult, sha256_of, unreadable_record
from extract.pdfdoc import page_count
from extract.store import Store, current_document, lock_store, prune, write_document
from extract.workers import Job, Limits, run_jobs


@dataclass
class RunSummary:
    statuses: dict[str, int] = field(default_factory=dict)
    tables: int = 0
    rows: int = 0
    facts: int = 0
    extracted: int = 0
    skipped: int = 0
    removed: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (file, status, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, the path it repeats)

    def add(self, document: dict[str, object]) -> None:
        status = str(document["status"])
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.tables += int(document.get("table_count") or 0)
        self.rows += int(document.get("row_count") or 0)
        self.facts += int(document.get("fact_count") or 0)
        if status != "ok":
            self.problems.append((str(document["file_name"]), status, str(document["reason"])))


def find_pdfs(inputs: list[Path]) -> list[Path]:
    """Every *.pdf under the given folders (recursively) and every PDF named directly."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        elif item.is_file():
            found.append(item)
        else:
            raise FileNotFoundError(f"no such file or folder: {item}")
    return found


def _needs_extraction(stored: dict[str, object] | None, password: str | None, force: bool) -> bool:
    if force or stored is None or stored.get("extractor_version") != EXTRACTOR_VERSION:
        return True
    # an encrypted file rejected for want of a password is read again once one is given
    return stored.get("reason_code") == "encrypted" and password is not None


def run(
    inputs: list[Path],
    out: Store,
    jobs: int | None = None,
    password: str | None = None,
    timeout: int = 300,
    force: bool = False,
    console: Console | None = None,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    lock: bool = True,
    cluster: str | None = None,
) -> RunSummary:
    """Extract every PDF under `inputs` into the store `out` (a folder, or an fsspec URL such as
    s3://bucket/raw), on this machine or on a Dask cluster
    (`cluster`: a scheduler address, or "local"). `lock=False` when the caller holds the store's
    lock already (a build holds it from extraction to swap)."""
    with lock_store(out) if lock else nullcontext():
        return _run(inputs, out, jobs, password, Limits(timeout, max_memory), force, console or Console(stderr=True),
                    cluster)


def _run(inputs: list[Path], out: Store, jobs: int | None, password: str | None, limits: Limits, force: bool,
         console: Console, cluster: str | None) -> RunSummary:
    started = time.perf_counter()
    summary = RunSummary()
    todo: list[Job] = []
    seen: dict[str, str] = {}  # document id -> the path it was first seen under
    for path in find_pdfs(inputs):
        try:
            data = path.read_bytes()
        except OSError as error:  # this file's problem, never the batch's
            record = unreadable_record(path, error)
            seen[str(record["document_id"])] = str(path)
            write_document(out, DocumentResult(record))
            summary.add(record)
            continue
        doc_id = sha256_of(data)
        if doc_id in seen:  # the same bytes under another name: one document, reported
            summary.duplicates.append((str(path), seen[doc_id]))
            continue
        seen[doc_id] = str(path)
        stored = current_document(out, doc_id)
        if stored is not None and not _needs_extraction(stored, password, force):
            summary.skipped += 1
            summary.add(stored)
            continue
        todo.append(Job(path, doc_id, page_count(data, password), len(data)))
    summary.removed = prune(out, set(seen))
    if todo:
        _extract_all(todo, out, jobs or os.cpu_count() or 1, password, limits, summary, console, cluster)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _extract_all(todo: list[Job], out: Store, jobs: int, password: str | None, limits: Limits,
                 summary: RunSummary, console: Console, cluster: str | None) -> None:
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        docs = progress.add_task("documents", total=len(todo))
        pages = progress.add_task("pages", total=sum(j.pages for j in todo))

        def done(job: Job, document: dict[str, object]) -> None:
            summary.extracted += 1
            summary.add(document)
            progress.advance(docs)
            progress.advance(pages, job.pages)

        if cluster:  # the workers write the store; the document rows come back
            from extract.cluster import run_on_cluster

            run_on_cluster(todo, cluster, jobs, password, limits, out, done)
        else:
            run_jobs(todo, jobs, password, limits, lambda job, result: done(job, write_document(out, result)))


def summary_line(summary: RunSummary, out: Store) -> str:
    """The extraction in one line (what `make build` prints; `run` prints the table)."""
    s = summary.statuses
    return (f"extracted into {out}: {sum(s.values())} documents ({s.get('ok', 0)} ok, {s.get('rejected', 0)} rejected, "
            f"{s.get('failed', 0)} failed), {summary.tables:,} tables, {summary.rows:,} rows, {summary.facts:,} facts; "
            f"{summary.extracted} read this run, {summary.skipped} unchanged, {summary.removed} removed "
            f"({summary.seconds:.1f} s)")


def print_problems(summary: RunSummary, console: Console) -> None:
    """One line per input that is not ok, and per file that repeats another."""
    for file_name, status, reason in summary.problems:
        console.print(f"{status}: {file_name}: {reason}", soft_wrap=True, markup=False, highlight=False)
    for file_name, first in summary.duplicates:
        console.print(f"duplicate: {file_name}: the same file as {first} (read once)", soft_wrap=True, markup=False,
                      highlight=False)


def print_summary(summary: RunSummary, out: Store, console: Console) -> None:
    """A closing table a person reads at a glance, then one line per input that is not ok."""
    table = RichTable(title=f"extraction into {out}", show_header=False, box=None, padding=(0, 2))
    table.add_column("what")
    table.add_column("count", justify="right")
    rows = [
        ("documents", sum(summary.statuses.values())),
        ("  ok", summary.statuses.get("ok", 0)),
        ("  rejected", summary.statuses.get("rejected", 0)),
        ("  failed", summary.statuses.get("failed", 0)),
        ("tables", summary.tables),
        ("rows", summary.rows),
        ("facts", summary.facts),
        ("read this run", summary.extracted),
        ("unchanged, not read", summary.skipped),
        ("removed (no longer an input)", summary.removed),
        ("seconds", f"{summary.seconds:.1f}"),
    ]
    for what, count in rows:
        table.add_row(what, str(count))
    console.print(table)
    print_problems(summary, console)
