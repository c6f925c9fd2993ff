"""The SQLite journal store: what a session writes and what the journal screen reads."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.format import AudioFormat, Pcm, read_wav
from voiceguide.errors import JournalError, UsageError
from voiceguide.journal import EntryFilter, JournalReader, JournalWriter, SqliteJournal, Tag, schema
from voiceguide.journal import sql as driver
from voiceguide.journal.models import show_time


def spoken_entry(journal: SqliteJournal, run_id: int | None = None, practice: str = "stop") -> int:
    return journal.begin_entry(practice=practice, step="observe", prompt="What do you notice?",
                               source="spoken", engine="pocketsphinx", run_id=run_id)


def test_a_session_writes_an_entry_segment_by_segment(journal: SqliteJournal) -> None:
    store: JournalWriter = journal
    run = store.start_run("stop")
    store.rate_run(run, before=8)
    entry_id = spoken_entry(journal, run)
    store.append_segment(entry_id, "my hands are shaking ")
    store.append_segment(entry_id, "   ")
    store.append_segment(entry_id, "and my chest is tight")
    store.finish_entry(entry_id, 42.5)
    store.tag(entry_id, add=[Tag("emotion", "fear"), Tag("trigger", "argument")])
    store.rate_run(run, after=4)
    entry = journal.get(entry_id)
    assert entry.text == entry.original == "my hands are shaking and my chest is tight"
    assert (entry.practice, entry.step, entry.prompt) == ("stop", "observe", "What do you notice?")
    assert (entry.source, entry.engine, entry.duration) == ("spoken", "pocketsphinx", 42.5)
    assert (entry.rating_before, entry.rating_after) == (8, 4)
    assert entry.emotions == ("fear",) and entry.triggers == ("argument",)
    assert entry.audio is None


def test_each_segment_is_committed_before_append_returns(journal: SqliteJournal) -> None:
    entry_id = spoken_entry(journal)
    journal.append_segment(entry_id, "first words")
    other = driver.dbapi.connect(journal.path)
    assert other.execute("SELECT text FROM entries WHERE id = ?", (entry_id,)).fetchone() == ("first words",)
    assert journal.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    other.close()


def test_editing_keeps_the_original_transcript(journal: SqliteJournal) -> None:
    entry_id = spoken_entry(journal)
    journal.append_segment(entry_id, "I felt a lone")
    edited = journal.edit_text(entry_id, "I felt alone")
    assert edited.text == "I felt alone" and edited.original == "I felt a lone" and edited.edited
    assert [hit.entry.id for hit in journal.search("alone")] == [entry_id]


def test_ratings_outside_0_to_10_are_refused(journal: SqliteJournal) -> None:
    run = journal.start_run("stop")
    with pytest.raises(UsageError, match="0 to 10"):
        journal.rate_run(run, before=11)
    with pytest.raises(UsageError):
        journal.rate_run(run + 5, after=3)


def test_missing_entries_are_a_usage_error(journal: SqliteJournal) -> None:
    for action in (lambda: journal.get(7), lambda: journal.append_segment(7, "x"),
                   lambda: journal.finish_entry(7, 1.0), lambda: journal.edit_text(7, "x"),
                   lambda: journal.tag(7, add=[Tag("tag", "x")]), lambda: journal.delete(7)):
        with pytest.raises(UsageError, match="no journal entry 7"):
            action()


def test_times_are_stored_in_utc_and_shown_in_local_time(data_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    with SqliteJournal(data_dir, clock=lambda: moment) as journal:
        entry = journal.get(journal.add_typed("late"))
    assert entry.created == "2026-03-01T23:30:00.000000+00:00"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert show_time(entry.created) == "2026-03-02 08:30"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_list_filters_by_date_practice_tag_and_rating(data_dir: Path) -> None:
    now = [datetime(2026, 1, 1, 12, tzinfo=UTC)]
    with SqliteJournal(data_dir, clock=lambda: now[0]) as journal:
        calm_run = journal.start_run("breathing")
        journal.rate_run(calm_run, before=3, after=1)
        first = spoken_entry(journal, calm_run, practice="breathing")
        now[0] += timedelta(days=2)
        hard_run = journal.start_run("stop")
        journal.rate_run(hard_run, before=9)
        second = spoken_entry(journal, hard_run)
        journal.tag(second, add=[Tag("trigger", "work"), Tag("emotion", "anger")])
        now[0] += timedelta(days=2)
        third = journal.add_typed("typed later", tags=[Tag("tag", "work")])
        reader: JournalReader = journal

        def ids(**conditions: object) -> list[int]:
            return [entry.id for entry in reader.list_entries(EntryFilter(**conditions))]  # type: ignore[arg-type]

        assert ids() == [first, second, third]
        assert ids(newest_first=True, limit=2) == [third, second]
        assert ids(since=datetime(2026, 1, 2, tzinfo=UTC)) == [second, third]
        assert ids(until=datetime(2026, 1, 4, tzinfo=UTC)) == [first, second]
        assert ids(practice="stop") == [second]
        assert ids(tags=(Tag.parse("work"),)) == [second, third]
        assert ids(tags=(Tag.parse("trigger:work"),)) == [second]
        assert ids(tags=(Tag.parse("trigger:work"), Tag.parse("emotion:anger"))) == [second]
        assert ids(min_rating=5) == [second]
        assert ids(max_rating=5) == [first]


def test_tags_are_added_and_removed(journal: SqliteJournal) -> None:
    entry_id = journal.add_typed("x")
    assert journal.tag(entry_id, add=[Tag.parse("emotion:Sad"), Tag.parse("home")]) == (
        Tag("emotion", "sad"), Tag("tag", "home"))
    assert journal.tag(entry_id, add=[Tag.parse("home")], remove=[Tag.parse("emotion:sad")]) == (
        Tag("tag", "home"),)
    with pytest.raises(ValueError):
        Tag.parse("emotion: ")


def test_schema_is_migrated_to_the_latest_version(journal: SqliteJournal, data_dir: Path) -> None:
    assert schema.version(journal.conn) == schema.LATEST
    journal.conn.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    with pytest.raises(JournalError, match="newer voiceguide"):
        SqliteJournal(data_dir)


def test_fts_index_stays_in_step_with_the_entries(journal: SqliteJournal) -> None:
    entry_id = journal.add_typed("walking by the river")
    journal.edit_text(entry_id, "sitting by the lake")
    assert journal.search("river") == []
    assert [hit.entry.id for hit in journal.search("lake")] == [entry_id]
    journal.delete(entry_id)
    assert journal.search("lake") == []
    # raises "database disk image is malformed" when the index and the entries disagree
    journal.conn.execute("INSERT INTO entries_fts(entries_fts, rank) VALUES ('integrity-check', 1)")


def test_audio_is_stored_beside_the_database_privately(journal: SqliteJournal) -> None:
    entry_id = spoken_entry(journal)
    samples = (np.sin(np.arange(16000) / 10) * 8000).astype(np.int16)
    path = journal.attach_audio(entry_id, Pcm(samples.tobytes(), AudioFormat(16000, 2, 1)))
    assert path.parent == journal.data_dir / "audio"
    assert os.stat(path).st_mode & 0o777 == 0o600 and os.stat(path.parent).st_mode & 0o777 == 0o700
    assert journal.get(entry_id).audio == "audio/entry-1.wav"
    assert np.array_equal(read_wav(path).samples(), samples)
    journal.delete(entry_id)
    assert not path.exists()


def test_a_later_migration_upgrades_an_existing_journal_in_place(data_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with SqliteJournal(data_dir) as journal:
        entry_id = journal.add_typed("written by version 1")
    upgrade = "ALTER TABLE entries ADD COLUMN mood TEXT NOT NULL DEFAULT 'unknown';"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, upgrade))
    monkeypatch.setattr(schema, "LATEST", len(schema.MIGRATIONS))
    with SqliteJournal(data_dir) as journal:
        assert schema.version(journal.conn) == 2
        assert journal.get(entry_id).text == "written by version 1"
        assert journal.conn.execute("SELECT mood FROM entries").fetchall() == [("unknown",)]
