"""Acceptance: `show` against the exact ground truth of the five rendered Guangdong documents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract.text import is_amount, squash
from tests.conftest import REPO, corpus_dir, extracted, load_json, truth_files

TRUTH = truth_files()


def _pdf_for(truth: Path) -> Path:
    return corpus_dir("pdf") / f"{truth.stem}.pdf"


def _cells(truth_doc: dict, payload: dict) -> tuple[int, int, int, int, list[str]]:
    """(numeric ok, numeric total, all ok, all total, mismatches) comparing body cells by position."""
    num_ok = num = ok = total = 0
    misses = []
    for t_table, table in zip(truth_doc["tables"], payload["tables"], strict=False):
        for i, t_row in enumerate(t_table["rows"]):
            row = table["rows"][i] if i < len(table["rows"]) else []
            for j, t_cell in enumerate(t_row):
                same = j < len(row) and squash(row[j]) == squash(t_cell)
                total += 1
                ok += same
                if is_amount(t_cell):
                    num += 1
                    num_ok += same
                if not same:
                    misses.append(f"table {t_table['seq']} row {i} col {j}: {row[j] if j < len(row) else None!r} != {t_cell!r}")
    return num_ok, num, ok, total, misses


@pytest.mark.skipif(not TRUTH, reason="../shared/corpus/truth is absent")
@pytest.mark.parametrize("truth", TRUTH, ids=lambda p: p.stem[:3])
def test_every_truth_table_is_found_with_its_title(truth: Path) -> None:
    doc = load_json(truth)
    payload = extracted(str(_pdf_for(truth)))
    assert payload["document"]["status"] == "ok"
    titles = [squash(t["title"]) or None for t in payload["tables"]]
    assert titles == [squash(t["title"]) or None for t in doc["tables"]]


@pytest.mark.skipif(not TRUTH, reason="../shared/corpus/truth is absent")
@pytest.mark.parametrize("truth", TRUTH, ids=lambda p: p.stem[:3])
def test_body_cells_match_the_truth(truth: Path) -> None:
    doc = load_json(truth)
    payload = extracted(str(_pdf_for(truth)))
    num_ok, num, ok, total, misses = _cells(doc, payload)
    assert num > 100
    assert num_ok == num, misses[:10]  # every numeric cell, exactly
    assert ok / total >= 0.995, misses[:10]
    for t_table, table in zip(doc["tables"], payload["tables"], strict=True):
        assert len(table["rows"]) == len(t_table["rows"]), t_table["title"]
        assert [[squash(c) for c in r] for r in table["header_rows"]] == \
               [[squash(c) for c in r] for r in t_table["header_rows"]], t_table["title"]


@pytest.mark.skipif(not TRUTH, reason="../shared/corpus/truth is absent")
@pytest.mark.parametrize("truth", TRUTH, ids=lambda p: p.stem[:3])
def test_identity_matches_the_truth(truth: Path) -> None:
    doc = load_json(truth)
    identity = extracted(str(_pdf_for(truth)))["document"]
    assert identity["unit_name"] == doc["unit_name"]
    assert identity["fiscal_year"] == doc["fiscal_year"]
    assert identity["region_path"] == doc["region"]
    assert identity["kind"] == "department_budget"


def test_show_cli_prints_json_with_known_values() -> None:
    pdf = REPO / "data" / "samples" / "000_e6a3c2844a052672.pdf"
    out = subprocess.run([sys.executable, "-m", "extract", "show", str(pdf), "--format", "json"],
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    import json

    payload = json.loads(out)
    income = next(t for t in payload["tables"] if t["title"] == "收入总体情况表")
    row = next(r for r in income["rows"] if r[0] == "2080104")
    assert row[1:3] == ["综合业务管理", "5,635.08"]
    assert income["columns"][3] == "财政拨款收入/一般公共预算"
    assert income["currency_unit"] == "万元" and income["pages"] == [5]
