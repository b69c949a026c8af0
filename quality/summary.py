"""The run's findings as plain data: counts, non-passing relations, failure diagnosis, exit status."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import polars as pl

from quality.suites import FAMILIES
from quality.validate import ValidationOutcome

STATUSES = ("pass", "source_inconsistency", "fail")
# for schedulers: 0 publishable as is; 1 publishable, a person has to look (quarantined documents,
# or source inconsistencies under --strict-source); 2 the pipeline failed, or --strict refuses
EXIT_PASS, EXIT_REVIEW, EXIT_FAIL = 0, 1, 2
# A table with this many failing relations (or this share of its relations) did not come out of
# the PDF right: a lost continuation page, a shifted column. Fewer is a single wrong figure.
MANY_FAILURES, MANY_FAILURES_SHARE = 3, 0.25


def _clean(value: Any) -> Any:
    """JSON-friendly Python values from what polars hands back. A decimal becomes a JSON number:
    every figure here has at most 6 decimals and 15 digits, so the shortest float that round-trips
    prints exactly the decimal (350.35), as the report has always shown it."""
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _counts(frame: pl.DataFrame) -> dict[str, int]:
    counts = dict(frame["status"].value_counts().iter_rows()) if len(frame) else {}
    return {s: int(counts.get(s, 0)) for s in STATUSES}


_RELATION_KEYS = ["check_id", "status", "invariant_family", "check_kind", "document_key", "file_name", "unit_name",
                  "fiscal_year", "table_seq", "table_title", "pages", "page", "subject", "measure", "expected_printed",
                  "actual_printed", "printed_unit", "difference", "tolerance", "value_unit", "comparison", "detail",
                  "reason"]


def _relations(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(row.get(k)) for k in _RELATION_KEYS} for row in frame.iter_rows(named=True)]


def _counts_by(frame: pl.DataFrame, keys: list[str]) -> dict[tuple[Any, ...], dict[str, int]]:
    """_counts of each combination of the keys, in the order the combinations first occur: one
    aggregation, not a filter per group (at 1,200 documents a filter per document and family took
    8 s)."""
    counts: dict[tuple[Any, ...], dict[str, int]] = {
        key: dict.fromkeys(STATUSES, 0) for key in frame.group_by(keys, maintain_order=True).len().drop("len").iter_rows()}
    for *key, status, n in frame.group_by([*keys, "status"]).len().iter_rows():
        if status in STATUSES:
            counts[tuple(key)][status] = int(n)
    return counts


def _by_document(results: pl.DataFrame) -> list[dict[str, Any]]:
    """Per document (as its first relation names it): its counts, per family and per kind of check."""
    totals = _counts_by(results, ["document_key"])
    families = _counts_by(results, ["document_key", "invariant_family"])
    kinds: dict[Any, dict[Any, dict[str, int]]] = {}
    for (doc, kind), counts in _counts_by(results, ["document_key", "check_kind"]).items():
        kinds.setdefault(doc, {})[kind] = counts
    documents = []
    for first in results.group_by("document_key", maintain_order=True).first().iter_rows(named=True):
        doc = first["document_key"]
        documents.append({
            "document_key": doc, "file_name": first["file_name"], "unit_name": first["unit_name"],
            "fiscal_year": _clean(first["fiscal_year"]), "template": first["template"], **totals[(doc,)],
            "families": {f: families.get((doc, f), dict.fromkeys(STATUSES, 0)) for f in FAMILIES},
            "kinds": kinds[doc],
        })
    return documents


def _failure_groups(results: pl.DataFrame) -> list[dict[str, Any]]:
    keyed = results.with_columns(pl.col("table_seq").fill_null(-1).alias("_table"))
    checked = dict(((d, t), n) for d, t, n in keyed.group_by("document_key", "_table").len().iter_rows())
    groups = []
    failed = keyed.filter(pl.col("status") == "fail")
    for (doc, table), rows in failed.group_by("document_key", "_table", maintain_order=True):
        missing = (rows["check_kind"] == "table_listed").any()  # a table its contents list, not found
        in_table = checked[(doc, table)]
        many = len(rows) >= MANY_FAILURES or len(rows) / max(in_table, 1) >= MANY_FAILURES_SHARE
        first = rows.row(0, named=True)
        pages = sorted({int(p) for ps in rows["pages"].to_list() for p in (ps or []) if p is not None})
        groups.append({
            "document_key": doc,
            "file_name": first["file_name"],
            "table_seq": None if table == -1 else int(table),
            "table_title": _clean(first["table_title"]),
            "pages": pages,
            "failed": len(rows),
            "checked": in_table,
            "diagnosis": "extraction failure" if (missing or many) else "unreviewed inconsistency",
            "relations": _relations(rows.drop("_table")),
        })
    return sorted(groups, key=lambda g: (g["diagnosis"] != "extraction failure", g["file_name"] or "", g["table_seq"] or 0))


def _unmapped(columns: pl.DataFrame | None) -> list[dict[str, Any]]:
    """Columns the vocabulary does not know: a warning with where they are, never a guessed meaning."""
    if columns is None:
        return []
    keys = ["file_name", "table_seq", "table_title", "table_type", "pages", "col_index", "column_path", "why",
            "printed_examples", "amount_cells"]
    return [{k: _clean(row.get(k)) for k in keys} for row in columns.iter_rows(named=True)]


def _documents(documents: pl.DataFrame | None, column: str, value: str, keys: list[str]) -> list[dict[str, Any]]:
    """The documents whose `column` is `value`, by file name, with the given fields."""
    if documents is None or not len(documents):
        return []
    rows = documents.filter(pl.col(column) == value).sort("file_name")
    return [{k: _clean(row.get(k)) for k in keys} for row in rows.iter_rows(named=True)]


def _verdict(counts: dict[str, int], pipeline_failures: int, quarantined: int, strict: bool,
             strict_source: bool, incomplete: int = 0) -> tuple[str, int]:
    if pipeline_failures:
        return "fail", EXIT_FAIL
    if quarantined or counts["fail"]:
        return "quarantined", EXIT_FAIL if strict else EXIT_REVIEW
    if incomplete:  # published; what was not read is named, and a person has to look
        return "incomplete", EXIT_FAIL if strict else EXIT_REVIEW
    if counts["source_inconsistency"]:
        return "source_inconsistencies", EXIT_REVIEW if strict_source else EXIT_PASS
    return "pass", EXIT_PASS


_INCOMPLETE_KEYS = ["document_key", "file_name", "unit_name_printed", "fiscal_year", "kind", "table_numbers",
                    "placed_numbers", "unplaced_numbers", "number_coverage", "unplaced_summary", "unplaced_pages"]
_UNPLACED_SHOWN = 20  # numbers shown per incomplete document; all of them are in unplaced_numbers


def _incomplete(documents: pl.DataFrame | None, unplaced: pl.DataFrame | None) -> list[dict[str, Any]]:
    """The documents not fully read (whatever else is wrong with them: a document that lost a column
    may fail relations too, and is quarantined as well), most numbers missing first, each with its
    first unplaced numbers."""
    if documents is None or not len(documents):
        return []
    current = documents.filter(pl.col("is_current") & (pl.col("unplaced_numbers") > 0))
    rows = [{k: _clean(row.get(k)) for k in [*_INCOMPLETE_KEYS, "quality_status"]} for row in current.iter_rows(named=True)]
    examples: dict[Any, list[dict[str, Any]]] = {}
    if unplaced is not None and len(unplaced):
        keys = ["page", "printed_text", "x", "y", "table_seq", "table_title", "reason"]
        for key, group in unplaced.group_by("document_key", maintain_order=True):
            examples[key[0]] = [{k: _clean(r.get(k)) for k in keys} for r in group.head(_UNPLACED_SHOWN).iter_rows(named=True)]
    for row in rows:
        row["unplaced"] = examples.get(row["document_key"], [])
    return sorted(rows, key=lambda d: (-(d["unplaced_numbers"] or 0), d["file_name"] or ""))


def summarise(results: pl.DataFrame, validation: ValidationOutcome, warehouse: str, run_id: str,
              strict_source: bool, unmapped_columns: pl.DataFrame | None = None,
              documents: pl.DataFrame | None = None, strict: bool = False,
              unplaced: pl.DataFrame | None = None) -> dict[str, Any]:
    counts = _counts(results)
    failed_expectations = [asdict(o) for o in validation.outcomes if not o.success]
    pipeline_failures = sum(1 for e in failed_expectations if not e["quarantines"])
    quarantined = _documents(documents, "quality_status", "quarantined",
                             ["document_key", "file_name", "unit_name_printed", "fiscal_year", "kind", "failing_relations",
                              "amount_parse_errors", "relations_checked"])
    incomplete = _incomplete(documents, unplaced)
    verdict, exit_status = _verdict(counts, pipeline_failures, len(quarantined), strict, strict_source, len(incomplete))
    by_family = [{"family": f, **_counts(results.filter(pl.col("invariant_family") == f))} for f in FAMILIES]
    by_document = _by_document(results)
    return {
        "run_id": run_id,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "warehouse": warehouse,
        "verdict": verdict,
        "exit_status": exit_status,
        "strict_source": strict_source,
        "strict": strict,
        "quarantined_documents": quarantined,
        "incomplete_documents": incomplete,
        "versions": {
            "duplicate": _documents(documents, "version_status", "duplicate",
                                    ["file_name", "document_key", "duplicate_of_document_key"]),
            "superseded": _documents(documents, "version_status", "superseded",
                                     ["file_name", "document_key", "superseded_by_document_key", "pdf_modified_at"]),
        },
        "counts": {"checks": len(results), **counts, "documents": results["document_key"].n_unique()},
        "by_family": by_family,
        "by_document": sorted(by_document, key=lambda d: (d["file_name"] or "")),
        "failure_groups": _failure_groups(results),
        "source_inconsistencies": _relations(results.filter(pl.col("status") == "source_inconsistency")),
        "expectations": {
            "evaluated": len(validation.outcomes),
            "failed": len(failed_expectations),
            "pipeline_failures": pipeline_failures,
            "suites": sorted({o.suite for o in validation.outcomes}),
            "failures": failed_expectations,
        },
        "data_docs": "data_docs/index.html" if validation.data_docs else None,
        "unmapped_columns": _unmapped(unmapped_columns),
    }


def verdict_words(summary: dict[str, Any]) -> str:
    """The verdict as the exit status means it: PASS, PASS with N source inconsistencies,
    INCOMPLETE, QUARANTINED or FAIL."""
    verdict, n = summary["verdict"], summary["counts"]["source_inconsistency"]
    if verdict == "source_inconsistencies":
        return f"PASS with {n} source inconsistenc{'y' if n == 1 else 'ies'}"
    return verdict.upper()


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def console_lines(summary: dict[str, Any], verbose: bool = False) -> list[str]:
    """What a scheduler's log (and `make build`) shows: the verdict with its counts, one line per
    document that needs a look and per failing table; the items a person reviewed (source
    inconsistencies, columns not understood, duplicate files) as counts — every one of them with
    `verbose`, and always in the report."""
    c = summary["counts"]
    e = summary["expectations"]
    quarantined, incomplete = summary.get("quarantined_documents", []), summary.get("incomplete_documents", [])
    lines = [f"quality {verdict_words(summary)} (exit {summary['exit_status']}): {c['checks']:,} relations in "
             f"{_plural(c['documents'], 'document')} — {c['pass']:,} pass, {c['source_inconsistency']:,} source "
             f"inconsistencies (the documents print them: reviewed or by rule), {c['fail']:,} fail; "
             f"{len(quarantined)} quarantined, {len(incomplete)} incomplete; "
             f"{e['evaluated'] - e['failed']} of {e['evaluated']} expectations met"]
    for d in quarantined:
        lines.append(f"QUARANTINED: {d['file_name']} ({d['unit_name_printed']} {d['fiscal_year']}): "
                     f"{d['failing_relations']} of {d['relations_checked']} relations fail, "
                     f"{d['amount_parse_errors']} amounts do not parse — published, needs review")
    for d in incomplete:
        lines.append(f"INCOMPLETE: {d['file_name']} ({d['unit_name_printed']} {d['fiscal_year']}): {d['unplaced_summary']} "
                     f"({d['placed_numbers']} of {d['table_numbers']} placed) — published, what was not read is in "
                     f"unplaced_numbers")
    for group in summary["failure_groups"]:
        table = f"table {group['table_seq']} {group['table_title'] or ''}".strip() if group["table_seq"] else "document"
        lines.append(f"FAIL ({group['diagnosis']}): {group['file_name']} — {table}, pages {group['pages']}: "
                     f"{group['failed']} of {group['checked']} relations fail")
        for r in group["relations"][:20] if verbose else []:
            lines.append(f"    {r['check_kind']} {r['subject']} [{r['measure']}] page {r['page']}: expected "
                         f"{_fmt(r['expected_printed'])}, actual {_fmt(r['actual_printed'])} {r['printed_unit'] or ''} "
                         f"({r['detail']})")
    for x in e["failures"]:
        if x["quarantines"] and not verbose:
            continue  # the documents it names are the lines above
        lines.append(f"{'flags documents' if x['quarantines'] else 'FAIL'}: expectation {x['suite']}: {x['expectation']} "
                     f"on {x['column']} ({x['unexpected_count']} unexpected, e.g. {x['examples'][:3]})")
    versions = [(kind, d) for kind, docs in summary.get("versions", {}).items() for d in docs]
    unknown_words = [u for u in summary.get("unmapped_columns", []) if u.get("why") != "no header printed"]
    if not verbose:
        counted = [(len(versions), "file repeats or replaces another (duplicate / superseded)", "files repeat or "
                    "replace another (duplicate / superseded)"),
                   (len(unknown_words), "column whose header words are not known", "columns whose header words are "
                    "not known")]
        lines += [f"{_plural(n, one, many)}: listed in the report" for n, one, many in counted if n]
        return lines
    for kind, d in versions:
        other = d.get("duplicate_of_document_key") or d.get("superseded_by_document_key")
        lines.append(f"{kind}: {d['file_name']} ({'same content as' if kind == 'duplicate' else 'replaced by'} "
                     f"document {str(other)[:12]}; not read by checks and marts)")
    for u in summary.get("unmapped_columns", []):
        lines.append(f"unmapped column ({u.get('why')}): {u['file_name']} table {u['table_seq']} {u['table_title'] or ''} "
                     f"column {u['col_index']} '{u['column_path']}' ({u['amount_cells']} amounts, e.g. "
                     f"{(u['printed_examples'] or [])[:3]})")
    for r in summary["source_inconsistencies"]:
        lines.append(f"source inconsistency: {r['file_name']} page {r['page']} {r['check_kind']} {r['subject']}: "
                     f"{_fmt(r['expected_printed'])} vs {_fmt(r['actual_printed'])} {r['printed_unit'] or ''} — {r['reason']}")
    return lines


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.6f}".rstrip("0").rstrip(".")
