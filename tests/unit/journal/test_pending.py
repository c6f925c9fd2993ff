"""A locked journal's answers wait in memory, never on disk, and move into the journal when it is unlocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from voiceguide.journal.keys import KeyFile, PassphraseLock, WrongKey
from voiceguide.journal.models import Tag
from voiceguide.journal.pending import PENDING_IDS, PendingJournal
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.journal.store import SqliteJournal
from voiceguide.journal.unlock import Unlocking, find_key
from voiceguide.practices.model import RatingWhich

PASSPHRASE = "a passphrase for the tests"
WORDS = "quokkaharbour"


def encrypted_journal(data_dir: Path) -> None:
    """An encrypted journal with one entry from before, locked with PASSPHRASE."""
    with SqliteJournal(data_dir, key=find_key(data_dir, Unlocking(PASSPHRASE, "test"))) as journal:
        journal.add_typed("written before today")
    key_file = KeyFile.load(data_dir)
    assert key_file is not None and isinstance(key_file.passphrase, PassphraseLock)


def every_byte_under(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_answers_wait_in_memory_and_are_saved_when_the_journal_is_unlocked(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    encrypted_journal(data_dir)
    before = every_byte_under(data_dir)
    pending = PendingJournal(data_dir, "nothing was typed")
    recorder = JournalRecorder(pending, "stop", "pocketsphinx")
    recorder.rating(RatingWhich.BEFORE, 8)
    recorder.answer("observe", "What do you notice?", f"my {WORDS} hands", "spoken", 2.0)
    [waiting] = pending.list_entries()
    assert waiting.id > PENDING_IDS and waiting.text == f"my {WORDS} hands" and waiting.rating_before == 8
    pending.tag(waiting.id, add=[Tag("emotion", "fear")])
    assert pending.pending() == 1 and pending.locked
    assert every_byte_under(data_dir) == before  # nothing written anywhere while locked

    with pytest.raises(WrongKey):
        pending.unlock(Unlocking("not the passphrase", "test"))
    assert pending.locked and every_byte_under(data_dir) == before

    assert pending.unlock(Unlocking(PASSPHRASE, "test")) == 1
    assert not pending.locked and pending.pending() == 0
    # the practice under way goes on writing to the same answer and run, now in the journal
    recorder.answer("observe", "What do you notice?", f"my {WORDS} hands are shaking", "spoken", 4.0)
    recorder.rating(RatingWhich.AFTER, 4)
    pending.close()

    with SqliteJournal(data_dir, key=find_key(data_dir, Unlocking(PASSPHRASE, "test"))) as journal:
        entries = journal.list_entries()
        assert [entry.text for entry in entries] == ["written before today", f"my {WORDS} hands are shaking"]
        moved = entries[1]
        assert moved.created == waiting.created  # when it was said, not when it was saved
        assert (moved.rating_before, moved.rating_after) == (8, 4)
        assert moved.emotions == ("fear",) and moved.engine == "pocketsphinx"
        assert [hit.entry.id for hit in journal.search(WORDS)] == [moved.id]
    assert WORDS.encode() not in every_byte_under(data_dir)  # saved encrypted


def test_nothing_is_recorded_while_locked(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    encrypted_journal(data_dir)
    pending = PendingJournal(data_dir, "nothing was typed")
    entry_id = pending.begin_entry(practice="stop", step="observe", prompt="?", source="spoken", engine="")
    wav = tmp_path / "answer.wav"
    wav.write_bytes(b"RIFF")
    with pytest.raises(Exception, match="locked"):
        pending.attach_recording(entry_id, wav)
    assert not wav.exists() and pending.recording_key() is None
    pending.close()
