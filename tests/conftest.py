"""Shared fixtures: the corpus in ../shared (skipped with a message when absent) and the samples."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "data" / "samples"
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_dir(name: str) -> Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.skip(f"{path} is absent: the shared test corpus is needed for this test")
    return path


@cache
def extracted(path: str, password: str | None = None) -> dict[str, Any]:
    """`show` payload of a PDF, computed once per test session."""
    from extract.cli import show_payload

    return show_payload(Path(path), password)


def truth_files() -> list[Path]:
    return sorted((CORPUS / "truth").glob("*.json")) if (CORPUS / "truth").is_dir() else []


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def table_by_title(payload: dict[str, Any], fragment: str) -> dict[str, Any]:
    matches = [t for t in payload["tables"] if t["title"] and fragment in t["title"]]
    assert len(matches) == 1, f"expected one table titled *{fragment}*, got {[t['title'] for t in matches]}"
    return matches[0]


@pytest.fixture(scope="session")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples extracted once for the whole test session."""
    from rich.console import Console

    from extract.runner import run

    out = tmp_path_factory.mktemp("raw")
    summary = run([SAMPLES], out, console=Console(quiet=True))
    assert summary.statuses == {"ok": len(list(SAMPLES.glob("*.pdf")))} == {"ok": 15}
    return out


@pytest.fixture(scope="session")
def warehouse(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from the samples with the real build path (dbt build, then swap)."""
    from pipeline import build

    target = tmp_path_factory.mktemp("warehouse") / "cnbudget.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNBUDGET_RAW", str(raw_dir))
        build.swap_in(build.build_database(target), target)
    return target


def query(database: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def dropping_first_column(original: Any, pages: set[int] | None = None) -> Any:
    """extract.grid._grid made to lose the first column of every grid (on the given pages): a
    stand-in for whatever makes a reader miss a column (a rule it cannot see, an open side)."""
    from extract.model import PageGrid

    def lossy(page_number: int, table: Any) -> PageGrid | None:
        found = original(page_number, table)
        if found is None or len(found.col_edges) < 3 or (pages is not None and page_number not in pages):
            return found
        return PageGrid(found.page, found.top, found.bottom, found.col_edges[1:], [r[1:] for r in found.cells],
                        [r[1:] for r in found.spans], found.row_tops)
    return lossy
