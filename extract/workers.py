"""One document per child process, under limits the parent enforces.

A PDF can hang a C call or inflate a small file into gigabytes: neither may stall or sink the
batch.  Each document is parsed in a forked child that
- caps its own address space (RLIMIT_AS, `--max-memory`): an allocation beyond it fails inside
  the child, which reports "exceeded the memory limit";
- is killed by the parent when its time is up (`--timeout`): no signal handler inside the child
  has to win against a long C call;
- dies with the parent (PR_SET_PDEATHSIG): killing the run leaves no orphan behind.
A child that dies without a result (a crash in the PDF library) costs only its own document.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from extract.document import MEMORY_REASON, TIMEOUT_REASON, DocumentResult, base_record, extract_document

_PR_SET_PDEATHSIG = 1


@dataclass
class Job:
    path: Path
    document_id: str
    pages: int


@dataclass
class Limits:
    timeout: float  # seconds per document
    max_memory: int | None  # bytes of address space per child; None: unlimited


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere a no-op)."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _child(conn: Connection, path: str, password: str | None, max_memory: int | None) -> None:
    die_with_parent()
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    result = extract_document(Path(path), password)
    try:
        conn.send(result)
    except MemoryError:  # too big to send back under the cap: the document's failure, not the run's
        result.tables, result.facts, result.issues, result.contents = [], [], [], []
        result.document.update(status="failed", reason=MEMORY_REASON, reason_code="memory")
        conn.send(result)
    conn.close()


def _failed(job: Job, reason: str, code: str) -> DocumentResult:
    data = job.path.read_bytes()
    record = base_record(job.path, data)
    record.update(status="failed", reason=reason, reason_code=code, pages=job.pages)
    return DocumentResult(record)


@dataclass
class _Running:
    process: mp.process.BaseProcess
    job: Job
    deadline: float


def run_jobs(jobs: list[Job], workers: int, password: str | None, limits: Limits,
             record: Callable[[Job, DocumentResult], None]) -> None:
    """Extract every job, at most `workers` at a time; every job ends in exactly one record."""
    context = mp.get_context("fork")  # the parent's modules are loaded already: a child starts at once
    pending = deque(jobs)
    running: dict[Connection, _Running] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                job = pending.popleft()
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(sender, str(job.path), password, limits.max_memory),
                                          daemon=True)
                process.start()
                sender.close()
                running[receiver] = _Running(process, job, time.monotonic() + limits.timeout)
            wait(list(running), timeout=0.25)
            for receiver in list(running):
                done = _collect(receiver, running[receiver])
                if done is not None:
                    del running[receiver]
                    record(done[0], done[1])
    finally:
        for item in running.values():  # interrupted: take the children down with us
            item.process.kill()


def _collect(receiver: Connection, item: _Running) -> tuple[Job, DocumentResult] | None:
    """The job's result when it has one (or has died, or run out of time); None while it runs."""
    if receiver.poll():
        try:
            result = receiver.recv()
        except (EOFError, OSError):  # died without a word: a crash inside the PDF library
            item.process.join()
            code = item.process.exitcode
            return item.job, _failed(item.job, f"the worker process died while parsing this file (exit {code})",
                                     "crash")
        item.process.join()
        receiver.close()
        return item.job, result
    if time.monotonic() > item.deadline:
        item.process.kill()
        item.process.join()
        receiver.close()
        return item.job, _failed(item.job, TIMEOUT_REASON, "timeout")
    return None
