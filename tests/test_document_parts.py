"""A budget published as two files (北京 publishes its 报表 and its 情况说明 apart): each is read as
a part of one document, linked, and the 情况说明's figures are checked against the 报表's tables."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.conftest import SAMPLES, query

CENTRE_2025 = SAMPLES / "000_e6a3c2844a052672.pdf"


def _split(source: Path, folder: Path) -> tuple[Path, Path]:
    """The sample's ruled pages as one PDF, its prose pages as another (real pages, not mocks)."""
    pdf = pdfium.PdfDocument(source)
    ruled = [i for i in range(len(pdf))
             if sum(1 for o in pdf[i].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH) >= 4]
    prose = [i for i in range(len(pdf)) if i not in ruled]
    paths = folder / "报表.pdf", folder / "情况说明.pdf"
    for path, pages in zip(paths, (ruled, prose), strict=True):
        part = pdfium.PdfDocument.new()
        part.import_pages(pdf, pages)
        part.save(path)
    return paths


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _split(CENTRE_2025, tmp_path_factory.mktemp("parts"))


def test_each_file_is_a_part_with_the_document_identity(parts: tuple[Path, Path]) -> None:
    from extract.cli import show_payload

    tables, explanation = (show_payload(p, None) for p in parts)
    for payload in (tables, explanation):
        doc = payload["document"]
        assert doc["status"] == "ok"
        assert (doc["unit_name"], doc["fiscal_year"], doc["kind"]) == (
            "广州市人力资源和社会保障数据服务中心", 2025, "department_budget")
    assert tables["document"]["document_part"] == "tables" and len(tables["tables"]) == 13
    assert explanation["document"]["document_part"] == "explanation" and explanation["tables"] == []
    income = next(f for f in explanation["facts"] if f["name"] == "income_total")
    assert income["value"] == "7776.8"


def test_not_a_budget_stays_rejected() -> None:
    from extract.cli import show_payload

    notice = SAMPLES.parent.parent.parent / "shared" / "corpus" / "bad" / "not_budget_notice.pdf"
    if not notice.exists():
        pytest.skip("../shared/corpus/bad is absent")
    assert show_payload(notice, None)["document"]["reason_code"] == "not_budget"


def test_parts_are_linked_and_the_explanation_is_checked_against_the_tables(
        parts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> None:
    from rich.console import Console

    from extract.runner import run
    from pipeline import build

    raw = tmp_path_factory.mktemp("parts_raw")
    assert run(list(parts), raw, console=Console(quiet=True)).statuses == {"ok": 2}
    target = tmp_path_factory.mktemp("parts_warehouse") / "cnbudget.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNBUDGET_RAW", str(raw))
        build.swap_in(build.build_database(target), target)
    links = dict(query(target, """
        select d.document_part, c.document_part from main.dim_document as d
        inner join main.dim_document as c on c.document_key = d.companion_document_key"""))
    assert links == {"tables": "explanation", "explanation": "tables"}
    stated = query(target, """
        select r.subject, r.status, r.expected_printed, r.actual_printed from checks.check_results as r
        inner join main.dim_document as d using (document_key)
        where d.document_part = 'explanation' and r.check_kind = 'prose_vs_table' and r.subject = 'income_total'""")
    assert stated and all(status == "pass" for _, status, _, _ in stated)
    assert {float(actual) for *_, actual in stated} == {7776.8}
