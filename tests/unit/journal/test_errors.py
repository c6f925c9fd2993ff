"""A damaged, busy or read-only journal gives one line saying what to do; read-only still reads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from voiceguide.cli import main
from voiceguide.errors import JournalError
from voiceguide.journal import SqliteJournal
from voiceguide.journal import sql as driver


def test_a_damaged_file_is_a_journal_error_saying_what_to_do(data_dir: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir()
    damaged = b"SQLite format 3\x00" + b"this is not sqlite at all " * 400
    (data_dir / "journal.sqlite3").write_bytes(damaged)
    with pytest.raises(JournalError, match=r"damaged .*move it aside"):
        SqliteJournal(data_dir)
    assert (data_dir / "journal.sqlite3").read_bytes() == damaged
    assert main(["journal", "list", "--data-dir", str(data_dir)]) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_file_that_may_be_encrypted_is_never_called_only_damaged(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a SQLite header it may be an encrypted journal whose key file was lost: nothing suggests
    moving it aside, and the recovery code is the way forward."""
    data_dir.mkdir()
    unknown = b"this is not sqlite at all " * 400
    (data_dir / "journal.sqlite3").write_bytes(unknown)
    with pytest.raises(JournalError, match=r"key file journal.keys is missing.*recovery code") as raised:
        SqliteJournal(data_dir)
    assert "move it aside" not in str(raised.value)
    assert (data_dir / "journal.sqlite3").read_bytes() == unknown
    assert main(["journal", "list", "--data-dir", str(data_dir)]) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_busy_journal_is_a_journal_error_not_a_crash(data_dir: Path) -> None:
    with SqliteJournal(data_dir, busy_timeout_ms=50) as journal:
        holder = driver.dbapi.connect(journal.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(JournalError, match=r"busy .*try again"):
                journal.add_typed("while someone else writes")
            assert journal.list_entries() == []  # reading is never blocked by a writer
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert journal.add_typed("afterwards") == 1


def test_read_only_mode_reads_and_refuses_writes_clearly(data_dir: Path) -> None:
    with SqliteJournal(data_dir) as journal:
        journal.add_typed("kept safe")
    with SqliteJournal(data_dir, read_only=True) as journal:
        assert [entry.text for entry in journal.list_entries()] == ["kept safe"]
        assert journal.search("safe")[0].entry.text == "kept safe"
        with pytest.raises(JournalError, match="read-only: you can read it"):
            journal.add_typed("more")


def without_permission_override() -> list[str]:
    """Root ignores permission bits; drop that power for the child so it is refused like any user."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps=-all"]


def test_a_journal_without_write_permission_opens_read_only(data_dir: Path) -> None:
    with SqliteJournal(data_dir) as journal:
        journal.add_typed("written before it became read-only")
    for path in data_dir.iterdir():
        os.chmod(path, 0o400)
    os.chmod(data_dir, 0o500)
    env = {**os.environ, "VOICEGUIDE_DATA_DIR": str(data_dir)}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*without_permission_override(), sys.executable, "-m", "voiceguide", "journal",
                               *args], capture_output=True, text=True, env=env, timeout=60)

    try:
        listed = cli("list", "--json")
        assert listed.returncode == 0, listed.stderr
        texts = [entry["text"] for entry in json.loads(listed.stdout)]
        assert texts == ["written before it became read-only"]
        added = cli("add", "more")
        assert added.returncode == 5
        assert added.stderr.count("\n") == 1 and "read-only" in added.stderr, added.stderr
        assert "Traceback" not in added.stderr
    finally:
        os.chmod(data_dir, 0o700)


def test_an_unreadable_journal_says_what_to_do(data_dir: Path) -> None:
    SqliteJournal(data_dir).close()
    os.chmod(data_dir / "journal.sqlite3", 0)
    try:
        command = [sys.executable, "-m", "voiceguide", "journal", "list", "--data-dir", str(data_dir)]
        result = subprocess.run([*without_permission_override(), *command], capture_output=True, text=True,
                                timeout=60)
    finally:
        os.chmod(data_dir / "journal.sqlite3", 0o600)
    assert result.returncode == 5
    assert result.stderr.count("\n") == 1 and "readable by you" in result.stderr, result.stderr
