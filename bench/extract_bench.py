"""Benchmark: the extractor against a bare pdfplumber pass over the same pages.

    python bench/extract_bench.py [FOLDER]      (make bench)

Prints pages/second of (a) the full extraction of every PDF, one process, and (b) a bare
pdfplumber pass that only loads each page's characters (len(page.chars)), their ratio, and the
wall time of a first and a second (incremental, nothing changed) `run` into a fresh folder.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.document import extract_document  # noqa: E402
from extract.runner import find_pdfs, run  # noqa: E402


def bare_pass(pdfs: list[Path]) -> tuple[int, float]:
    pages, started = 0, time.perf_counter()
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                len(page.chars)
                pages += 1
                page.close()
    return pages, time.perf_counter() - started


def full_pass(pdfs: list[Path]) -> tuple[int, float]:
    pages, started = 0, time.perf_counter()
    for pdf in pdfs:
        result = extract_document(pdf)
        pages += int(result.document["pages"] or 0)
    return pages, time.perf_counter() - started


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/samples")
    pdfs = find_pdfs([folder])
    full_pages, full_s = full_pass(pdfs)
    bare_pages, bare_s = bare_pass(pdfs)
    print(f"documents: {len(pdfs)}  pages: {bare_pages}")
    print(f"full extraction : {full_pages / full_s:7.1f} pages/s  ({full_s:.2f} s)")
    print(f"bare pdfplumber : {bare_pages / bare_s:7.1f} pages/s  ({bare_s:.2f} s, len(page.chars) only)")
    print(f"full / bare time: {full_s / bare_s:.2f}")
    quiet = Console(quiet=True)
    with tempfile.TemporaryDirectory() as out:
        first = run([folder], Path(out), console=quiet)
        second = run([folder], Path(out), console=quiet)
    print(f"run, first      : {first.seconds:.2f} s ({first.extracted} documents read, all cores)")
    print(f"run, unchanged  : {second.seconds:.2f} s ({second.extracted} documents read) "
          f"= {100 * second.seconds / first.seconds:.1f}% of the first")


if __name__ == "__main__":
    main()
