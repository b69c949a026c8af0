"""The quality run: every invariant family checked, the corpus' own inconsistencies reported with
their reasons, and mutations of the raw data caught, named and classified."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import build
from quality.report import EXIT_COLOUR
from quality.run import main as quality_main
from quality.screenshot import chromium, screenshot
from quality.summary import console_lines

CENTRE_2025 = "000_e6a3c2844a052672.pdf"
BUREAU_2024 = "001_97bd521a617196cd.pdf"


def _run(warehouse: Path, reports: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code = quality_main(["--warehouse", str(warehouse), "--reports", str(reports), *extra])
    latest = sorted(p for p in reports.iterdir() if p.is_dir())[-1]
    return code, json.loads((latest / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def clean_run(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any], Path]:
    reports = tmp_path_factory.mktemp("reports")
    code, summary = _run(warehouse, reports)
    return code, summary, reports


def test_samples_pass_with_their_source_inconsistencies_listed(clean_run) -> None:
    code, summary, _ = clean_run
    assert code == 0
    assert summary["verdict"] == "source_inconsistencies"
    assert summary["counts"]["fail"] == 0 and summary["expectations"]["failed"] == 0
    assert summary["counts"]["checks"] > 5000
    found = {(r["file_name"], r["check_kind"], str(r["subject"])): r for r in summary["source_inconsistencies"]}
    wanli = found[("shanghai_putuo_wanli_street_2024_budget.pdf", "prose_self_consistency", "住房保障支出/住房改革支出/住房公积金")]
    assert (float(wanli["expected_printed"]), float(wanli["actual_printed"])) == (350.35, 352.67)
    assert wanli["reason"] == "rule: the document states both figures itself"
    justice = found[("shanghai_putuo_justice_2026_unit_budget.pdf", "functional_hierarchy", "20406")]
    assert justice["reason"].startswith("reviewed: The PDF prints 64,840,547.00")
    assert all(r["reason"] for r in summary["source_inconsistencies"])
    # 江门 prints its project table without a header: beside each line's total, its amount columns are
    # listed as unnamed, not guessed, and not reported as words missing from the vocabulary
    unmapped = [u for u in summary["unmapped_columns"] if u["file_name"] == "003_745d9ae431b7d0e5.pdf"]
    assert unmapped and {u["table_seq"] for u in unmapped} >= {12} and unmapped[0]["column_path"].startswith("column_")
    assert {u["why"] for u in unmapped} == {"no header printed"}
    assert not [line for line in console_lines(summary) if line.startswith("unmapped column")]
    assert summary["incomplete_documents"] == []


def test_every_invariant_family_is_checked_for_every_document(clean_run) -> None:
    # what the families check is decided by the tables a document prints, not by its template:
    # every sample prints a summary, coded tables, totals, a 三公 table (but the university's budget and
    # final account: their 三公 is in the prose) and its own 目录
    _, summary, _ = clean_run
    assert all(f["pass"] > 0 for f in summary["by_family"]), summary["by_family"]
    everywhere = {"hierarchy", "row_sum", "balance", "three_public", "cross_table", "prose", "table_presence"}
    per_unit = {"000_e6a3c2844a052672.pdf", BUREAU_2024, "003_745d9ae431b7d0e5.pdf", "004_508ce4c0bf6bbe00.pdf"}
    no_three_public_table = {"swu_2024_budget.pdf", "swu_2024_final.pdf"}
    assert len(summary["by_document"]) == 15
    for doc in summary["by_document"]:
        checked = {f for f, counts in doc["families"].items() if sum(counts.values()) > 0}
        expected = (everywhere | ({"per_unit_tables"} if doc["file_name"] in per_unit else set())) - (
            {"three_public"} if doc["file_name"] in no_three_public_table else set())
        assert expected <= checked, (doc["file_name"], checked)
    cross_document = [d for d in summary["by_document"] if sum(d["families"]["cross_document"].values())]
    assert {d["file_name"] for d in cross_document} >= {CENTRE_2025, "shanghai_putuo_wanli_street_2024_budget.pdf",
                                                       "shanghai_putuo_justice_2026_budget.pdf"}


def test_the_console_counts_what_a_person_reviewed_and_verbose_lists_it(clean_run) -> None:
    _, summary, _ = clean_run
    quiet, verbose = console_lines(summary), console_lines(summary, verbose=True)
    assert quiet == [quiet[0]] and quiet[0].startswith("quality PASS with 14 source inconsistencies (exit 0): ")
    listed = [line for line in verbose if line.startswith("source inconsistency: ")]
    assert len(listed) == 14 and any("shanghai_putuo_wanli_street_2024_budget.pdf page 9" in line for line in listed)
    assert [line for line in verbose if line.startswith("unmapped column (no header printed): 003_")]


def test_strict_source_exit_status(warehouse: Path, tmp_path: Path) -> None:
    code, _ = _run(warehouse, tmp_path, "--strict-source", "--no-data-docs")
    assert code == 1


def test_report_files_and_history(clean_run, warehouse: Path, tmp_path: Path) -> None:
    _, summary, clean_reports = clean_run
    run_dir = clean_reports / summary["run_id"]
    assert (run_dir / "summary.html").read_text(encoding="utf-8").count("<tr") > 12
    assert (run_dir / "data_docs" / "index.html").exists()
    reports = tmp_path / "reports"  # retention works on a copy: the clean run stays for the other tests
    shutil.copytree(clean_reports, reports)
    for _ in range(2):
        _run(warehouse, reports, "--no-data-docs", "--retention", "2")
    runs = [p for p in reports.iterdir() if p.is_dir()]
    assert len(runs) == 2 and summary["run_id"] not in {p.name for p in runs}  # the oldest went
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(p.name in index for p in runs) and "<svg" in index


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium) to render the report")
def test_report_renders_in_headless_chromium(clean_run, tmp_path: Path) -> None:
    _, summary, reports = clean_run
    png = screenshot(reports / summary["run_id"] / "summary.html", tmp_path / "summary.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    # the passing run's banner is drawn in the pass colour (exit 0), below the title
    assert _banner_colour(png) == _rgb(EXIT_COLOUR[0])
    index = screenshot(reports / "index.html", tmp_path / "index.png")
    assert index.stat().st_size > 10_000


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _banner_colour(png: Path) -> tuple[int, int, int]:
    """The colour of the report's banner as the browser drew it (its left edge, under the title)."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    return image.getpixel((60, 100))  # type: ignore[return-value]


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install chromium) to render the report")
def test_chinese_names_are_drawn_with_glyphs_not_boxes(tmp_path: Path) -> None:
    # a Chinese character is as wide as it is high; with no CJK font Chromium draws each as a narrow
    # empty box (tofu, half as wide): '广州' at 120 px, in the report's font stack, must be 2 em wide
    # (Debian: fonts-noto-cjk)
    from PIL import Image, ImageOps

    from quality.report import _page

    probe = tmp_path / "probe.html"
    probe.write_text(_page("probe", "<div style='font-size:120px;line-height:1'>广州</div>"), encoding="utf-8")
    image = Image.open(screenshot(probe, tmp_path / "probe.png", width=600, height=300)).convert("L")
    ink = ImageOps.invert(image).point(lambda v: 255 if v > 96 else 0).getbbox()
    assert ink is not None, "nothing drawn"
    width = ink[2] - ink[0]
    assert width >= 190, f"广州 is {width} px wide at 120 px: boxes, not glyphs (apt-get install fonts-noto-cjk)"


# -- mutations of the raw data: the checks must catch them -----------------------------------------

def _documents(raw: Path) -> dict[str, str]:
    return {r["file_name"]: r["document_id"] for r in pq.read_table(raw / "documents").to_pylist()}


def _edit_rows(raw: Path, file_name: str, edit) -> None:
    path = raw / "rows" / f"{_documents(raw)[file_name]}.parquet"
    table = pq.read_table(path)
    pq.write_table(pa.Table.from_pylist(edit(table.to_pylist()), schema=table.schema), path)


def _table_seq(raw: Path, file_name: str, title: str) -> int:
    doc = _documents(raw)[file_name]
    return next(t["table_seq"] for t in pq.read_table(raw / "tables" / f"{doc}.parquet").to_pylist() if t["title"] == title)


def _mutated_warehouse(raw_dir: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch, mutate) -> Path:
    raw = tmp / "raw"
    shutil.copytree(raw_dir, raw)
    mutate(raw)
    monkeypatch.setenv("CNBUDGET_RAW", str(raw))
    target = tmp / "cnbudget.duckdb"
    build.swap_in(build.build_database(target), target)
    return target


def _relations(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for g in summary["failure_groups"] for r in g["relations"]]


def test_changed_amount_and_deleted_item_are_caught(raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def mutate(raw: Path) -> None:
        income = _table_seq(raw, CENTRE_2025, "收入总体情况表")
        expenditure = _table_seq(raw, CENTRE_2025, "支出总体情况表")

        def edit(rows: list[dict]) -> list[dict]:
            out = []
            for r in rows:
                if r["table_seq"] == income and r["cells"][0] == "2080104":
                    assert r["cells"][2] == "5,635.08"
                    r["cells"][2] = "5,635.18"  # one amount changed
                if r["table_seq"] == expenditure and r["cells"][0] == "2080108":
                    continue  # one 项 row deleted
                out.append(r)
            return out

        _edit_rows(raw, CENTRE_2025, edit)

    warehouse = _mutated_warehouse(raw_dir, tmp_path, monkeypatch, mutate)
    code, summary = _run(warehouse, tmp_path / "reports", "--no-data-docs")
    # one document disagrees with itself: it is quarantined, not the warehouse refused
    assert code == 1 and summary["verdict"] == "quarantined"
    html = (tmp_path / "reports" / summary["run_id"] / "summary.html").read_text(encoding="utf-8")
    assert f"class='banner' style='background:{EXIT_COLOUR[1]}'>QUARANTINED — exit status 1" in html
    if chromium() is not None:  # and the browser draws it so
        assert _banner_colour(screenshot(tmp_path / "reports" / summary["run_id"] / "summary.html",
                                         tmp_path / "quarantined.png")) == _rgb(EXIT_COLOUR[1])
    assert [d["file_name"] for d in summary["quarantined_documents"]] == [CENTRE_2025]
    assert summary["expectations"]["pipeline_failures"] == 0
    relations = _relations(summary)
    changed = [r for r in relations if r["table_title"] == "收入总体情况表" and r["file_name"] == CENTRE_2025]
    row_sum = next(r for r in changed if r["check_kind"] == "row_sum")
    assert row_sum["subject"].startswith("2080104") and row_sum["page"] == 5
    assert (float(row_sum["expected_printed"]), float(row_sum["actual_printed"])) == (5635.18, 5635.08)
    parent = next(r for r in changed if r["check_kind"] == "functional_hierarchy" and r["subject"] == "20801")
    assert (float(parent["expected_printed"]), float(parent["actual_printed"])) == (6536.56, 6536.66)
    assert "2080104" in parent["detail"]
    deleted = [r for r in relations if r["table_title"] == "支出总体情况表" and r["subject"] == "20801"
               and r["check_kind"] == "functional_hierarchy"]
    assert deleted and {float(r["actual_printed"]) for r in deleted if r["measure"] == "合计"} == {5635.08}


def test_lost_continuation_page_is_an_extraction_failure(raw_dir: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def mutate(raw: Path) -> None:
        income = _table_seq(raw, BUREAU_2024, "收入总体情况表")
        _edit_rows(raw, BUREAU_2024, lambda rows: [r for r in rows if not (r["table_seq"] == income and r["page"] == 8)])

    warehouse = _mutated_warehouse(raw_dir, tmp_path, monkeypatch, mutate)
    code, summary = _run(warehouse, tmp_path / "reports", "--no-data-docs")
    assert code == 1
    strict, _ = _run(warehouse, tmp_path / "strict-reports", "--no-data-docs", "--strict")
    assert strict == 2  # all or nothing, when asked for
    group = next(g for g in summary["failure_groups"] if g["file_name"] == BUREAU_2024 and g["table_title"] == "收入总体情况表")
    assert group["diagnosis"] == "extraction failure" and group["failed"] >= 3


def test_a_table_that_loses_a_column_makes_its_document_incomplete(raw_dir: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the centre's 2025 收入总体情况表 (page 5) read by a grid finder that loses its first column (科目编码):
    # its codes are printed beside the table that remains, accounted as unplaced, and the document
    # is published, named in the report with what was not read
    from extract import grid
    from extract.document import extract_document
    from extract.store import write_document
    from tests.conftest import SAMPLES, dropping_first_column

    def mutate(raw: Path) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(grid, "_grid", dropping_first_column(grid._grid, pages={5}))
            result = extract_document(SAMPLES / CENTRE_2025)
        write_document(raw, result)

    warehouse = _mutated_warehouse(raw_dir, tmp_path, monkeypatch, mutate)
    code, summary = _run(warehouse, tmp_path / "reports", "--no-data-docs")
    assert code == 1 and summary["verdict"] in ("incomplete", "quarantined")
    (doc,) = summary["incomplete_documents"]
    assert doc["file_name"] == CENTRE_2025 and doc["unplaced_pages"] == [5] and doc["unplaced_numbers"] >= 10
    assert doc["unplaced_summary"] == f"{doc['unplaced_numbers']} numbers on page 5 not in any recognised table"
    assert {u["printed_text"] for u in doc["unplaced"]} >= {"208", "20801", "2080104"}
    assert doc["quality_status"] in ("incomplete", "quarantined")
    html = (tmp_path / "reports" / summary["run_id"] / "summary.html").read_text(encoding="utf-8")
    assert html.index("Incomplete documents") < html.index("Quarantined documents") and CENTRE_2025 in html
    assert any(line.startswith(f"INCOMPLETE: {CENTRE_2025}") for line in console_lines(summary))
