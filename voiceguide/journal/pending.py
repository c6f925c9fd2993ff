"""`PendingJournal`: a locked journal's stand-in, keeping what is said in memory until it is unlocked.

When an encrypted journal is not unlocked at start (nothing typed at the passphrase prompt, or three
wrong tries), the terminal app still starts: a person mid-panic must not be stopped at a prompt. What
they say then goes into an in-memory database (never to disk: no file, no recording) and the screen says
it is not saved yet. `unlock` opens the real journal with a passphrase or recovery code and moves every
run and entry into it in one transaction, keeping their times; from then on every call goes to the real
journal. Ids handed out before the unlock are offset by PENDING_IDS, so a practice still under way keeps
writing to its entries, wherever they now are.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide.errors import UsageError
from voiceguide.journal.models import EVERYTHING, Entry, EntryFilter, SearchHit, Source, Tag
from voiceguide.journal.store import SqliteJournal

if TYPE_CHECKING:
    from voiceguide.journal.stats import JournalStats
    from voiceguide.journal.unlock import Unlocking

PENDING_IDS = 10**12  # ids of entries and runs kept in memory are shown as this plus their memory id


class PendingJournal:
    """A JournalReader and JournalWriter over memory until `unlock`, then over the real journal."""

    def __init__(self, data_dir: Path, why: str) -> None:
        self.data_dir = Path(data_dir)
        self.why = why  # one line: why the journal is locked
        self._memory = SqliteJournal(self.data_dir, in_memory=True)
        self._real: SqliteJournal | None = None
        self._entries: dict[int, int] = {}  # memory id -> real id, once moved
        self._runs: dict[int, int] = {}
        self._lock = threading.RLock()

    # -- the lock ---------------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self._real is None

    def pending(self) -> int:
        """How many answers are kept in memory only (0 once unlocked)."""
        with self._lock:
            return 0 if self._real is not None else self._memory.count()

    def unlock(self, unlocking: Unlocking) -> int:
        """Open the real journal (WrongKey/JournalError when it does not open: nothing changes) and move
        what was kept in memory into it; returns how many entries were moved."""
        from voiceguide.journal.unlock import find_key

        with self._lock:
            if self._real is not None:
                return 0
            real = SqliteJournal(self.data_dir, key=find_key(self.data_dir, unlocking))
            try:
                moved = self._move_into(real)
            except BaseException:
                real.close()
                raise
            self._real = real
            self._memory.close()
            return moved

    def _move_into(self, real: SqliteJournal) -> int:
        from voiceguide.journal.export import all_entries, all_runs, entry_record
        from voiceguide.journal.importer import insert_entry

        runs, entries = all_runs(self._memory), all_entries(self._memory)
        run_ids: dict[int, int] = {}
        entry_ids: dict[int, int] = {}
        with real.transaction() as conn:
            for run in runs:
                cursor = conn.execute(
                    "INSERT INTO runs (practice, started, rating_before, rating_after) VALUES (?, ?, ?, ?)",
                    (run.practice, run.started, run.rating_before, run.rating_after))
                run_ids[run.id] = int(cursor.lastrowid or 0)
            for entry in entries:
                record = {**entry_record(entry), "audio": None}
                entry_ids[entry.id] = insert_entry(conn, record, None, run_ids)
        self._runs.update(run_ids)
        self._entries.update(entry_ids)
        return len(entries)

    def close(self) -> None:
        with self._lock:
            (self._memory if self._real is None else self._real).close()

    # -- ids ---------------------------------------------------------------------------------------------

    def _target(self) -> SqliteJournal:
        return self._memory if self._real is None else self._real

    def _entry_id(self, shown: int) -> int:
        """The id in the journal the calls go to now, for an id this journal handed out."""
        if shown < PENDING_IDS:
            return shown
        if self._real is None:
            return shown - PENDING_IDS
        moved = self._entries.get(shown - PENDING_IDS)
        if moved is None:
            raise UsageError(f"there is no journal entry {shown}")
        return moved

    def _run_id(self, shown: int) -> int:
        if shown < PENDING_IDS:
            return shown
        if self._real is None:
            return shown - PENDING_IDS
        return self._runs[shown - PENDING_IDS]

    def _shown_id(self, real_or_memory: int) -> int:
        return real_or_memory + PENDING_IDS if self._real is None else real_or_memory

    def _shown(self, entry: Entry) -> Entry:
        if self._real is not None:
            return entry
        run_id = None if entry.run_id is None else entry.run_id + PENDING_IDS
        return dataclasses.replace(entry, id=entry.id + PENDING_IDS, run_id=run_id)

    # -- JournalReader -------------------------------------------------------------------------------------

    def list_entries(self, where: EntryFilter = EVERYTHING) -> list[Entry]:
        with self._lock:
            return [self._shown(entry) for entry in self._target().list_entries(where)]

    def search(self, query: str, where: EntryFilter = EVERYTHING) -> list[SearchHit]:
        with self._lock:
            return [dataclasses.replace(hit, entry=self._shown(hit.entry))
                    for hit in self._target().search(query, where)]

    def get(self, entry_id: int) -> Entry:
        with self._lock:
            return self._shown(self._target().get(self._entry_id(entry_id)))

    def recording_path(self, entry: Entry) -> Path | None:
        with self._lock:
            return None if self._real is None else self._real.recording_path(entry)

    def recording_wav(self, entry: Entry) -> bytes | None:
        with self._lock:
            return None if self._real is None else self._real.recording_wav(entry)

    def stats(self) -> JournalStats:
        with self._lock:
            return self._target().stats()

    # -- JournalWriter -------------------------------------------------------------------------------------

    def start_run(self, practice: str) -> int:
        with self._lock:
            return self._shown_id(self._target().start_run(practice))

    def rate_run(self, run_id: int, *, before: int | None = None, after: int | None = None) -> None:
        with self._lock:
            self._target().rate_run(self._run_id(run_id), before=before, after=after)

    def begin_entry(self, *, practice: str, step: str, prompt: str, source: Source, engine: str,
                    run_id: int | None = None) -> int:
        with self._lock:
            run = None if run_id is None else self._run_id(run_id)
            return self._shown_id(self._target().begin_entry(practice=practice, step=step, prompt=prompt,
                                                             source=source, engine=engine, run_id=run))

    def append_segment(self, entry_id: int, text: str, duration: float | None = None) -> None:
        with self._lock:
            self._target().append_segment(self._entry_id(entry_id), text, duration)

    def finish_entry(self, entry_id: int, duration: float) -> None:
        with self._lock:
            self._target().finish_entry(self._entry_id(entry_id), duration)

    def edit_text(self, entry_id: int, text: str) -> Entry:
        with self._lock:
            return self._shown(self._target().edit_text(self._entry_id(entry_id), text))

    def tag(self, entry_id: int, add: Iterable[Tag] = (), remove: Iterable[Tag] = ()) -> tuple[Tag, ...]:
        with self._lock:
            return self._target().tag(self._entry_id(entry_id), add, remove)

    def attach_recording(self, entry_id: int, wav: Path) -> Path:
        with self._lock:
            if self._real is None:  # never on disk while locked (recording is off then; this is a guard)
                wav.unlink(missing_ok=True)
                raise UsageError("the journal is locked: recordings are not kept until it is unlocked")
            return self._real.attach_recording(self._entry_id(entry_id), wav)

    def audio_folder(self) -> Path:
        return self._memory.data_dir / "audio" if self._real is None else self._real.audio_folder()

    def recording_key(self) -> bytes | None:
        with self._lock:
            return None if self._real is None else self._real.recording_key()

    def delete(self, entry_id: int) -> None:
        with self._lock:
            self._target().delete(self._entry_id(entry_id))
