"""Extraction on a Dask cluster: one task per document, written into the store by the worker.

`python -m extract run FOLDERS --cluster tcp://scheduler:8786` sends each document to a Dask
scheduler; `--cluster local` starts a LocalCluster of `--jobs` worker processes on this machine.
A task runs on a worker exactly what the local pool runs: the document is parsed in a forked child
under the same memory and time limits (extract.workers), and the worker writes its Parquet files
into the output store itself, each atomically, documents/ last. Only the one-row document record
travels back to the client, for the summary and the progress bar. Workers elsewhere must see the
input files at the same paths (a shared filesystem), and the output folder too, or the output is
an fsspec URL (s3://…) every worker can write (extract.store).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from extract.document import DocumentResult
from extract.store import Store, write_document
from extract.workers import Job, Limits, failed_result, run_jobs

LOCAL = "local"


def extract_into_store(job: Job, password: str | None, limits: Limits, out: Store) -> dict[str, Any]:
    """The task: parse one document under the limits, write it, return its documents/ row."""
    results: list[DocumentResult] = []
    run_jobs([job], 1, password, limits, lambda _job, result: results.append(result))
    return write_document(out, results[0])


@contextmanager
def _client(address: str, workers: int) -> Iterator[Any]:
    from dask.distributed import Client, LocalCluster

    if address == LOCAL:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address) as client:
            yield client


def run_on_cluster(jobs: list[Job], address: str, workers: int, password: str | None, limits: Limits, out: Store,
                   record: Callable[[Job, dict[str, Any]], None]) -> None:
    """Every job as one task; each ends in exactly one record, even if the cluster loses it."""
    from dask.distributed import as_completed

    run_id = uuid.uuid4().hex[:8]
    with _client(address, workers) as client:
        futures = {client.submit(extract_into_store, job, password, limits, out,
                                 key=f"extract-{job.document_id[:16]}-{run_id}", pure=False): job
                   for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                document = future.result()
            except Exception as exc:  # a worker lost with its task, a file it cannot see: this document's
                result = failed_result(job, f"the cluster could not run this document: {type(exc).__name__}: "
                                            f"{' '.join(str(exc).split())[:200]}", "cluster")
                document = write_document(out, result)
            record(job, document)
