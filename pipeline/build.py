"""`make build`: refresh the warehouse without ever showing a reader a half-built one.

1. extract the PDFs (incremental: unchanged files are not read again);
2. `dbt build` (seeds, models, tests) into a new DuckDB file next to the warehouse;
3. run the quality checks (Great Expectations) on that new file and write the report;
4. only if both succeeded, rename the new file over the old one (atomic on POSIX).

A BI tool holding the old file open keeps reading the old, consistent file until it reconnects;
a failed build leaves the last good warehouse in place. A lock file keeps two builds apart.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.paths import REPO, raw_path, venv_bin, warehouse_path


class BuildFailed(RuntimeError):
    pass


@contextmanager
def build_lock(warehouse: Path) -> Iterator[None]:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with open(warehouse.parent / ".build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFailed(f"another build of {warehouse} is running") from None
        yield


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    print("+ " + " ".join(cmd), flush=True)
    if subprocess.run(cmd, cwd=REPO, env=env).returncode != 0:
        raise BuildFailed(f"failed: {' '.join(cmd[:3])}")


def extract(docs: list[str], jobs: int | None) -> None:
    cmd = [sys.executable, "-m", "extract", "run", *docs, "--out", str(raw_path())]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    _run(cmd)


def dbt_env(database: Path) -> dict[str, str]:
    return {**os.environ, "DBT_DUCKDB_PATH": str(database), "CNBUDGET_RAW": str(raw_path()),
            "DBT_PROFILES_DIR": str(REPO)}


def build_database(target: Path) -> Path:
    """dbt build into a new file beside the target; returns the new file (not yet swapped in)."""
    fresh = target.with_name(f".{target.stem}.{os.getpid()}.building{target.suffix}")
    fresh.unlink(missing_ok=True)
    try:
        _run([venv_bin("dbt"), "build", "--quiet"], env=dbt_env(fresh))
    except BuildFailed:
        fresh.unlink(missing_ok=True)
        Path(f"{fresh}.wal").unlink(missing_ok=True)
        raise
    if Path(f"{fresh}.wal").exists():  # dbt closed its connection, so this should never happen
        raise BuildFailed(f"{fresh}.wal left behind: the new warehouse was not checkpointed")
    return fresh


def swap_in(fresh: Path, target: Path) -> None:
    """Atomic replace: readers of the old file keep their open handle on the old contents."""
    os.replace(fresh, target)


def check_quality(fresh: Path, target: Path) -> int:
    """The quality run on the candidate warehouse; its report names the real warehouse path."""
    from quality.run import main as quality_main

    return quality_main(["--warehouse", str(fresh), "--warehouse-label", f"{target} (new build)"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.build", description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="*", default=["data/samples"], help="folders of PDFs (default data/samples)")
    parser.add_argument("--jobs", type=int, help="extraction processes (default: CPU count)")
    parser.add_argument("--skip-quality", action="store_true", help="swap the new warehouse in without the quality checks")
    args = parser.parse_args(argv)
    target = warehouse_path()
    started = time.perf_counter()
    try:
        with build_lock(target):
            extract(args.docs, args.jobs)
            fresh = build_database(target)
            quality = 0 if args.skip_quality else check_quality(fresh, target)
            if quality >= 2:
                fresh.unlink(missing_ok=True)
                raise BuildFailed("the quality checks found failures (listed above, and in the report)")
            swap_in(fresh, target)
            print(f"warehouse ready: {target} ({time.perf_counter() - started:.1f} s)", flush=True)
    except BuildFailed as exc:
        print(f"build failed: {exc}; the previous warehouse (if any) is unchanged", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
