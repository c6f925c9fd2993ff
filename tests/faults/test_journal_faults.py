"""The journal database locked by another process, read-only, corrupt, or on a full disk."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

from tests.faults import mounts
from tests.faults.harness import (
    DEGRADED,
    EXITS,
    REPO,
    WORKS,
    assert_one_line,
    check_journal,
    record,
    run_voiceguide,
)
from voiceguide.errors import EXIT_JOURNAL

HOLD_WRITE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def test_locked_by_another_process(data_dir: Path, settled: list[str]) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(data_dir / "journal.sqlite3")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        reading = run_voiceguide("journal", "search", "segment")
        writing = run_voiceguide("journal", "add", "written while another process holds the lock")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert reading.code == 0 and reading.stderr == "" and "segment" in reading.stdout
    record("journal locked by another process: reading", "journal", WORKS, reading)
    assert_one_line(writing, EXIT_JOURNAL, "busy", "try again")
    lost = check_journal(data_dir, settled)
    record("journal locked by another process: writing", "journal", EXITS, writing, data_lost=lost)


def test_read_only(data_dir: Path, settled: list[str]) -> None:
    wrapper = mounts.read_only(data_dir)
    reading = run_voiceguide("journal", "list", wrapper=wrapper)
    assert reading.code == 0 and "step-2 segment 0" in reading.stdout
    assert_one_line(reading, 0, "read-only", "nothing new can be saved", "chmod")
    record("journal read-only: reading", "journal", DEGRADED, reading)
    writing = run_voiceguide("journal", "add", "a new note", wrapper=wrapper)
    assert_one_line(writing, EXIT_JOURNAL, "read-only", "chmod u+w")
    lost = check_journal(data_dir, settled)
    record("journal read-only: writing", "journal", EXITS, writing, data_lost=lost)


def test_not_a_database(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    garbage = bytes(range(256)) * 64
    (data_dir / "journal.sqlite3").write_bytes(garbage)
    for action in (["list"], ["add", "a note"]):
        run = run_voiceguide("journal", *action)
        # it may be an encrypted journal whose key file was lost: never told to move it aside
        assert_one_line(run, EXIT_JOURNAL, "damaged", "recovery code")
        assert "move it aside" not in run.stderr
    assert (data_dir / "journal.sqlite3").read_bytes() == garbage, "the damaged file was changed"
    record("journal file corrupt (not a database)", "journal", EXITS, run)


def test_damaged_pages(data_dir: Path, settled: list[str]) -> None:
    """A real journal with pages overwritten in the middle: refused with one line, file left as it is."""
    db = data_dir / "journal.sqlite3"
    raw = bytearray(db.read_bytes())
    page = 4096
    assert len(raw) >= 4 * page
    raw[page:3 * page] = b"\xa5" * (2 * page)  # the second and third pages: tables or the index
    db.write_bytes(bytes(raw))
    run = run_voiceguide("journal", "search", "segment")
    assert_one_line(run, EXIT_JOURNAL, "damaged")
    assert db.read_bytes() == bytes(raw), "the damaged file was changed"
    record("journal file corrupt (damaged pages)", "journal", EXITS, run)


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_full_disk_file_size_limit(data_dir: Path, settled: list[str]) -> None:
    """RLIMIT_FSIZE: writing past 1 MB fails as a full disk would (Python ignores SIGXFSZ)."""
    big = "a long typed entry that does not fit " * 60_000
    run = run_voiceguide("journal", "add", "-", stdin=big, preexec_fn=lambda: _file_size_limit(1 << 20))
    assert_one_line(run, EXIT_JOURNAL, "disk", "free space", "saved before is safe")
    lost = check_journal(data_dir, settled)
    small = run_voiceguide("journal", "add", "after space was freed")
    assert small.code == 0, small.stderr
    record("journal on a full disk (file size limit): typed entry", "journal", EXITS, run, data_lost=lost)


FILL_THEN_READ = """
set -u
D="$1"; OUT="$2"; PY="$3"
"$PY" -m tests.faults.session reflection-questions "$D" 100000 >"$OUT/session.out" 2>"$OUT/session.err"
echo $? >"$OUT/session.rc"
"$PY" -m voiceguide --data-dir "$D" journal search segment >"$OUT/search.out" 2>"$OUT/search.err"
echo $? >"$OUT/search.rc"
"$PY" -m voiceguide --data-dir "$D" journal add "one more" >/dev/null 2>"$OUT/add.err"
echo $? >"$OUT/add.rc"
cp "$D"/journal.sqlite3* "$OUT/"
"""


def test_full_disk_mid_dictation(tmp_path: Path) -> None:
    """A 1 MB tmpfs fills up while a session dictates: every settled segment survives, readable."""
    disk = tmp_path / "disk"
    out = tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    script = tmp_path / "fill.sh"
    script.write_text(FILL_THEN_READ)
    subprocess.run([*mounts.tiny_disk(disk, 1024), "sh", str(script), str(disk / "data"), str(out),
                    sys.executable], cwd=REPO, check=True, timeout=120)
    said = [line.split(" ", 2)[2] for line in (out / "session.out").read_text().splitlines()
            if line.startswith("settled ")]
    assert len(said) > 5, "the disk filled before anything was said"
    assert (out / "session.rc").read_text().strip() == str(EXIT_JOURNAL)
    session_err = (out / "session.err").read_text()
    assert session_err.count("\n") == 1 and "disk is full" in session_err, session_err
    assert (out / "search.rc").read_text().strip() == "0"
    assert "step-2" in (out / "search.out").read_text()
    add_err = (out / "add.err").read_text()
    assert (out / "add.rc").read_text().strip() == str(EXIT_JOURNAL) and "disk is full" in add_err
    assert "Traceback" not in session_err + add_err + (out / "search.err").read_text()
    copy = tmp_path / "copy"
    copy.mkdir()
    for part in out.glob("journal.sqlite3*"):
        shutil.copy(part, copy / part.name)
    lost = check_journal(copy, said)
    record("journal on a full disk (tmpfs) mid-dictation", "journal", EXITS, message=session_err.strip(),
           exit_code=EXIT_JOURNAL, data_lost=lost)
    record("journal on a full disk (tmpfs): reading", "journal", WORKS, exit_code=0)
