"""Write a run's report folder (summary.json, summary.html, Data Docs) and the index of all runs."""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path
from typing import Any

from quality.summary import _fmt, verdict_words

# the colour says what the exit status says: published as is, published with documents a person
# has to look at (quarantined or incomplete), not published
EXIT_COLOUR = {0: "#1b7f3b", 1: "#c2410c", 2: "#b3261e"}
# Chinese names need a CJK font: Debian's fonts-noto-cjk gives Noto Sans CJK SC; the others are the
# usual ones of macOS and Windows
FONTS = ("system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',"
         "'PingFang SC','Microsoft YaHei',sans-serif")
STATUS_COLOUR = {"pass": "#2e9e55", "source_inconsistency": "#e0a000", "fail": "#d93025"}
STYLE = """
body{font-family:FONTS;margin:0;background:#f6f7f9;color:#1d1d1f}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 10px}
.muted{color:#666;font-size:13px}
.banner{color:#fff;padding:14px 18px;border-radius:8px;font-size:18px;font-weight:600;margin:14px 0}
.tiles{display:flex;gap:12px;flex-wrap:wrap}
.tile{background:#fff;border-radius:8px;padding:12px 16px;min-width:130px;box-shadow:0 1px 2px #0001}
.tile b{display:block;font-size:24px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;box-shadow:0 1px 2px #0001}
th,td{padding:6px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#fafafa;font-weight:600} td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1b7f3b}.source_inconsistency{color:#8a5200}.fail{color:#b3261e;font-weight:600}
.cell{white-space:nowrap} a{color:#0b57d0}
.relations tr.note td{color:#555;font-size:12px;border-bottom:2px solid #e4e4e4;padding-top:0}
.wide{overflow-x:auto} th{font-size:12px}
.relations td:nth-child(2){min-width:150px}
""".replace("FONTS", FONTS)


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><main>{body}</main></body></html>")


def _bar_chart(rows: list[dict[str, Any]], label_key: str, width: int = 1100) -> str:
    """Horizontal stacked bars (pass / source / fail) as inline SVG: no script, no server."""
    bar_h, gap, left = 18, 8, 150
    total_max = max((sum(r[s] for s in STATUS_COLOUR) for r in rows), default=1) or 1
    height = len(rows) * (bar_h + gap) + 10
    parts = [f"<svg width='{width}' height='{height}' role='img' aria-label='checks by status'>"]
    for i, row in enumerate(rows):
        y = i * (bar_h + gap) + 5
        parts.append(f"<text x='0' y='{y + 13}' font-size='12'>{escape(str(row[label_key]))}</text>")
        x = left
        for status, colour in STATUS_COLOUR.items():
            w = (width - left - 60) * row[status] / total_max
            if row[status]:
                parts.append(f"<rect x='{x:.1f}' y='{y}' width='{max(w, 2):.1f}' height='{bar_h}' fill='{colour}'>"
                             f"<title>{status}: {row[status]}</title></rect>")
            x += w
        parts.append(f"<text x='{x + 6:.1f}' y='{y + 13}' font-size='12'>{sum(row[s] for s in STATUS_COLOUR)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _relations_table(relations: list[dict[str, Any]], with_reason: bool) -> str:
    """One relation per two rows: the figures, then what it is (or why it is the source's doing)."""
    head = ("<tr><th>document</th><th>table</th><th>pages</th><th>check</th><th>code / line</th><th>column</th>"
            "<th>expected</th><th>actual</th><th>difference</th><th>tolerance</th></tr>")
    rows = []
    for r in relations:
        unit = r["printed_unit"] or r["value_unit"] or ""
        scale = 10000 if unit == "万元" and r["value_unit"] == "元" else 1
        diff = None if r["difference"] is None else float(r["difference"]) / scale
        tol = None if r["tolerance"] is None else float(r["tolerance"]) / scale
        note = r["reason"] if with_reason else r["detail"]
        rows.append(
            f"<tr><td>{escape(str(r['file_name']))}<br><span class='muted'>{escape(str(r['unit_name'] or ''))} "
            f"{r['fiscal_year'] or ''}</span></td><td>{escape(str(r['table_title'] or '—'))}</td>"
            f"<td class='num'>{escape(', '.join(str(p) for p in (r['pages'] or [])))}</td>"
            f"<td>{escape(r['check_kind'])}</td><td>{escape(str(r['subject']))}</td><td>{escape(str(r['measure']))}</td>"
            f"<td class='num cell'>{_fmt(r['expected_printed'])} {escape(unit)}</td>"
            f"<td class='num cell'>{_fmt(r['actual_printed'])} {escape(unit)}</td>"
            f"<td class='num cell'>{_fmt(diff)}</td><td class='num cell'>{_fmt(tol)}</td></tr>"
            f"<tr class='note'><td colspan='10'>{escape(str(note or ''))}</td></tr>")
    return f"<table class='relations'>{head}{''.join(rows)}</table>"


def summary_html(summary: dict[str, Any]) -> str:
    c = summary["counts"]
    tiles = "".join(f"<div class='tile'><span class='muted'>{label}</span><b class='{cls}'>{value}</b></div>" for label, value, cls in [
        ("relations checked", c["checks"], ""), ("pass", c["pass"], "pass"),
        ("source inconsistencies", c["source_inconsistency"], "source_inconsistency"), ("fail", c["fail"], "fail"),
        ("documents", c["documents"], ""),
        ("quarantined", len(summary.get("quarantined_documents", [])),
         "fail" if summary.get("quarantined_documents") else "pass"),
        ("incomplete", len(summary.get("incomplete_documents", [])),
         "fail" if summary.get("incomplete_documents") else "pass"),
        ("expectations failed", f"{summary['expectations']['failed']} / {summary['expectations']['evaluated']}",
         "fail" if summary["expectations"]["failed"] else "pass"),
    ])
    families = [row["family"] for row in summary["by_family"]]
    doc_rows = []
    for d in summary["by_document"]:
        cells = []
        for f in families:
            counts = d["families"][f]
            n = sum(counts.values())
            if n == 0:
                cells.append("<td class='num muted'>—</td>")
                continue
            marks = [f"<span class='pass'>{counts['pass']}✓</span>"]
            if counts["source_inconsistency"]:
                marks.append(f"<span class='source_inconsistency'>{counts['source_inconsistency']}⚠</span>")
            if counts["fail"]:
                marks.append(f"<span class='fail'>{counts['fail']}✗</span>")
            cells.append(f"<td class='num cell'>{' '.join(marks)}</td>")
        doc_rows.append(f"<tr><td>{escape(d['file_name'])}<br><span class='muted'>{escape(str(d['unit_name']))} "
                        f"{d['fiscal_year']} · {escape(str(d['template']))}</span></td>{''.join(cells)}</tr>")
    doc_table = (f"<div class='wide'><table><tr><th>document</th>{''.join(f'<th>{escape(f)}</th>' for f in families)}</tr>"
                 f"{''.join(doc_rows)}</table></div>")
    failures = "".join(
        f"<h3 class='fail'>{escape(g['diagnosis'])}: {escape(g['file_name'])} — "
        f"{escape(str(g['table_title'] or 'document-level'))} (pages {escape(str(g['pages']))}): "
        f"{g['failed']} of {g['checked']} relations fail</h3>{_relations_table(g['relations'], with_reason=False)}"
        for g in summary["failure_groups"]) or "<p class='pass'>No failing relation.</p>"
    sources = (_relations_table(summary["source_inconsistencies"], with_reason=True)
               if summary["source_inconsistencies"] else "<p>None.</p>")
    expectations = "".join(
        f"<tr><td>{escape(e['suite'])}</td><td>{escape(e['expectation'])}</td><td>{escape(str(e['column']))}</td>"
        f"<td class='num'>{e['unexpected_count']}</td><td>{escape(', '.join(e['examples'][:5]))}</td></tr>"
        for e in summary["expectations"]["failures"])
    expectations_html = (f"<table><tr><th>suite</th><th>expectation</th><th>column</th><th>unexpected</th>"
                         f"<th>examples</th></tr>{expectations}</table>" if expectations
                         else f"<p class='pass'>All {summary['expectations']['evaluated']} expectations of "
                              f"{len(summary['expectations']['suites'])} suites met.</p>")
    unmapped = summary.get("unmapped_columns", [])
    unmapped_html = (
        "<p class='muted'>Their cells are kept as printed; no meaning is guessed. Where the header's words are not "
        "known, add them to seeds/column_terms.csv; where the table prints no header, its column read as the line's "
        "total is used and nothing says what the others are.</p><table><tr><th>document</th><th>table</th>"
        "<th>pages</th><th>column</th><th>header</th><th>why</th><th>amounts</th><th>printed cells</th></tr>"
        + "".join(
            f"<tr><td>{escape(str(u['file_name']))}</td><td>{u['table_seq']} {escape(str(u['table_title'] or '(untitled)'))}"
            f"<br><span class='muted'>{escape(str(u['table_type']))}</span></td><td>{escape(str(u['pages']))}</td>"
            f"<td class='num'>{u['col_index']}</td><td>{escape(str(u['column_path']))}</td>"
            f"<td>{escape(str(u.get('why') or ''))}</td>"
            f"<td class='num'>{u['amount_cells']}</td><td>{escape(' · '.join(map(str, u['printed_examples'] or [])))}</td></tr>"
            for u in unmapped) + "</table>"
        if unmapped else "<p class='pass'>Every column with amounts was understood.</p>")
    incomplete = summary.get("incomplete_documents", [])
    incomplete_html = "".join(
        f"<h3 class='fail'>{escape(str(d['file_name']))} — {escape(str(d['unit_name_printed'] or ''))} "
        f"{d['fiscal_year'] or ''}: {escape(str(d['unplaced_summary'] or ''))}</h3>"
        f"<p class='muted'>{d['placed_numbers']} of {d['table_numbers']} numbers printed in its tables are placed "
        f"(coverage {d['number_coverage']}); every unplaced number is in <code>unplaced_numbers</code>"
        f"{' (the first ' + str(len(d['unplaced'])) + ' below)' if len(d['unplaced']) < (d['unplaced_numbers'] or 0) else ''}."
        f"</p><table><tr><th>page</th><th>printed</th><th>x</th><th>y</th><th>table</th><th>why</th></tr>"
        + "".join(
            f"<tr><td class='num'>{u['page']}</td><td class='num cell'>{escape(str(u['printed_text']))}</td>"
            f"<td class='num'>{u['x']}</td><td class='num'>{u['y']}</td>"
            f"<td>{escape(str(u['table_seq'] or '—'))} {escape(str(u['table_title'] or ''))}</td>"
            f"<td>{escape(str(u['reason']))}</td></tr>" for u in d["unplaced"]) + "</table>"
        for d in incomplete) or "<p class='pass'>None: every number printed in a table of every document is read.</p>"
    quarantined = summary.get("quarantined_documents", [])
    quarantined_html = (
        "<p class='muted'>Published with the warehouse and flagged in dim_document.quality_status: leave them out "
        "with <code>where quality_status != 'quarantined'</code> until a person has looked. Their failing relations "
        "are under Failures.</p><table><tr><th>document</th><th>unit</th><th>year</th><th>failing relations</th>"
        "<th>amounts not parsed</th><th>relations checked</th></tr>"
        + "".join(
            f"<tr><td class='fail'>{escape(str(d['file_name']))}</td><td>{escape(str(d['unit_name_printed'] or ''))}</td>"
            f"<td>{d['fiscal_year'] or ''}</td><td class='num fail'>{d['failing_relations']}</td>"
            f"<td class='num'>{d['amount_parse_errors']}</td><td class='num'>{d['relations_checked']}</td></tr>"
            for d in quarantined) + "</table>"
        if quarantined else "<p class='pass'>None: every document is published without reservation.</p>")
    versions = summary.get("versions", {})
    version_rows = [(kind, d) for kind in ("duplicate", "superseded") for d in versions.get(kind, [])]
    versions_html = (
        "<p class='muted'>Kept in dim_document, not read by the checks and marts: the current version of each "
        "publication is.</p><table><tr><th>file</th><th>status</th><th>read instead</th></tr>"
        + "".join(
            f"<tr><td>{escape(str(d['file_name']))}</td><td>{kind}</td><td class='muted'>"
            f"{escape(str(d.get('duplicate_of_document_key') or d.get('superseded_by_document_key'))[:16])}…</td></tr>"
            for kind, d in version_rows) + "</table>"
        if version_rows else "<p>None: one file per publication.</p>")
    # GE's Data Docs load their styles and scripts from CDNs: named, not linked, so that a report
    # opened offline links to nothing that renders unstyled
    docs_link = (f"Great Expectations Data Docs in {summary['data_docs']} (they need the internet for their styles)"
                 if summary["data_docs"] else "")
    body = (
        f"<h1>cnbudget data quality</h1><div class='muted'>run {escape(summary['run_id'])} · {escape(summary['generated_at'])}"
        f" · {escape(summary['warehouse'])} · <a href='../index.html'>all runs</a> · {docs_link}</div>"
        f"<div class='banner' style='background:{EXIT_COLOUR[summary['exit_status']]}'>{escape(verdict_words(summary))}"
        f" — exit status {summary['exit_status']}</div><div class='tiles'>{tiles}</div>"
        f"<h2>Incomplete documents — not everything printed was read ({len(incomplete)})</h2>{incomplete_html}"
        f"<h2>Quarantined documents — need review ({len(quarantined)})</h2>{quarantined_html}"
        f"<h2>Relations checked, by invariant family</h2>{_bar_chart(summary['by_family'], 'family')}"
        f"<h2>By document</h2>{doc_table}"
        f"<h2>Failures</h2>{failures}"
        f"<h2>Source inconsistencies (the printed documents break these; kept as printed)</h2>{sources}"
        f"<h2>Duplicate and superseded files ({len(version_rows)})</h2>{versions_html}"
        f"<h2>Columns not understood ({len(unmapped)})</h2>{unmapped_html}"
        f"<h2>Great Expectations</h2>{expectations_html}"
    )
    return _page(f"cnbudget quality {summary['run_id']}", body)


def write_run(run_dir: Path, summary: dict[str, Any]) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    (run_dir / "summary.html").write_text(summary_html(summary), encoding="utf-8")


def _runs(reports: Path) -> list[dict[str, Any]]:
    runs = []
    for path in sorted(reports.glob("*/summary.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        runs.append({"dir": path.parent.name, **data})
    return runs


def apply_retention(reports: Path, keep: int) -> list[str]:
    """Delete all but the newest `keep` runs; returns the removed run folders."""
    run_dirs = sorted(p for p in reports.iterdir() if p.is_dir() and (p / "summary.json").exists())
    removed = run_dirs[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path)
    return [p.name for p in removed]


def _history_chart(runs: list[dict[str, Any]], width: int = 1100, height: int = 150) -> str:
    """Per run, oldest to newest: the documents a person has to look at (quarantined, incomplete)
    as bars, the source inconsistencies (allowed) as a quiet grey line on their own scale."""
    if not runs:
        return ""
    peak = max((len(r.get("quarantined_documents", [])) + len(r.get("incomplete_documents", [])) for r in runs),
               default=0) or 1
    quiet_peak = max(r["counts"]["source_inconsistency"] for r in runs) or 1
    step = (width - 80) / max(len(runs), 1)
    bar = max(min(step * 0.6, 28), 2)
    parts = [f"<svg width='{width}' height='{height + 34}' role='img' aria-label='documents needing a look, per run'>",
             f"<line x1='40' y1='{height}' x2='{width - 40}' y2='{height}' stroke='#bbb'/>",
             f"<text x='0' y='12' font-size='11'>{peak}</text><text x='0' y='{height}' font-size='11'>0</text>",
             f"<text x='{width - 36}' y='12' font-size='11' fill='#999'>{quiet_peak}</text>"]
    points = []
    for i, run in enumerate(runs):
        x = 44 + i * step
        y = height
        for key, colour in (("quarantined_documents", EXIT_COLOUR[1]), ("incomplete_documents", "#6d28d9")):
            n = len(run.get(key, []))
            h = (height - 20) * n / peak
            if n:
                parts.append(f"<rect x='{x:.1f}' y='{y - h:.1f}' width='{bar:.1f}' height='{h:.1f}' fill='{colour}'>"
                             f"<title>{escape(run['dir'])}: {n} {key.replace('_', ' ')}</title></rect>")
            y -= h
        if not run.get("quarantined_documents") and not run.get("incomplete_documents"):
            parts.append(f"<rect x='{x:.1f}' y='{height - 3}' width='{bar:.1f}' height='3' fill='{EXIT_COLOUR[0]}'>"
                         f"<title>{escape(run['dir'])}: every document published as is</title></rect>")
        points.append(f"{x + bar / 2:.1f},{height - (height - 20) * run['counts']['source_inconsistency'] / quiet_peak:.1f}")
        if len(runs) <= 16 or i % max(len(runs) // 8, 1) == 0:
            parts.append(f"<text x='{x:.1f}' y='{height + 14}' font-size='10'>{escape(_run_label(run['dir']))}</text>")
    parts.append(f"<polyline points='{' '.join(points)}' fill='none' stroke='#aaa' stroke-width='1.5'>"
                 "<title>source inconsistencies (the documents print them; allowed)</title></polyline>")
    parts.append("</svg>")
    return "".join(parts)


def _run_label(run_dir: str) -> str:
    """'20261123T202842Z' -> '11-23 20:28:42' (UTC), to the second: two runs of a minute differ."""
    d = run_dir
    return f"{d[4:6]}-{d[6:8]} {d[9:11]}:{d[11:13]}:{d[13:15]}" if len(d) >= 15 and d[8] == "T" else d


def _warehouse_of(run: dict[str, Any]) -> str:
    return str(run.get("warehouse") or "").removesuffix(" (new build)")


def write_index(reports: Path) -> None:
    runs = _runs(reports)
    warehouses = list(dict.fromkeys(_warehouse_of(r) for r in runs))
    rows = "".join(
        f"<tr><td><a href='{escape(r['dir'])}/summary.html'>{escape(r['dir'])}</a></td>"
        f"<td class='cell'>{escape(_warehouse_of(r))}</td>"
        f"<td style='color:{EXIT_COLOUR.get(r.get('exit_status'), '#000')}'><b>{escape(verdict_words(r))}</b></td>"
        f"<td class='num'>{r['counts']['checks']}</td><td class='num pass'>{r['counts']['pass']}</td>"
        f"<td class='num source_inconsistency'>{r['counts']['source_inconsistency']}</td>"
        f"<td class='num fail'>{r['counts']['fail']}</td><td class='num'>{r['counts']['documents']}</td>"
        f"<td class='num'>{len(r.get('quarantined_documents', []))}</td>"
        f"<td class='num'>{len(r.get('incomplete_documents', []))}</td>"
        f"<td class='num'>{r['expectations']['failed']}</td></tr>"
        for r in reversed(runs))
    charts = "".join(
        f"<h3>{escape(w or '(warehouse not named)')}</h3>{_history_chart([r for r in runs if _warehouse_of(r) == w])}"
        for w in warehouses)
    body = (
        "<h1>cnbudget data quality — all runs</h1>"
        f"<div class='muted'>{len(runs)} runs kept · newest first · per warehouse, oldest to newest: documents "
        f"quarantined (orange) and incomplete (violet) per run, a green tick where every document is published as "
        f"is; the grey line is the source inconsistencies (allowed), on the scale at the right</div>"
        f"<h2>Documents that need a look, over runs</h2>{charts}"
        "<h2>Runs</h2><table><tr><th>run (UTC)</th><th>warehouse</th><th>verdict</th><th>relations</th><th>pass</th>"
        "<th>source inconsistencies</th><th>fail</th><th>documents</th><th>quarantined</th><th>incomplete</th>"
        "<th>expectations failed</th></tr>"
        f"{rows}</table>")
    (reports / "index.html").write_text(_page("cnbudget quality runs", body), encoding="utf-8")
