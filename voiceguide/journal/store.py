"""The journal's SQLite implementation, `SqliteJournal` (its interfaces are in interfaces.py).

A session writes through `JournalWriter`::

    run = store.start_run("stop")                      # one walk through a practice
    store.rate_run(run, before=8)                      # distress 0-10 before ...
    entry = store.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                              source="spoken", engine="pocketsphinx", run_id=run)
    store.append_segment(entry, "my hands are shaking", duration=3.5)  # on disk before it returns
    store.finish_entry(entry, duration=42.0)
    store.tag(entry, add=[Tag("emotion", "fear")])
    store.rate_run(run, after=5)                       # ... and after
    store.attach_recording(entry, wav) # only when [journal] record_audio = true (off by default):
                                       # a finished WAV (voiceguide.journal.audio) moved beside the database

The terminal app and the command line read through `JournalReader`: `list_entries(EntryFilter)`,
`search(query, filter)`, `get(id)`, `recording_path(entry)`, `stats()`; they change entries through
`JournalWriter`: `edit_text(id, text)` (the original transcript is kept), `tag`, `delete(id)`.
`SqliteJournal` implements both; front ends open it with `voiceguide.journal.opening.open_journal`.
Every write is one short immediate transaction; readers never wait for writers (WAL), writers wait up
to BUSY_TIMEOUT_MS for each other. One instance may be shared by threads; the session and the terminal
app should each open their own. Errors: JournalError (one line, says what to do) for a damaged, busy,
unreadable or read-only journal; UsageError for a missing entry or bad value.
Search hits carry their excerpt as `SnippetPart`s (plain text plus a matched flag): never markup.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import threading
import time
import wave
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceguide import paths
from voiceguide.errors import JournalError, UsageError
from voiceguide.journal import connection, schema, sql
from voiceguide.journal.models import (
    EVERYTHING,
    RATING_RANGE,
    SOURCES,
    Clock,
    Entry,
    EntryFilter,
    PracticeRun,
    SearchHit,
    Source,
    Tag,
    to_stored_time,
    utc_now,
)

if TYPE_CHECKING:
    from voiceguide.audio.format import AudioFormat, Pcm
    from voiceguide.journal.keys import JournalKey
    from voiceguide.journal.stats import JournalStats

AUDIO_DIR = "audio"
PARTIAL_RECORDINGS = (".answer-*.wav.partial", ".entry-*.wav.partial", ".import-*.wav.partial")
STALE_SECONDS = 24 * 3600  # a recording under way is written to every 20 ms; one this old was abandoned

ENTRY_COLUMNS = """
    e.id, e.created, e.updated, e.practice, e.step, e.prompt, e.text, e.original, e.source, e.engine,
    e.duration, e.run_id, r.rating_before, r.rating_after, e.audio
"""
ENTRY_FROM = "entries e LEFT JOIN runs r ON r.id = e.run_id"
ENTRY_FIELDS = ("id", "created", "updated", "practice", "step", "prompt", "text", "original", "source",
                "engine", "duration", "run_id", "rating_before", "rating_after", "audio")


class SqliteJournal:
    """The journal in `data_dir/journal.sqlite3`; falls back to read-only when the file is not writable."""

    def __init__(self, data_dir: Path, *, read_only: bool = False, clock: Clock = utc_now,
                 key: JournalKey | None = None, busy_timeout_ms: int = connection.BUSY_TIMEOUT_MS,
                 in_memory: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.path = connection.db_path(self.data_dir)
        self.clock = clock
        self.key = key  # None: a plain journal; else the database and the recordings are encrypted with it
        self.key_made_now = False  # open_journal: this start created the journal encrypted (say so once)
        self._lock = threading.RLock()
        if in_memory:  # nothing of it ever reaches the disk (see voiceguide.journal.pending)
            self.conn, self.read_only = connection.connect_memory(), False
            schema.migrate(self.conn)
            return
        self.conn, self.read_only = connection.open_connection(self.data_dir, read_only=read_only, key=key,
                                                               busy_timeout_ms=busy_timeout_ms)
        try:
            with self.guarded():
                if not self.read_only:
                    schema.migrate(self.conn)
                    connection.make_private(self.path)
                    remove_stale_recordings(self.data_dir / AUDIO_DIR)
                elif schema.version(self.conn) != schema.LATEST:
                    raise JournalError(f"the read-only journal {self.path} needs an upgrade that cannot be "
                                       "written: make it writable and run voiceguide again")
        except BaseException:
            self.conn.close()
            raise

    # -- plumbing --------------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> SqliteJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """Hold this journal's connection (threads take turns) and turn SQLite errors into JournalErrors."""
        try:
            with self._lock, connection.journal_errors(self.path, encrypted=self.key is not None):
                yield
        except UnicodeEncodeError:  # lone surrogates, e.g. undecodable bytes from the command line
            raise UsageError("the text has bytes that are not valid UTF-8: save it as UTF-8 and try again") \
                from None

    @contextmanager
    def transaction(self) -> Iterator[sql.Connection]:
        """One short write transaction (BEGIN IMMEDIATE: the write lock is taken up front, so it never
        fails half-way with 'database is locked'); committed when the block ends without an error."""
        if self.read_only:
            raise JournalError(f"the journal {self.path} is read-only: you can read it, but to write to it "
                               "make the file and its folder writable (chmod u+w)")
        with self.guarded():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def now(self) -> str:
        return to_stored_time(self.clock())

    # -- what a session writes -------------------------------------------------------------------------

    def start_run(self, practice: str) -> int:
        with self.transaction() as conn:
            cursor = conn.execute("INSERT INTO runs (practice, started) VALUES (?, ?)",
                                  (practice, self.now()))
            return int(cursor.lastrowid or 0)

    def rate_run(self, run_id: int, *, before: int | None = None, after: int | None = None) -> None:
        for rating in (before, after):
            if rating is not None and rating not in RATING_RANGE:
                raise UsageError(f"a distress rating is a whole number from 0 to 10, not {rating}")
        with self.transaction() as conn:
            if before is not None:
                conn.execute("UPDATE runs SET rating_before = ? WHERE id = ?", (before, run_id))
            if after is not None:
                conn.execute("UPDATE runs SET rating_after = ? WHERE id = ?", (after, run_id))
            if conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
                raise UsageError(f"no practice run {run_id}")

    def get_run(self, run_id: int) -> PracticeRun:
        with self.guarded():
            row = self.conn.execute("SELECT id, practice, started, rating_before, rating_after FROM runs "
                                    "WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise UsageError(f"no practice run {run_id}")
        return PracticeRun(*row)

    def begin_entry(self, *, practice: str, step: str, prompt: str, source: Source, engine: str,
                    run_id: int | None = None, text: str = "") -> int:
        if source not in SOURCES:
            raise UsageError(f"an entry's source is spoken or typed, not {source!r}")
        now = self.now()
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO entries (created, updated, practice, step, prompt, text, original, source,"
                " engine, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, now, practice, step, prompt, text, text, source, engine, run_id))
            return int(cursor.lastrowid or 0)

    def add_typed(self, text: str, *, tags: Iterable[Tag] = ()) -> int:
        """A typed entry, whole at once."""
        entry_id = self.begin_entry(practice="", step="", prompt="", source="typed", engine="", text=text)
        self.tag(entry_id, add=tags)
        return entry_id

    def append_segment(self, entry_id: int, text: str, duration: float | None = None) -> None:
        """Add one settled piece of dictation (and, when given, the answer's duration so far, in the
        same transaction); it is on disk (fsynced) when this returns."""
        piece = text.strip()
        if not piece:
            return
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE entries SET"
                " text = CASE WHEN text = '' THEN :piece ELSE text || ' ' || :piece END,"
                " original = CASE WHEN original = '' THEN :piece ELSE original || ' ' || :piece END,"
                " duration = COALESCE(:duration, duration), updated = :now WHERE id = :id",
                {"piece": piece, "duration": None if duration is None else float(duration),
                 "now": self.now(), "id": entry_id})
            self._require(cursor.rowcount, entry_id)

    def finish_entry(self, entry_id: int, duration: float) -> None:
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE entries SET duration = ?, updated = ? WHERE id = ?",
                                  (float(duration), self.now(), entry_id))
            self._require(cursor.rowcount, entry_id)

    def tag(self, entry_id: int, add: Iterable[Tag] = (), remove: Iterable[Tag] = ()) -> tuple[Tag, ...]:
        """Add and remove tags; returns the entry's tags afterwards."""
        added, removed = list(add), list(remove)
        with self.transaction() as conn:
            self._require(len(conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchall()),
                          entry_id)
            conn.executemany("DELETE FROM tags WHERE entry_id = ? AND kind = ? AND name = ?",
                             [(entry_id, t.kind, t.name) for t in removed])
            conn.executemany("INSERT OR IGNORE INTO tags (entry_id, kind, name) VALUES (?, ?, ?)",
                             [(entry_id, t.kind, t.name) for t in added])
            if added or removed:
                conn.execute("UPDATE entries SET updated = ? WHERE id = ?", (self.now(), entry_id))
        return self.get(entry_id).tags

    def attach_audio(self, entry_id: int, pcm: Pcm) -> Path:
        """Store a mono 16-bit recording beside the database (0700 folder, 0600 file) for this entry:
        a WAV, or sealed (encrypted) in an encrypted journal."""
        self.get(entry_id)
        folder = paths.ensure_private_dir(self.data_dir / AUDIO_DIR)
        partial = folder / f".entry-{entry_id}.wav.partial"
        if self.key is not None:
            from voiceguide.journal import sealed

            mono16 = dataclasses.replace(pcm.fmt, channels=1, width=2)  # what the WAV below says too
            sealed.seal_file(pcm.data, self.key.raw, partial, mono16)
            return self.attach_recording(entry_id, partial)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, connection.PRIVATE_FILE)
        os.fchmod(fd, connection.PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            with wave.open(handle, "wb") as wav:
                wav.setnchannels(1)
                wav.setsampwidth(2)
                wav.setframerate(pcm.fmt.rate)
                wav.writeframes(pcm.data)
            handle.flush()
            os.fsync(handle.fileno())
        return self.attach_recording(entry_id, partial)

    def attach_recording(self, entry_id: int, wav: Path) -> Path:
        """Make the finished WAV file `wav` (on the same file system, e.g. a temporary file in the audio
        folder) this entry's recording: moved to `audio/entry-ID.wav` (0600, folder 0700), replacing
        an earlier one, and noted on the entry. The entry must exist."""
        self.get(entry_id)
        folder = paths.ensure_private_dir(self.data_dir / AUDIO_DIR)
        name = f"entry-{entry_id}.wav"
        target = folder / name
        if self.key is not None:
            from voiceguide.journal import sealed

            if not sealed.is_sealed(wav):
                wav = self._seal_in_place(wav, folder)
        os.chmod(wav, connection.PRIVATE_FILE)
        os.replace(wav, target)
        sync_folder(folder)
        try:
            with self.transaction() as conn:
                conn.execute("UPDATE entries SET audio = ?, updated = ? WHERE id = ?",
                             (f"{AUDIO_DIR}/{name}", self.now(), entry_id))
        except BaseException:
            with contextlib.suppress(Exception):
                if self.get(entry_id).audio != f"{AUDIO_DIR}/{name}":
                    target.unlink(missing_ok=True)  # no entry points to it: the voice does not stay behind
            raise
        return target

    def _seal_in_place(self, wav: Path, folder: Path) -> Path:
        """An encrypted journal keeps no plain WAV: seal this one beside it and shred the original."""
        from voiceguide.journal import sealed

        assert self.key is not None
        fmt, pcm = sealed.pcm_of_wav(wav)
        fd, name = tempfile.mkstemp(prefix=".entry-", suffix=".wav.partial", dir=folder)
        os.close(fd)
        try:
            sealed.seal_file(pcm, self.key.raw, Path(name), fmt)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        _shred(wav)
        return Path(name)

    def recording_path(self, entry: Entry) -> Path | None:
        """Where the entry's recording is on disk (None: it has none). In an encrypted journal the file
        is sealed: read it with recording_audio."""
        return self.data_dir / entry.audio if entry.audio else None

    def recording_audio(self, entry: Entry) -> tuple[AudioFormat, bytes] | None:
        """The entry's recording as PCM, decrypted in memory (None: it has none). Raises OSError when
        the file is missing, SealedError when it cannot be read."""
        from voiceguide.journal import sealed

        path = self.recording_path(entry)
        if path is None:
            return None
        if self.key is not None and sealed.is_sealed(path):
            return sealed.read_sealed(path, self.key.raw)
        return sealed.pcm_of_wav(path)

    def recording_wav(self, entry: Entry) -> bytes | None:
        """The entry's recording as a WAV file's bytes, in memory (for export and playback)."""
        from voiceguide.journal import sealed

        audio = self.recording_audio(entry)
        return None if audio is None else sealed.wav_bytes(*audio)

    def recording_key(self) -> bytes | None:
        """The key answers' recordings are sealed with as they are written (None: a plain journal)."""
        return None if self.key is None else self.key.raw

    def audio_folder(self) -> Path:
        """Where answers' recordings are written before attach_recording. No I/O."""
        return self.data_dir / AUDIO_DIR

    # -- what the journal screen and the command line read and change ----------------------------------

    def get(self, entry_id: int) -> Entry:
        with self.guarded():
            row = self.conn.execute(f"SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.id = ?",
                                    (entry_id,)).fetchone()
            if row is None:
                raise UsageError(f"there is no journal entry {entry_id} (see: voiceguide journal list)")
            return self.with_tags([row])[0]

    def list_entries(self, where: EntryFilter = EVERYTHING) -> list[Entry]:
        clause, params = filter_sql(where)
        order = "DESC" if where.newest_first else "ASC"
        sql = (f"SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE {clause}"
               f" ORDER BY e.created {order}, e.id {order}")
        if where.limit is not None:
            sql += f" LIMIT {int(where.limit)}"
        with self.guarded():
            return self.with_tags(self.conn.execute(sql, params).fetchall())

    def search(self, query: str, where: EntryFilter = EVERYTHING) -> list[SearchHit]:
        from voiceguide.journal.search import search

        return search(self, query, where)

    def stats(self) -> JournalStats:
        """Entries per week, distress before and after per practice, the most frequent tags."""
        from voiceguide.journal.stats import compute

        return compute(self)

    def edit_text(self, entry_id: int, text: str) -> Entry:
        """Replace the entry's text; the original transcript stays as it was heard."""
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE entries SET text = ?, updated = ? WHERE id = ?",
                                  (text, self.now(), entry_id))
            self._require(cursor.rowcount, entry_id)
        return self.get(entry_id)

    def delete(self, entry_id: int) -> None:
        """Remove the entry so its words do not remain anywhere in the files (secure_delete, index merged,
        WAL truncated) and delete its recording."""
        audio = self.get(entry_id).audio
        with self.transaction() as conn:
            conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,))
            # The full-text index keeps deleted words in old segments until they are merged.
            conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('optimize')")
        self.checkpoint()
        if audio:
            _shred(self.data_dir / audio)

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it to zero bytes (no old page images left)."""
        with self.guarded():
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    def count(self) -> int:
        with self.guarded():
            return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    # -- helpers ---------------------------------------------------------------------------------------

    def with_tags(self, rows: Sequence[Sequence[Any]]) -> list[Entry]:
        """Entries for rows of ENTRY_COLUMNS, each with its tags (one query)."""
        if not rows:
            return []
        tags: dict[int, list[Tag]] = {}
        if len(rows) > 500:
            tag_rows = self.conn.execute("SELECT entry_id, kind, name FROM tags").fetchall()
        else:
            marks = ",".join("?" * len(rows))
            tag_rows = self.conn.execute(f"SELECT entry_id, kind, name FROM tags WHERE entry_id IN ({marks})",
                                         [row[0] for row in rows]).fetchall()
        for entry_id, kind, name in tag_rows:
            tags.setdefault(entry_id, []).append(Tag(kind, name))
        return [Entry(**dict(zip(ENTRY_FIELDS, row, strict=True)), tags=tuple(sorted(tags.get(row[0], ()))))
                for row in rows]

    @staticmethod
    def _require(found: int, entry_id: int) -> None:
        if not found:
            raise UsageError(f"there is no journal entry {entry_id} (see: voiceguide journal list)")


def filter_sql(where: EntryFilter) -> tuple[str, list[Any]]:
    """The SQL condition (on `entries e` joined with `runs r`) and parameters for a filter."""
    parts, params = ["1"], []  # type: tuple[list[str], list[Any]]
    if where.since is not None:
        parts.append("e.created >= ?")
        params.append(to_stored_time(where.since))
    if where.until is not None:
        parts.append("e.created < ?")
        params.append(to_stored_time(where.until))
    if where.practice:
        parts.append("e.practice = ?")
        params.append(where.practice)
    for tag in where.tags:
        if tag.kind == "tag":  # a bare name matches emotions and triggers of that name too
            parts.append("EXISTS (SELECT 1 FROM tags t WHERE t.entry_id = e.id AND t.name = ?)")
            params.append(tag.name)
        else:
            parts.append("EXISTS (SELECT 1 FROM tags t WHERE t.entry_id = e.id"
                         " AND t.kind = ? AND t.name = ?)")
            params += [tag.kind, tag.name]
    if where.min_rating is not None:
        parts.append("r.rating_before >= ?")
        params.append(where.min_rating)
    if where.max_rating is not None:
        parts.append("r.rating_before <= ?")
        params.append(where.max_rating)
    return " AND ".join(parts), params


def remove_stale_recordings(folder: Path, older_than: float = STALE_SECONDS) -> None:
    """Delete temporary recordings a killed session left behind (the voice should not stay either)."""
    limit = time.time() - older_than
    for pattern in PARTIAL_RECORDINGS:
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()


def sync_folder(folder: Path) -> None:
    """fsync a folder, so a file just renamed into it stays there after a power cut."""
    paths.fsync_path(folder)


def _shred(path: Path) -> None:
    """Overwrite a recording with zeros before unlinking it (best effort on journaling file systems)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        pass
