"""Hostile inputs and hostile moments: no file, crash, reader or kill may break a refresh or lose
data. Every test uses real processes, real files and real limits (issue 9)."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from rich.console import Console

from extract.cli import show_payload
from extract.runner import print_summary, run
from extract.store import lock_store
from pipeline import build
from tests import pdfcraft
from tests.conftest import REPO, SAMPLES

SMALL_SAMPLE = SAMPLES / "shanghai_putuo_gov_office_2025_budget.pdf"  # 140 KB, read in a second or two
PYTHON = sys.executable


def _extract_cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, PYTHON, "-m", "extract", "run", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)


def _documents(out: Path) -> dict[str, dict]:
    return {r["file_name"]: r for r in pq.read_table(out / "documents").to_pylist()}


def _children(pid: int) -> set[int]:
    """Live processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_until(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


# -- 1. a file that cannot be read is that file's failure ------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root without setpriv reads every file")
def test_an_unreadable_file_is_its_own_failure(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL_SAMPLE, inputs)
    locked = inputs / "locked.pdf"
    locked.write_bytes(pdfcraft.pages_pdf([pdfcraft.stream(b"")]))
    locked.chmod(0)
    # root reads everything: drop the capabilities that let it, as a normal user runs
    prefix = ("setpriv", "--inh-caps=-dac_override,-dac_read_search",
              "--bounding-set=-dac_override,-dac_read_search") if os.geteuid() == 0 else ()
    done = _extract_cli(str(inputs), "--out", str(tmp_path / "out"), prefix=prefix)
    assert done.returncode == 0, done.stderr
    assert "failed: locked.pdf: cannot read the file: Permission denied" in done.stderr
    documents = _documents(tmp_path / "out")
    assert documents["locked.pdf"]["status"] == "failed" and documents["locked.pdf"]["reason_code"] == "unreadable"
    assert documents[SMALL_SAMPLE.name]["status"] == "ok" and documents[SMALL_SAMPLE.name]["row_count"] > 50


# -- 2. a bomb costs at most the memory limit; a hang at most the time limit -----------------------

def test_a_zip_bomb_costs_at_most_the_memory_limit(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL_SAMPLE, inputs)
    (inputs / "bomb.pdf").write_bytes(pdfcraft.pages_pdf([pdfcraft.inflating_stream(4 << 30)]))  # 4 MB -> 4 GiB
    assert (inputs / "bomb.pdf").stat().st_size < 8 << 20
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = _extract_cli(str(inputs), "--out", str(tmp_path / "out"), "--max-memory", "1G")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert done.returncode == 0, done.stderr
    bomb = _documents(tmp_path / "out")["bomb.pdf"]
    assert bomb["status"] == "failed" and bomb["reason_code"] == "memory"
    assert bomb["reason"].startswith("exceeded the memory limit (--max-memory)")
    assert _documents(tmp_path / "out")[SMALL_SAMPLE.name]["status"] == "ok"
    assert peak_kib <= max(before, 1200 * 1024), f"a process of the run grew to {peak_kib / 1024:.0f} MiB"


def test_show_keeps_the_same_limits(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdfcraft.pages_pdf([pdfcraft.inflating_stream(4 << 30)]))
    done = subprocess.run([PYTHON, "-m", "extract", "show", str(bomb), "--max-memory", "1G"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    document = json.loads(done.stdout)["document"]
    assert done.returncode == 1 and (document["status"], document["reason_code"]) == ("failed", "memory")


def test_a_hang_is_killed_at_the_time_limit(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL_SAMPLE, inputs)
    # 100,000 ruled boxes on one page: pdfplumber works on it for minutes
    (inputs / "slow.pdf").write_bytes(pdfcraft.pages_pdf([pdfcraft.many_rules(100_000)]))
    done = _extract_cli(str(inputs), "--out", str(tmp_path / "out"), "--timeout", "15", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    slow = _documents(tmp_path / "out")["slow.pdf"]
    assert (slow["status"], slow["reason_code"]) == ("failed", "timeout")
    assert slow["reason"] == "timed out: the document took longer than the time limit (--timeout)"
    assert _documents(tmp_path / "out")[SMALL_SAMPLE.name]["status"] == "ok"


# -- 5. kill -9 leaves nothing behind ----------------------------------------------------------------

def test_killing_the_extraction_leaves_no_worker_behind(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in (100_000, 100_001):  # two different slow files: two workers busy
        (inputs / f"slow{n}.pdf").write_bytes(pdfcraft.pages_pdf([pdfcraft.many_rules(n)]))
    main = subprocess.Popen([PYTHON, "-m", "extract", "run", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "2"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_until(lambda: len(_children(main.pid)) == 2), "the two workers never started"
        workers = _children(main.pid)
        main.send_signal(signal.SIGKILL)
        main.wait()
        assert _wait_until(lambda: not any(_alive(w) for w in workers), 10), "workers outlived their parent"
    finally:
        main.kill()


def test_a_killed_build_takes_its_dbt_with_it(tmp_path: Path) -> None:
    # the build runs dbt (and any command) through build._run: a stand-in command that would run 5 minutes
    builder = subprocess.Popen([PYTHON, "-c", "from pipeline.build import _run; _run(['sleep', '300'])"],
                               cwd=REPO, stdout=subprocess.DEVNULL)
    try:
        assert _wait_until(lambda: len(_children(builder.pid)) == 1)
        (child,) = _children(builder.pid)
        builder.send_signal(signal.SIGKILL)
        builder.wait()
        assert _wait_until(lambda: not _alive(child), 10), "the build's child outlived it"
    finally:
        builder.kill()


def test_files_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "cnbudget.duckdb"
    left = [tmp_path / ".cnbudget.4242.building.duckdb", tmp_path / ".cnbudget.4242.building.duckdb.wal"]
    for path in left:
        path.write_bytes(b"half a warehouse")
    target.write_bytes(b"the last good warehouse")
    assert build.remove_stale_builds(target) == sorted(left)
    assert not any(p.exists() for p in left) and target.read_bytes() == b"the last good warehouse"


# -- 3. a writer holding the warehouse: the swap refuses ----------------------------------------------

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
if sys.argv[2] == 'write':
    con.execute('create table mine as select 42 as answer')  # committed, not checkpointed: a .wal
print('holding', flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("writes", ["write", "connect"])
def test_the_swap_refuses_while_a_writer_holds_the_warehouse(tmp_path: Path, writes: str) -> None:
    target, fresh = tmp_path / "cnbudget.duckdb", tmp_path / ".cnbudget.1.building.duckdb"
    for path, rows in ((target, 1), (fresh, 2)):
        with duckdb.connect(str(path)) as con:
            con.execute(f"create table t as select range as n from range({rows})")
    holder = subprocess.Popen([PYTHON, "-c", HOLD, str(target), writes], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        assert Path(f"{target}.wal").exists() == (writes == "write")
        with pytest.raises(build.BuildFailed, match="open for writing"):
            build.swap_in(fresh, target)
        assert not fresh.exists()
    finally:
        holder.kill()
        holder.wait()
    with duckdb.connect(str(target)) as con:  # the old warehouse, whole, with the holder's own table
        assert con.execute("select count(*) from t").fetchone() == (1,)


# -- 4. one lock over the extraction output ------------------------------------------------------------

def test_a_second_extraction_into_a_store_in_use_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "raw"
    with lock_store(out):  # as a build holds it from extraction to swap
        done = _extract_cli(str(SMALL_SAMPLE), "--out", str(out))
        assert done.returncode == 2 and "is in use by another extraction or build" in done.stderr
        monkeypatch.setenv("CNBUDGET_RAW", str(out))
        monkeypatch.setenv("CNBUDGET_WAREHOUSE", str(tmp_path / "warehouse" / "cnbudget.duckdb"))
        assert build.main([str(SMALL_SAMPLE)]) == 2
    assert not (out / "documents").exists()  # nothing written by either


# -- 8. what the messages say is true -----------------------------------------------------------------

def test_blank_pages_are_not_called_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(pdfcraft.pages_pdf([pdfcraft.stream(b"")] * 5000))
    document = show_payload(path, None)["document"]
    assert (document["reason_code"], document["pages"]) == ("blank", 5000)
    assert document["reason"].startswith("the pages are blank: no text and nothing drawn")


def test_a_page_that_draws_nothing_is_not_called_an_image(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    garbage = b"<< /Length 20 /Filter /FlateDecode >>\nstream\n" + b"x" * 20 + b"\nendstream"
    path.write_bytes(pdfcraft.pages_pdf([pdfcraft.stream(b"BT /F1 12 Tf 72 720 Td (2026 budget) Tj ET"), garbage]))
    issues = show_payload(path, None)["issues"]
    assert [(i["page"], i["message"]) for i in issues if i["page"] == 2] == [
        (2, "page is empty: nothing is drawn on it (a blank page, or a content stream that cannot be read)")]


def test_a_looping_page_tree_is_named(tmp_path: Path) -> None:
    from extract.pdfdoc import page_count

    data = pdfcraft.looping_page_tree()
    path = tmp_path / "loop.pdf"
    path.write_bytes(data)
    document = show_payload(path, None)["document"]
    assert document["reason_code"] == "corrupt"
    assert document["reason"] == "broken page tree: page 2 of the 1,000,000 pages the file claims cannot be loaded"
    assert page_count(data, None) == 0  # the progress bar does not promise a million pages


def test_glyphs_without_unicode_are_called_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "nomap.pdf"
    glyphs = pdfcraft.stream(b"BT /F1 12 Tf 72 720 Td <0011002200330044005500660077> Tj ET")
    path.write_bytes(pdfcraft.pages_pdf([glyphs] * 3, font=pdfcraft.FONT_WITHOUT_UNICODE_MAP))
    document = show_payload(path, None)["document"]
    assert document["reason_code"] == "unreadable"
    assert document["reason"].startswith("unreadable text layer: its fonts have no Unicode map")


def test_the_same_file_twice_is_reported_as_a_duplicate(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SMALL_SAMPLE, inputs / "a.pdf")
    shutil.copy(SMALL_SAMPLE, inputs / "b.pdf")
    console = Console(record=True, width=200)
    summary = run([inputs], tmp_path / "out", console=console)
    print_summary(summary, tmp_path / "out", console)
    first, second = str(inputs / "a.pdf"), str(inputs / "b.pdf")
    assert summary.statuses == {"ok": 1} and summary.duplicates == [(second, first)]
    assert f"duplicate: {second}: the same file as {first} (read once)" in console.export_text()


def test_file_names_are_printed_as_text_not_markup(tmp_path: Path) -> None:
    for name in ("[red]x.pdf", "[bold]budget[dim].pdf"):
        path = tmp_path / name
        path.write_bytes(pdfcraft.pages_pdf([pdfcraft.stream(b"")]))
        done = subprocess.run([PYTHON, "-m", "extract", "show", str(path), "--format", "text"], cwd=REPO,
                              capture_output=True, text=True)
        assert done.returncode == 1 and done.stdout.startswith(name), (done.stdout, done.stderr)
