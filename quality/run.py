"""`make quality` / `python -m quality`: validate the warehouse and write a report a person reads.

Exit status, for schedulers: 0 pass (source inconsistencies listed but allowed); 1 documents
quarantined (a relation of theirs fails unreviewed: the warehouse is usable, they need review), or
source inconsistencies under --strict-source; 2 the pipeline failed (an expectation on the
warehouse itself), or quarantined documents under --strict.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from pipeline.paths import reports_path, warehouse_path

DEFAULT_RETENTION = 30


def _run_dir(reports: Path) -> tuple[str, Path]:
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path, n = reports / run_id, 1
    while path.exists():
        n += 1
        path = reports / f"{run_id}-{n}"
    return path.name, path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m quality", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None,
                        help="DuckDB file (default: CNBUDGET_WAREHOUSE or warehouse/cnbudget.duckdb)")
    parser.add_argument("--reports", type=Path, default=None, help="report folder (default: CNBUDGET_REPORTS or reports/)")
    parser.add_argument("--strict-source", action="store_true", help="exit 1 when source inconsistencies are found")
    parser.add_argument("--strict", action="store_true", help="exit 2 when any document is quarantined (all or nothing)")
    parser.add_argument("--retention", type=int, default=int(os.environ.get("CNBUDGET_REPORT_RETENTION", DEFAULT_RETENTION)),
                        help=f"runs to keep in the report folder (default: CNBUDGET_REPORT_RETENTION or {DEFAULT_RETENTION})")
    parser.add_argument("--no-data-docs", action="store_true", help="skip copying GE Data Docs (faster)")
    parser.add_argument("--verbose", action="store_true",
                        help="print every reviewed item (source inconsistencies, columns, duplicate files) and every "
                             "failing relation, not their counts")
    parser.add_argument("--warehouse-label", help=argparse.SUPPRESS)  # what the report calls the file
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(argv)[0]


def run(argv: list[str] | None = None) -> tuple[int, str | None, Path | None]:
    """The quality run: (exit status, verdict in words, report page); (2, None, None) without a warehouse."""
    args = _parser().parse_args(argv)
    warehouse = (args.warehouse or warehouse_path()).resolve()
    reports = (args.reports or reports_path()).resolve()
    started = time.perf_counter()
    from quality.report import apply_retention, write_index, write_run
    from quality.snapshot import load
    from quality.summary import console_lines, summarise, verdict_words
    from quality.validate import validate

    try:
        snapshot = load(warehouse)
    except FileNotFoundError as exc:
        print(f"quality: {exc}", file=sys.stderr)
        return 2, None, None
    reports.mkdir(parents=True, exist_ok=True)
    run_id, run_dir = _run_dir(reports)
    run_dir.mkdir(parents=True)
    try:
        validation = validate(snapshot, None if args.no_data_docs else run_dir / "data_docs")
        summary = summarise(snapshot["check_results"], validation, args.warehouse_label or str(warehouse), run_id,
                            args.strict_source, snapshot["unmapped_columns"], snapshot["dim_document"], args.strict,
                            snapshot["unplaced_numbers"])
        write_run(run_dir, summary)
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)  # no half-written run in the history
        raise
    apply_retention(reports, args.retention)
    write_index(reports)
    stream = sys.stderr if summary["exit_status"] else sys.stdout
    for line in console_lines(summary, args.verbose):
        print(line, file=stream)
    print(f"report: {run_dir / 'summary.html'} ({time.perf_counter() - started:.1f} s); all runs: {reports / 'index.html'}",
          file=stream)
    return int(summary["exit_status"]), verdict_words(summary), run_dir / "summary.html"


if __name__ == "__main__":
    sys.exit(main())
