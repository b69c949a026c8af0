"""Where things live; every path can be overridden by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def warehouse_path() -> Path:
    return Path(os.environ.get("CNBUDGET_WAREHOUSE", REPO / "warehouse" / "cnbudget.duckdb")).resolve()


def raw_path() -> Path:
    return Path(os.environ.get("CNBUDGET_RAW", REPO / "data" / "raw")).resolve()


def reports_path() -> Path:
    return Path(os.environ.get("CNBUDGET_REPORTS", REPO / "reports")).resolve()


def venv_bin(name: str) -> str:
    """A console script of the running interpreter's environment (dbt lives next to python)."""
    import sys

    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name
