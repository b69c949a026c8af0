"""Run the extraction over folders: incremental, parallel, time-limited, with progress."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import pypdfium2 as pdfium
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from extract import EXTRACTOR_VERSION
from extract.document import DocumentResult, base_record, extract_document, sha256_of
from extract.store import current_document, prune, records, write_document


@dataclass
class Job:
    path: Path
    document_id: str
    pages: int


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


def _page_count(data: bytes, password: str | None) -> int:
    try:
        doc = pdfium.PdfDocument(data, password=password)
        try:
            return len(doc)
        finally:
            doc.close()
    except Exception:
        return 0  # the worker will say why it cannot be read


def _timeout(signum: int, frame: FrameType | None) -> None:
    raise TimeoutError("timed out: the document took longer than the time limit (--timeout)")


def _work(path: str, password: str | None, limit: int) -> DocumentResult:
    """Runs in a worker process, under a time limit so one pathological file cannot hang the batch."""
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(limit)
    try:
        return extract_document(Path(path), password)
    finally:
        signal.alarm(0)


def _needs_extraction(stored: dict[str, object] | None, password: str | None, force: bool) -> bool:
    if force or stored is None or stored.get("extractor_version") != EXTRACTOR_VERSION:
        return True
    # an encrypted file rejected for want of a password is read again once one is given
    return stored.get("reason_code") == "encrypted" and password is not None


def _crashed(job: Job) -> DocumentResult:
    data = job.path.read_bytes()
    record = base_record(job.path, data)
    record.update(status="failed", reason="the worker process died while parsing this file",
                  reason_code="crash", pages=job.pages)
    return DocumentResult(record)


def run(
    inputs: list[Path],
    out: Path,
    jobs: int | None = None,
    password: str | None = None,
    timeout: int = 300,
    force: bool = False,
    console: Console | None = None,
) -> RunSummary:
    console = console or Console(stderr=True)
    started = time.perf_counter()
    summary = RunSummary()
    todo: list[Job] = []
    seen: set[str] = set()
    for path in find_pdfs(inputs):
        data = path.read_bytes()
        doc_id = sha256_of(data)
        if doc_id in seen:
            continue  # the same bytes under another name: one document
        seen.add(doc_id)
        stored = current_document(out, doc_id)
        if stored is not None and not _needs_extraction(stored, password, force):
            summary.skipped += 1
            summary.add(stored)
            continue
        todo.append(Job(path, doc_id, _page_count(data, password)))
    summary.removed = prune(out, seen)
    if todo:
        _extract_all(todo, out, jobs or os.cpu_count() or 1, password, timeout, summary, console)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _extract_all(todo: list[Job], out: Path, jobs: int, password: str | None, timeout: int,
                 summary: RunSummary, console: Console) -> None:
    columns = (TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        docs = progress.add_task("documents", total=len(todo))
        pages = progress.add_task("pages", total=sum(j.pages for j in todo))

        def record(job: Job, result: DocumentResult) -> None:
            write_document(out, result)
            summary.extracted += 1
            summary.add(records(result)["documents"][0])
            progress.advance(docs)
            progress.advance(pages, job.pages)

        unfinished = _run_pool(todo, jobs, password, timeout, record)
        # A worker that dies (a crash inside the PDF library) breaks the whole pool; run what
        # was left one document per pool, so a crash is pinned on its own file only.
        for job in unfinished:
            if _run_pool([job], 1, password, timeout, record):
                record(job, _crashed(job))


def _run_pool(jobs_: list[Job], workers: int, password: str | None, timeout: int,
              record: Callable[[Job, DocumentResult], None]) -> list[Job]:
    """Extract in a process pool; returns the jobs a broken pool left unfinished."""
    left: list[Job] = []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs_)))) as pool:
        futures = {pool.submit(_work, str(j.path), password, timeout): j for j in jobs_}
        for future in as_completed(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                left.append(futures[future])
                continue
            record(futures[future], result)
    return left


def print_summary(summary: RunSummary, out: Path, console: Console) -> None:
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
    for file_name, status, reason in summary.problems:
        console.print(f"{status}: {file_name}: {reason}", soft_wrap=True, markup=False, highlight=False)
