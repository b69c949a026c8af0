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
