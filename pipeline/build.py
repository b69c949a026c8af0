"""`make build`: refresh the warehouse without ever showing a reader a half-built one.

1. extract the PDFs (incremental: unchanged files are not read again);
2. `dbt build` (seeds, models, tests) into a new DuckDB file next to the warehouse — a copy of the
   warehouse in place when the same dbt project built it, so that the per-document layers
   recompute only the documents extracted since (nothing at all is rebuilt when nothing changed);
3. run the quality checks (Great Expectations) on that new file and write the report;
4. unless the pipeline itself failed, rename the new file over the old one (atomic on POSIX).

A document whose relations fail unreviewed is quarantined (dim_document.quality_status), one whose
tables print numbers the extractor could not place is incomplete; each is named in the report and
published with the others: one document never holds back the rest. Exit status, for schedulers:
0 published, every document passes; 1 published with quarantined or incomplete documents (a person
has to look); 2 not published (the pipeline failed; the last good warehouse stays). --strict: any
quarantined or incomplete document is a failure (exit 2, nothing published).

One lock covers the whole refresh — the extraction output, dbt, the checks, the swap — and is held
by this process, which owns every child: the extraction workers and dbt die with it. A reader
holding the old file read-only keeps reading it until it reconnects; a process holding it for
writing makes the swap refuse (its write-ahead log would be replayed onto the new file).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract.store import exclusive_lock, lock_store
from extract.workers import die_with_parent
from pipeline.paths import REPO, raw_path, venv_bin, warehouse_path

EXIT_PUBLISHED, EXIT_QUARANTINED, EXIT_NOT_PUBLISHED = 0, 1, 2
COMPACT_AT = 0.2  # share of free blocks in a new warehouse file beyond which it is rewritten without them


class BuildFailed(RuntimeError):
    pass


def build_lock(warehouse: Path) -> AbstractContextManager[None]:
    """Only one refresh of a warehouse at a time."""
    return exclusive_lock(warehouse.parent / ".build.lock", BuildFailed(f"another build of {warehouse} is running"))


def store_lock(raw: Path) -> AbstractContextManager[None]:
    """The extraction output, locked from extraction to swap: dbt and the checks read it."""
    return lock_store(raw, error=BuildFailed)


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    print("+ " + " ".join(cmd), flush=True)
    # the child dies with this process: a killed build leaves no dbt writing beside the next one
    parent = os.getpid()
    if subprocess.run(cmd, cwd=REPO, env=env, preexec_fn=lambda: die_with_parent(parent)).returncode != 0:
        raise BuildFailed(f"failed: {' '.join(cmd[:3])}")


def extract(docs: list[str], jobs: int | None, verbose: bool = False) -> None:
    """The extraction, in this process: its workers are children of the lock holder."""
    from rich.console import Console

    from extract.runner import print_problems, print_summary, run, summary_line

    console = Console(stderr=True)
    print(f"+ extract {' '.join(docs)} -> {raw_path()}", flush=True)
    try:
        summary = run([Path(d) for d in docs], raw_path(), jobs, console=console, lock=False)
    except FileNotFoundError as exc:
        raise BuildFailed(str(exc)) from None
    if verbose:
        print_summary(summary, raw_path(), console)
    else:
        print(summary_line(summary, raw_path()), flush=True)
        print_problems(summary, console)
    if not summary.statuses:
        raise BuildFailed(f"no *.pdf found under {', '.join(docs)}")
    if not summary.statuses.get("ok"):
        raise BuildFailed("no document could be read")


def dbt_env(database: Path) -> dict[str, str]:
    return {**os.environ, "DBT_DUCKDB_PATH": str(database), "CNBUDGET_RAW": str(raw_path()),
            "DBT_PROFILES_DIR": str(REPO)}


def _building_name(target: Path) -> Path:
    """The new file's name: one per warehouse (the build lock admits one build), and the same each
    time, so that dbt's partial parsing survives from one refresh to the next (the database path
    is part of the profile, and a new path makes dbt parse the whole project again, ~5 s)."""
    return target.with_name(f".{target.stem}.building{target.suffix}")


def remove_stale_builds(target: Path) -> list[Path]:
    """New files of builds that were killed (their .wal too); call with the build lock held."""
    stale = sorted(target.parent.glob(f".{target.stem}.*building{target.suffix}*"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def build_database(target: Path, base: Path | None = None) -> Path:
    """dbt build into a new file beside the target; returns the new file (not yet swapped in).
    With `base` (a warehouse built by the same dbt project) the new file starts as a copy of it and
    the per-document layers recompute only the documents extracted since (an incremental build)."""
    fresh = _building_name(target)
    fresh.unlink(missing_ok=True)
    if base is not None:
        shutil.copyfile(base, fresh)
    # the seeds of the copy are those this same project loaded and tested: not loaded again
    unchanged_seeds = ["--exclude", "resource_type:seed", "path:seeds"] if base is not None else []
    try:
        _run([venv_bin("dbt"), "build", "--quiet", *unchanged_seeds], env=dbt_env(fresh))
    except BuildFailed:
        fresh.unlink(missing_ok=True)
        Path(f"{fresh}.wal").unlink(missing_ok=True)
        raise
    if Path(f"{fresh}.wal").exists():  # dbt closed its connection, so this should never happen
        raise BuildFailed(f"{fresh}.wal left behind: the new warehouse was not checkpointed")
    compact(fresh)
    return fresh


def compact(database: Path, free_share: float = COMPACT_AT) -> bool:
    """Rewrite the file without the blocks an incremental build freed (DuckDB reuses free blocks but
    never gives them back: a refresh deletes and inserts the documents it recomputes and rebuilds
    the cross-document tables, and the copy it started from grew by a third each time), when they
    are more than `free_share` of it. Every schema, table and view is copied as it is."""
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        total, free = con.execute("select total_blocks, free_blocks from pragma_database_size()").fetchone()
    if not total or free / total <= free_share:
        return False
    # named so that remove_stale_builds takes it away if the build is killed meanwhile
    compacted = database.with_name(f".{database.stem.lstrip('.')}.compacting-building{database.suffix}")
    compacted.unlink(missing_ok=True)
    with duckdb.connect() as con:
        con.execute(f"attach '{database}' as source (read_only)")
        con.execute(f"attach '{compacted}' as target")
        con.execute("copy from database source to target")
    os.replace(compacted, database)
    return True


def _writer_holds(target: Path) -> str | None:
    """Why the target cannot be replaced now, or None. DuckDB holds a write lock on a file it has
    open for writing, and keeps committed changes in <file>.wal until it checkpoints."""
    wal = Path(f"{target}.wal")
    if wal.exists():
        return (f"{wal} exists: a process has the warehouse open for writing (or crashed while it had); "
                "close it and build again")
    return None


def swap_in(fresh: Path, target: Path) -> None:
    """Atomic replace: readers of the old file keep their open handle on the old contents. Refused
    while a writer holds the old file: its log would be replayed onto the new one."""
    reason = _writer_holds(target)
    with ExitStack() as stack:
        if reason is None and target.exists():
            handle = stack.enter_context(open(target, "rb"))
            try:  # held across the rename, so no writer can open the old file in between
                fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                reason = f"a process has {target} open for writing; close it and build again"
        if reason is not None:
            fresh.unlink(missing_ok=True)
            raise BuildFailed(f"not swapped in: {reason}")
        os.replace(fresh, target)


def check_quality(fresh: Path, target: Path, strict: bool, verbose: bool = False) -> tuple[int, str | None, Path | None]:
    """The quality run on the candidate warehouse (exit status, verdict, report page); its report
    names the real warehouse path."""
    from quality.run import run as quality_run

    return quality_run(["--warehouse", str(fresh), "--warehouse-label", f"{target} (new build)",
                        *(["--strict"] if strict else []), *(["--verbose"] if verbose else [])])


# what a warehouse is built from besides the extraction output: the dbt project, and the checks
_PROJECT_FOLDERS, _PROJECT_FILES = ("models", "macros", "seeds"), ("dbt_project.yml", "profiles.yml")


def _files_digest(folders: tuple[str, ...], names: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    files = [REPO / name for name in names]
    files += sorted(p for folder in folders for p in (REPO / folder).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def project_fingerprint() -> str:
    """The dbt project: a warehouse built by another one is never the base of an incremental build."""
    return _files_digest(_PROJECT_FOLDERS, _PROJECT_FILES)


def inputs_fingerprint(raw: Path, options: str, project: str) -> str:
    """Everything the warehouse is built from: the extraction output (each file's name, size and
    time: a document extracted again is rewritten), the dbt project, the checks, the options."""
    digest = hashlib.sha256(f"{options}\n{project}\n{_files_digest(('quality',))}\n".encode())
    for path in sorted(raw.glob("*/*.parquet")):
        stat = path.stat()
        digest.update(f"{path.parent.name}/{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _record_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.built-from.json")


def _last_build(target: Path) -> dict[str, Any] | None:
    """The record of the last publication, if the warehouse in place is still the file it put there."""
    try:
        record = json.loads(_record_path(target).read_text(encoding="utf-8"))
        stat = target.stat()
    except (OSError, ValueError):
        return None
    same_file = (record.get("inode"), record.get("mtime_ns")) == (stat.st_ino, stat.st_mtime_ns)
    return record if same_file else None


def _remember(target: Path, fingerprint: str, project: str, status: int, verdict: str | None = None,
              report: Path | None = None) -> None:
    stat = target.stat()
    record = {"fingerprint": fingerprint, "project": project, "status": status, "inode": stat.st_ino,
              "mtime_ns": stat.st_mtime_ns, "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
              "verdict": verdict, "report": str(report) if report else None}
    temporary = _record_path(target).with_suffix(".tmp")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, _record_path(target))


def refresh(docs: list[str], jobs: int | None, skip_quality: bool, strict: bool, full: bool = False,
            verbose: bool = False) -> int:
    """The whole refresh under one lock; returns the exit status (raises BuildFailed for 2). When
    nothing the warehouse is built from changed since it was published, nothing is rebuilt."""
    target = warehouse_path()
    with build_lock(target), store_lock(raw_path()):
        for path in remove_stale_builds(target):
            print(f"removed {path.name}: left by a build that was killed", flush=True)
        extract(docs, jobs, verbose)
        project = project_fingerprint()
        fingerprint = inputs_fingerprint(raw_path(), f"skip_quality={skip_quality} strict={strict}", project)
        last = None if full else _last_build(target)
        if last is not None and last.get("fingerprint") == fingerprint:
            published = f"{last['verdict']} (exit {last['status']})" if last.get("verdict") else f"exit {last['status']}"
            print(f"warehouse up to date: nothing it is built from changed since {last['built_at']}; last published "
                  f"{published}{', report ' + last['report'] if last.get('report') else ''} "
                  "(make build FULL=1 rebuilds it anyway)", flush=True)
            return int(last["status"])
        # the same dbt project built the warehouse in place: start from it, recompute what changed
        incremental = last is not None and last.get("project") == project and _writer_holds(target) is None
        print(f"+ {'incremental build from the warehouse in place' if incremental else 'full build'}", flush=True)
        fresh = build_database(target, target if incremental else None)
        quality, verdict, report = (EXIT_PUBLISHED, None, None) if skip_quality else check_quality(fresh, target, strict,
                                                                                                     verbose)
        if quality >= EXIT_NOT_PUBLISHED:
            fresh.unlink(missing_ok=True)
            raise BuildFailed("the quality checks found failures of the pipeline (listed above, and in the report)"
                              if not strict else "the quality checks failed under --strict (listed above)")
        swap_in(fresh, target)
        status = EXIT_QUARANTINED if quality == 1 else EXIT_PUBLISHED
        _remember(target, fingerprint, project, status, verdict, report)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.build", description=__doc__.splitlines()[0],
                                     epilog="exit status: 0 published, all pass; 1 published with quarantined "
                                            "or incomplete documents; 2 not published (the last good warehouse "
                                            "stays)")
    parser.add_argument("docs", nargs="*", default=["data/samples"], help="folders of PDFs (default data/samples)")
    parser.add_argument("--jobs", type=int, help="extraction processes (default: CPU count)")
    parser.add_argument("--skip-quality", action="store_true", help="swap the new warehouse in without the quality checks")
    parser.add_argument("--full", action="store_true",
                        help="rebuild the warehouse even when nothing it is built from changed")
    parser.add_argument("--strict", action="store_true",
                        help="publish only if every document passes (a quarantined or incomplete document fails "
                             "the build)")
    parser.add_argument("--verbose", action="store_true",
                        help="print the extraction table, every reviewed item and every failing relation, not counts")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        status = refresh(args.docs, args.jobs, args.skip_quality, args.strict, args.full, args.verbose)
    except BuildFailed as exc:
        print(f"build failed: {exc}; the previous warehouse (if any) is unchanged", file=sys.stderr)
        return EXIT_NOT_PUBLISHED
    note = " with quarantined or incomplete documents (named above and in the report)" \
        if status == EXIT_QUARANTINED else ""
    print(f"warehouse ready{note}: {warehouse_path()} ({time.perf_counter() - started:.1f} s)", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
