"""Journal files stay private whatever the umask, and deleted words leave no trace in the files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.cli import main
from voiceguide.journal import SqliteJournal
from voiceguide.journal.audio import AnswerAudio, AnswerTarget
from voiceguide.journal.recorder import JournalRecorder


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folder_0700_and_files_0600_even_with_umask_000(tmp_path: Path, open_umask: None) -> None:
    data_dir = tmp_path / "deep" / "data"
    writer = SqliteJournal(data_dir)
    reader = SqliteJournal(data_dir)  # a second connection keeps -wal and -shm in place
    entry_id = writer.begin_entry(practice="stop", step="s", prompt="p", source="spoken", engine="e")
    writer.append_segment(entry_id, "private words")
    reader.list_entries()
    writer.attach_audio(entry_id, Pcm(np.zeros(1600, np.int16).tobytes(), AudioFormat(16000, 2, 1)))
    files = sorted(p.name for p in data_dir.iterdir() if p.is_file())
    assert files == ["journal.sqlite3", "journal.sqlite3-shm", "journal.sqlite3-wal"]
    assert mode(data_dir) == 0o700 and mode(data_dir / "audio") == 0o700
    assert mode(tmp_path / "deep") == 0o700  # a parent it had to make is not world-writable either
    for path in [*data_dir.iterdir(), *(data_dir / "audio").iterdir()]:
        if path.is_file():
            assert mode(path) == 0o600, path
    reader.close()
    writer.close()


def test_exports_are_0600_even_with_umask_000(tmp_path: Path, open_umask: None) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["journal", "add", "an entry", *data]) == 0
    assert main(["journal", "export", "--format", "json", "--out", str(tmp_path / "j.json"), *data]) == 0
    assert main(["journal", "export", "--format", "jrnl", "--out", str(tmp_path / "j.txt"), *data]) == 0
    assert main(["journal", "export", "--format", "md", "--out", str(tmp_path / "md"), *data]) == 0
    assert mode(tmp_path / "j.json") == 0o600 and mode(tmp_path / "j.txt") == 0o600
    assert mode(tmp_path / "md") == 0o700
    assert main(["journal", "export", "--format", "md", "--out", str(tmp_path / "new" / "md"), *data]) == 0
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "md") == 0o700
    days = list((tmp_path / "md").iterdir())
    assert days and all(mode(day) == 0o600 for day in days)


def raw_bytes(data_dir: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(data_dir.glob("journal.sqlite3*")))


def test_deleted_text_does_not_remain_in_the_files(data_dir: Path) -> None:
    secret = "zanzibarquokka"
    with SqliteJournal(data_dir) as journal:
        keep = journal.add_typed("an ordinary day " * 50)
        for index in range(30):  # several index segments, so the words really sit in old pages
            journal.add_typed(f"filler entry {index} with some words " * 20)
        doomed = journal.begin_entry(practice="stop", step="s", prompt="p", source="spoken", engine="e")
        for _ in range(5):
            journal.append_segment(doomed, f"I told them {secret} " * 40)
        journal.edit_text(doomed, f"edited {secret} text " * 30)
        assert secret.encode() in raw_bytes(data_dir)
        journal.delete(doomed)
        assert secret.encode() not in raw_bytes(data_dir)
        assert journal.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert journal.get(keep).text.startswith("an ordinary day")
        assert journal.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert secret.encode() not in raw_bytes(data_dir)


def test_recordings_their_export_and_import_are_private_even_with_umask_000(tmp_path: Path,
                                                                           open_umask: None) -> None:
    data_dir = tmp_path / "data"
    problems: list[str] = []
    with SqliteJournal(data_dir) as journal:
        recorder = JournalRecorder(journal, "stop")
        recorder.answer("observe", "What do you notice?", "tight jaw", "spoken", 1.0)
        audio = AnswerAudio(lambda finished: finished.keep(), problems.append)
        audio.update(AnswerTarget(data_dir / "audio", recorder, "observe", True))
        audio.write(b"\x01\x00" * 320)
        audio.close()
    assert problems == [] and mode(data_dir / "audio") == 0o700
    assert [(p.name, mode(p)) for p in (data_dir / "audio").iterdir()] == [("entry-1.wav", 0o600)]
    data = ["--data-dir", str(data_dir)]
    assert main(["journal", "export", "--format", "json", "--out", str(tmp_path / "j.json"), *data]) == 0
    assert mode(tmp_path / "j.audio") == 0o700 and mode(tmp_path / "j.audio" / "entry-1.wav") == 0o600
    other = tmp_path / "other"
    assert main(["journal", "import", str(tmp_path / "j.json"), "--data-dir", str(other)]) == 0
    assert mode(other / "audio") == 0o700 and mode(other / "audio" / "entry-1.wav") == 0o600
