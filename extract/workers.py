"""One document per child process, under limits the parent enforces.

A PDF can hang a C call or inflate a small file into gigabytes: neither may stall or sink the
batch.  Each document is parsed in a forked child that
- caps its own address space (RLIMIT_AS, `--max-memory`): an allocation beyond it fails inside
  the child, which reports "exceeded the memory limit" (or, when the PDF library aborts on the
  failed allocation, the parent does, from the child's peak memory);
- is killed by the parent when its time is up (`--timeout`): no signal handler inside the child
  has to win against a long C call;
- dies with the parent (PR_SET_PDEATHSIG): killing the run leaves no orphan behind.
A child that dies without a result (a crash in the PDF library) costs only its own document.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from pathlib import Path

from extract.document import MEMORY_REASON, TIMEOUT_REASON, DocumentResult, base_record, extract_document

_PR_SET_PDEATHSIG = 1
# how often the parent looks at its children: their time limit, and their peak memory, which is
# all that tells a memory abort inside the PDF library from another crash
_POLL_SECONDS = 0.02


@dataclass
class Job:
    path: Path
    document_id: str
    pages: int  # for the progress bar; 0 when unknown
    size: int  # bytes of the file


@dataclass
class Limits:
    timeout: float  # seconds per document
    max_memory: int | None  # bytes of address space per child; None: unlimited


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this (just forked) process when `parent`, the process that forked
    it, dies (Linux; elsewhere a no-op). The parent's pid is taken before the fork: a parent that
    dies before the request takes effect is then noticed too."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _child(conn: Connection, path: str, password: str | None, max_memory: int | None, parent: int) -> None:
    die_with_parent(parent)
    if max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    result = extract_document(Path(path), password)
    try:
        conn.send(result)
    except MemoryError:  # too big to send back under the cap: the document's failure, not the run's
        result.tables, result.facts, result.issues, result.contents, result.accounting = [], [], [], [], None
        result.document.update(status="failed", reason=MEMORY_REASON, reason_code="memory")
        conn.send(result)
    conn.close()


def _fork(job: Job, password: str | None, max_memory: int | None) -> tuple[int, Connection]:
    receiver, sender = Pipe(duplex=False)
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the parent's code
        status = 1
        try:
            receiver.close()
            _child(sender, str(job.path), password, max_memory, parent)
            status = 0
        finally:
            os._exit(status)
    sender.close()
    return pid, receiver


def failed_result(job: Job, reason: str, code: str) -> DocumentResult:
    """The record of a document that ended without a result of its own (its file is not read again)."""
    record = base_record(job.path, b"")
    record.update(document_id=job.document_id, file_size=job.size, status="failed", reason=reason, reason_code=code,
                  pages=job.pages)
    return DocumentResult(record)


@dataclass
class _Running:
    pid: int
    job: Job
    deadline: float
    baseline: int  # address space the child inherited at fork (bytes)
    peak: int = 0  # its peak address space as last seen


def _address_space(pid: int | str, field: str = "VmPeak") -> int:
    """VmPeak (or VmSize) of a live process, in bytes (Linux); 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_jobs(jobs: list[Job], workers: int, password: str | None, limits: Limits,
             record: Callable[[Job, DocumentResult], None]) -> None:
    """Extract every job, at most `workers` at a time; every job ends in exactly one record."""
    pending = deque(jobs)
    running: dict[Connection, _Running] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                job = pending.popleft()
                baseline = _address_space("self", "VmSize")
                pid, receiver = _fork(job, password, limits.max_memory)
                running[receiver] = _Running(pid, job, time.monotonic() + limits.timeout, baseline)
            wait(list(running), timeout=_POLL_SECONDS)
            for receiver in list(running):
                item = running[receiver]
                item.peak = max(item.peak, _address_space(item.pid))
                result = _collect(receiver, item, limits)
                if result is not None:
                    job = running.pop(receiver).job
                    receiver.close()
                    record(job, result)
    finally:
        for item in running.values():  # interrupted: take the children down with us
            _kill(item.pid)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _collect(receiver: Connection, item: _Running, limits: Limits) -> DocumentResult | None:
    """The job's result when it has one (or has died, or run out of time); None while it runs."""
    if receiver.poll():
        try:
            result = receiver.recv()
        except (EOFError, OSError):  # died without a word: a crash inside the PDF library
            _, status = os.waitpid(item.pid, 0)
            return _died(item, status, limits)
        os.waitpid(item.pid, 0)
        return result
    if time.monotonic() > item.deadline:
        _kill(item.pid)
        return failed_result(item.job, TIMEOUT_REASON, "timeout")
    return None


def _died(item: _Running, status: int, limits: Limits) -> DocumentResult:
    """Why a child ended without a result. The PDF library aborts when an allocation fails under
    the cap (C++ cannot raise a Python MemoryError). A buffer that doubles fails once the old and
    the new one no longer fit: by then the child has taken at least a third of the room it had.
    A child killed by a signal after taking a quarter of it is reported as over the limit."""
    if os.WIFSIGNALED(status):
        how = f"signal {signal.Signals(os.WTERMSIG(status)).name}"
        room = (limits.max_memory or 0) - item.baseline
        if limits.max_memory and room > 0 and item.peak - item.baseline >= room // 4:
            return failed_result(item.job, f"{MEMORY_REASON}; the worker reached {item.peak / 2**20:,.0f} MiB of the "
                                     f"{limits.max_memory / 2**20:,.0f} MiB allowed ({how})", "memory")
    else:
        how = f"exit {os.WEXITSTATUS(status)}"
    return failed_result(item.job, f"the worker process died while parsing this file ({how})", "crash")
