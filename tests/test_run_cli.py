"""`python -m extract run`: bad inputs, exit status, incremental reruns, atomic writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract import store
from extract.document import extract_document
from tests.conftest import REPO, SAMPLES, corpus_dir

ENCRYPTED_PASSWORD = "budget2025"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract", "run", *args], cwd=REPO,
                          capture_output=True, text=True)


def _documents(out: Path) -> dict[str, dict]:
    table = pq.read_table(out / "documents")
    return {r["file_name"]: r for r in table.to_pylist()}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    bad = corpus_dir("bad")
    out = tmp_path_factory.mktemp("raw")
    return out, _run(str(SAMPLES), str(bad), "--out", str(out), "--jobs", "2")


def test_bad_inputs_do_not_stop_the_batch(batch) -> None:
    out, proc = batch
    assert proc.returncode == 0, proc.stderr
    docs = _documents(out)
    reasons = {name: (d["status"], d["reason"]) for name, d in docs.items()}
    assert reasons["scanned_000.pdf"] == ("rejected", "no text layer: the pages are images (a scan); OCR would be needed")
    assert reasons["truncated_001.pdf"] == ("rejected", "corrupt or truncated PDF: it cannot be parsed")
    assert reasons["encrypted_004.pdf"] == ("rejected", "encrypted PDF, password required (use --password)")
    assert reasons["not_budget_notice.pdf"][0] == "rejected"
    assert reasons["not_budget_notice.pdf"][1].startswith("not a departmental budget document")
    good = [name for name in docs if name.endswith(".pdf") and (SAMPLES / name).exists()]
    assert len(good) == 15 and all(docs[name]["status"] == "ok" for name in good)
    for message in ("OCR would be needed", "corrupt or truncated PDF", "password required"):
        assert message in proc.stderr.replace("\n", " ")


def test_good_rows_are_all_written(batch) -> None:
    out, _ = batch
    rows = pq.read_table(out / "rows").to_pylist()
    docs = _documents(out)
    by_doc: dict[str, int] = {}
    for r in rows:
        by_doc[r["document_id"]] = by_doc.get(r["document_id"], 0) + 1
    assert by_doc[docs["000_e6a3c2844a052672.pdf"]["document_id"]] == 190  # the truth's 190 body rows
    assert by_doc[docs["001_97bd521a617196cd.pdf"]["document_id"]] == 729
    assert sum(d["row_count"] for d in docs.values()) == len(rows)
    assert docs["scanned_000.pdf"]["row_count"] == 0


def test_second_run_reads_nothing_again(batch) -> None:
    out, _ = batch
    before = {p.name: p.stat().st_mtime_ns for p in (out / "rows").iterdir()}
    proc = _run(str(SAMPLES), str(corpus_dir("bad")), "--out", str(out))
    assert proc.returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in (out / "rows").iterdir()} == before
    assert "documents" not in proc.stderr.split("extraction into")[0]  # no progress bar: nothing to do


def test_password_reads_the_encrypted_copy_like_the_original(tmp_path: Path) -> None:
    encrypted = corpus_dir("bad") / "encrypted_004.pdf"
    locked = extract_document(encrypted, ENCRYPTED_PASSWORD)
    original = extract_document(SAMPLES / "004_508ce4c0bf6bbe00.pdf")
    assert locked.status == "ok"
    assert [t.rows for t in locked.tables] == [t.rows for t in original.tables]
    wrong = extract_document(encrypted, "not-the-password")
    assert wrong.document["reason"] == "encrypted PDF: the password given does not open it"


def test_strict_fails_when_any_input_is_not_ok(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "000_e6a3c2844a052672.pdf", folder)
    shutil.copy(corpus_dir("bad") / "truncated_001.pdf", folder)
    assert _run(str(folder), "--out", str(tmp_path / "out")).returncode == 0
    assert _run(str(folder), "--out", str(tmp_path / "out"), "--strict").returncode == 1


def test_only_bad_inputs_exit_non_zero(tmp_path: Path) -> None:
    proc = _run(str(corpus_dir("bad") / "scanned_000.pdf"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = extract_document(SAMPLES / "000_e6a3c2844a052672.pdf")
    store.write_document(tmp_path, result)
    target = tmp_path / "rows" / f"{result.document['document_id']}.parquet"
    before = target.read_bytes()

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the run is killed in the middle of writing

    monkeypatch.setattr(store.pq, "write_table", explode)
    with pytest.raises(KeyboardInterrupt):
        store.write_document(tmp_path, result)
    assert target.read_bytes() == before
    assert not [p for p in (tmp_path / "rows").iterdir() if p.suffix == ".tmp"]


def test_documents_no_longer_given_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "000_e6a3c2844a052672.pdf", folder)
    shutil.copy(SAMPLES / "004_508ce4c0bf6bbe00.pdf", folder)
    out = tmp_path / "out"
    assert _run(str(folder), "--out", str(out)).returncode == 0
    (folder / "004_508ce4c0bf6bbe00.pdf").unlink()
    assert _run(str(folder), "--out", str(out)).returncode == 0
    assert list(_documents(out)) == ["000_e6a3c2844a052672.pdf"]
    assert len(list((out / "tables").iterdir())) == 1


def test_help_describes_the_commands() -> None:
    proc = subprocess.run([sys.executable, "-m", "extract", "run", "--help"], cwd=REPO,
                          capture_output=True, text=True, check=True)
    assert "--password" in proc.stdout and "--jobs" in proc.stdout and "--strict" in proc.stdout


def _show(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extract", "show", *args], cwd=REPO, stdout=stdout,
                          stderr=subprocess.PIPE, text=True)


def test_each_wrong_input_says_what_it_is(tmp_path: Path) -> None:
    folder = _show(str(SAMPLES))
    assert folder.returncode == 2 and "is a folder: show reads one PDF" in folder.stderr
    missing = _show(str(tmp_path / "nothing.pdf"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    text = tmp_path / "readme.txt"
    text.write_text("not a budget\n", encoding="utf-8")
    not_pdf = _show(str(text))
    assert not_pdf.returncode == 1 and "rejected: readme.txt: not a PDF: the file does not start with a PDF header" \
        in not_pdf.stderr
    (tmp_path / "empty").mkdir()
    nothing = _run(str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert nothing.returncode == 1 and f"no *.pdf found under {tmp_path / 'empty'}" in nothing.stderr


def test_show_into_a_closed_pipe_ends_quietly() -> None:
    # `show … | head -1`: the reader stops early; no BrokenPipeError traceback
    head = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    shown = subprocess.run([sys.executable, "-m", "extract", "show", str(SAMPLES / "000_e6a3c2844a052672.pdf")],
                           cwd=REPO, stdout=head.stdin, stderr=subprocess.PIPE, text=True)
    head.stdin.close()
    head.wait()
    assert shown.returncode == 0 and "Traceback" not in shown.stderr and "BrokenPipe" not in shown.stderr
