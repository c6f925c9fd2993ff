"""Real processes on a real journal: SIGKILL mid-dictation loses nothing settled, and a reader and
writers work at the same time without 'database is locked'."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from tests.integration.journal_writer import segment
from voiceguide.journal import EntryFilter, SqliteJournal

REPO = Path(__file__).resolve().parents[2]


def start_writer(data_dir: Path, label: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.integration.journal_writer", str(data_dir), label,
                             str(count)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_to_the_end(writer: subprocess.Popen[str]) -> tuple[str, str]:
    assert writer.stdout is not None and writer.stderr is not None
    out = writer.stdout.read()  # a writer's stderr stays far below a pipe's capacity, so this cannot block it
    err = writer.stderr.read()
    writer.wait(timeout=120)
    writer.stdout.close()
    writer.stderr.close()
    return out, err


def test_sigkill_mid_dictation_keeps_every_settled_segment(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    chooser = random.Random(5)
    for round_number in range(6):
        label = f"r{round_number}"
        writer = start_writer(data_dir, label, 10_000)
        assert writer.stdout is not None
        entry_id = int(writer.stdout.readline().split()[1])
        kill_after = chooser.randrange(5, 80)
        settled = -1
        for line in writer.stdout:
            settled = int(line.split()[1])
            if settled >= kill_after:
                writer.send_signal(signal.SIGKILL)  # while it is already writing the next segment
                break
        assert writer.wait(timeout=30) == -signal.SIGKILL, writer.stderr.read() if writer.stderr else ""
        writer.stdout.close()
        if writer.stderr:
            writer.stderr.close()

        check = sqlite3.connect(data_dir / "journal.sqlite3")
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # raises if the full-text index and the entries are out of step
        check.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
        text = check.execute("SELECT text FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
        check.close()
        pieces = text.split(" and some more words that were spoken in this part of the dictation")
        expected = [segment(label, index) for index in range(settled + 1)]
        assert text.startswith(" ".join(expected)), f"round {round_number}: lost a settled segment"
        # The writer runs ahead of the lines read here (the pipe buffers them), so more may have been
        # committed before the kill landed; what is there must be whole segments, in order, none twice.
        written = len(pieces) - 1
        assert written >= settled + 1 and text == " ".join(segment(label, index) for index in range(written))
    with SqliteJournal(data_dir) as journal:
        assert journal.count() == 6
        assert len(journal.search("r3seg0x")) == 1


def test_a_reader_and_writers_work_at_the_same_time(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    SqliteJournal(data_dir).close()
    problems: list[BaseException] = []
    stop = threading.Event()
    reads = [0]

    def read_like_the_journal_screen() -> None:
        try:
            with SqliteJournal(data_dir) as reader:
                while not stop.is_set():
                    entries = reader.list_entries(EntryFilter(newest_first=True, limit=20))
                    reader.search("seg*")
                    if entries:
                        reader.get(entries[0].id)
                    reads[0] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            problems.append(exc)

    def write_typed_entries() -> None:
        try:
            with SqliteJournal(data_dir) as journal:
                for index in range(100):
                    journal.add_typed(f"typed note {index}")
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            problems.append(exc)

    reader = threading.Thread(target=read_like_the_journal_screen)
    reader.start()
    writers = [start_writer(data_dir, f"w{number}", 300) for number in range(2)]
    typist = threading.Thread(target=write_typed_entries)
    typist.start()
    for writer in writers:  # both sessions are writing from here on
        assert writer.stdout is not None and writer.stdout.readline().startswith("entry")
    reads_before = reads[0]
    # communicate() would read the pipes underneath the text wrapper and miss what readline() buffered
    outputs = [read_to_the_end(writer) for writer in writers]
    reads_during = reads[0] - reads_before
    typist.join(timeout=120)
    stop.set()
    reader.join(timeout=60)
    assert not problems, problems
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.splitlines()[-1] == "done" and err == ""
    assert reads_during > 0
    with SqliteJournal(data_dir) as journal:
        assert journal.count() == 102
        spoken = [entry for entry in journal.list_entries() if entry.source == "spoken"]
        assert all(entry.text.count("seg") == 300 and entry.duration == 300.0 for entry in spoken)
