"""Extract one PDF: identify it, find its tables, read its facts; reject what is not ours."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extract import EXTRACTOR_VERSION
from extract.accounting import Accounting, account, unmapped_cells
from extract.assemble import assemble, running_lines
from extract.catalog import code_kind_of_rows, is_budget_table, phase_of
from extract.columns import compose
from extract.contents import ContentsEntry, read_contents
from extract.facts import extract_facts
from extract.identify import identify
from extract.model import Fact, Identity, Issue, Table
from extract.pdfdoc import PageText, Rejected, glyphs_without_text, iter_blocks, read_text_layer
from extract.text import squash

_UNREADABLE = 0.3  # share of characters without a Unicode mapping that makes a text layer useless


@dataclass
class DocumentResult:
    document: dict[str, Any]
    tables: list[Table] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    contents: list[ContentsEntry] = field(default_factory=list)  # the tables its 目录 lists
    issues: list[Issue] = field(default_factory=list)
    accounting: Accounting | None = None  # every printed number and where it went; None when not read

    @property
    def status(self) -> str:
        return str(self.document["status"])


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


MEMORY_REASON = "exceeded the memory limit (--max-memory): a content stream too large to inflate"
TIMEOUT_REASON = "timed out: the document took longer than the time limit (--timeout)"


def unreadable_record(path: Path, error: OSError) -> dict[str, Any]:
    """A file that cannot even be read (permissions, a vanished or special file): a document of
    its own, keyed by its path, with the reason."""
    record = base_record(path, b"")
    record.update(document_id=sha256_of(f"unreadable:{path.resolve()}".encode()), file_size=None, status="failed",
                  reason=f"cannot read the file: {error.strerror or error}", reason_code="unreadable")
    return record


def base_record(path: Path, data: bytes) -> dict[str, Any]:
    return {
        "document_id": sha256_of(data),
        "source_file": str(path),
        "file_name": path.name,
        "file_size": len(data),
        "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": datetime.now(UTC),
        "status": "ok",
        "document_part": None,
        "reason": None,
        "reason_code": None,
        "pages": None,
        "table_numbers": None,
        "placed_numbers": None,
    }


def _check_text_layer(pages: list[PageText]) -> list[Issue]:
    chars = "".join(p.text for p in pages)
    if not squash(chars):
        if any(p.images for p in pages):
            raise Rejected("no text layer: the pages are images (a scan); OCR would be needed", "scanned")
        if any(p.objects for p in pages):
            raise Rejected("no text layer: the pages are drawn without text (outlines); OCR would be needed", "scanned")
        raise Rejected("the pages are blank: no text and nothing drawn (or content streams that cannot be read)",
                       "blank")
    unmapped = sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    if unmapped / max(1, len(squash(chars))) > _UNREADABLE:
        raise Rejected("unreadable text layer: fonts without a Unicode map ((cid:N) glyphs)", "unreadable")
    return [Issue("warning", _textless_page(p), page=p.number) for p in pages if not squash(p.text)]


def _textless_page(page: PageText) -> str:
    if page.images:
        return "page has no text layer (image only); its content is not extracted"
    if page.objects:
        return "page has no text, only drawings; its content is not extracted"
    return "page is empty: nothing is drawn on it (a blank page, or a content stream that cannot be read)"


def detect_template(tables: list[Table]) -> str:
    """The layout family, from features a reader sees (titles and headers), not from the file."""
    titles = [squash(t.title) for t in tables if t.title]
    headers = {squash(c) for t in tables for row in t.header_rows for c in row}
    if any(t.endswith("财务收支预算总表") for t in titles):
        return "shanghai"
    if any(t.endswith("收支总表") for t in titles):
        return "shenzhen"
    if any(t.endswith("收支总体情况表") for t in titles):
        return "guangdong_paired_economic" if "政府预算支出经济科目" in headers else "guangdong"
    return "unknown"


def _table_issues(tables: list[Table]) -> list[Issue]:
    issues = []
    for t in tables:
        label = t.title or "untitled table"
        if not t.rows:
            issues.append(Issue("warning", f"table {t.seq} ({label}) has no body rows", t.pages[0], t.seq))
        if t.table_type == "unknown":
            issues.append(Issue("warning", f"table {t.seq} title not recognised: {label}", t.pages[0], t.seq))
        if t.title and not t.header_rows and t.follows_table_seq is None:
            issues.append(Issue("info", f"table {t.seq} ({label}) prints no header rows", t.pages[0], t.seq))
    return issues


_STATED_TOTALS = {"income_total", "expenditure_total", "three_public_total", "fiscal_appropriation_income"}


def _document_part(pages: list[PageText], tables: list[Table], identity: Identity, facts: list[Fact]) -> str:
    """complete (tables and their 情况说明), tables (a 报表 file, as 北京 publishes them), or
    explanation (the 情况说明 printed as its own file); anything else is not ours."""
    if identity.other_document:
        raise Rejected(f"not a departmental budget document: its cover reads {identity.other_document[:40]}",
                       "not_budget")
    has_tables = any(is_budget_table(t.table_type) for t in tables)
    table_pages = {p for t in tables for p in t.pages}
    prose_pages = sum(1 for p in pages if p.number not in table_pages and len(squash(p.text)) > 300)
    if has_tables:
        return "complete" if prose_pages >= 2 else "tables"
    if identity.kind != "unknown" and any(f.name in _STATED_TOTALS for f in facts):
        return "explanation"
    raise Rejected("not a departmental budget document: no budget tables (收支总表, 收入/支出表 …)", "not_budget")


def _read_meaning(table: Table, identity: Identity) -> None:
    """What the table's rows and columns are: its phase, the kind of its codes, each column.
    Every table of a final account reports the year's execution (its 三公 table is titled
    without 决算 in some layouts); a 决算 table printed inside a budget is one too."""
    final_document = identity.kind.endswith("final_account")
    table.phase = "final" if final_document else phase_of(table.title)
    table.code_kind = code_kind_of_rows(table.rows)
    table.columns = compose(table.column_paths, table.table_type, table.title, identity.fiscal_year, table.rows,
                            phase=table.phase)
    table.unmapped_cells = unmapped_cells(table)


def _identity_fields(identity: Identity) -> dict[str, Any]:
    return {
        "title": identity.title,
        "unit_name": identity.unit_name,
        "fiscal_year": identity.fiscal_year,
        "kind": identity.kind,
        "kind_label": identity.kind_label,
        "province": identity.province,
        "city": identity.city,
        "district": identity.district,
        "region_path": identity.region_path,
        "region_code": identity.region_code,
        "admin_level": identity.admin_level,
        "is_consolidated": identity.is_consolidated,
        "subordinate_units": identity.subordinate_units,
    }


def extract_document(path: Path, password: str | None = None, data: bytes | None = None) -> DocumentResult:
    started = time.perf_counter()
    data = path.read_bytes() if data is None else data
    result = DocumentResult(base_record(path, data))
    record = result.document
    try:
        if b"%PDF-" not in data[:1024]:  # the header a PDF starts with (a few bytes of junk may precede it)
            raise Rejected("not a PDF: the file does not start with a PDF header (%PDF-)", "not_pdf")
        layer = read_text_layer(data, password)
        pages = layer.pages
        record["pages"] = len(pages)
        record["modified_at"] = layer.modified_at
        result.issues += _check_text_layer(pages)
        texts = [p.text for p in pages]
        record.update(_identity_fields(identify(texts, [])))  # what is known if the tables fail
        tables, printed = assemble(list(iter_blocks(data, password, pages)), running_lines(texts))
        identity = identify(texts, tables)
        record.update(_identity_fields(identity))
        for table in tables:
            _read_meaning(table, identity)
        result.tables = tables
        result.facts = extract_facts(texts, tables, final_account=identity.kind.endswith("final_account"))
        record["document_part"] = _document_part(pages, tables, identity, result.facts)
        result.accounting = account(printed, result.facts)
        record.update(table_numbers=result.accounting.table_numbers, placed_numbers=result.accounting.placed)
        result.contents = read_contents(texts, tables, identity.unit_name)
        record["template"] = detect_template(tables)
        result.issues += _table_issues(tables)
    except Rejected as rejected:
        if rejected.code == "not_budget" and glyphs_without_text(data, password) > _UNREADABLE:
            rejected = Rejected("unreadable text layer: its fonts have no Unicode map (glyphs without text); OCR would "
                                "be needed", "unreadable")
        record.update(status="rejected", reason=str(rejected), reason_code=rejected.code)
    except MemoryError:
        record.update(status="failed", reason=MEMORY_REASON, reason_code="memory")
    except Exception as exc:  # one bad file must never stop a batch; say what broke, in one line
        message = " ".join(str(exc).split())[:300]
        record.update(status="failed", reason=f"{type(exc).__name__}: {message}", reason_code="error")
    record["seconds"] = round(time.perf_counter() - started, 3)
    return result
