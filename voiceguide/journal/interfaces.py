"""The journal's two interfaces: `JournalReader` (what reads it) and `JournalWriter` (what writes it).

`voiceguide.journal.store.SqliteJournal` implements both; `voiceguide.journal.opening.open_journal` opens
it for every front end. A practice run writes through a `SessionRecorder` (voiceguide.journal.recorder)
built on a `JournalWriter`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from voiceguide.journal.models import EVERYTHING, Entry, EntryFilter, SearchHit, Source, Tag

if TYPE_CHECKING:
    from voiceguide.journal.stats import JournalStats


class JournalReader(Protocol):
    """What reads the journal: entries (filtered), full-text search, one entry, its recording, figures."""

    def list_entries(self, where: EntryFilter = EVERYTHING) -> list[Entry]: ...

    def search(self, query: str, where: EntryFilter = EVERYTHING) -> list[SearchHit]: ...

    def get(self, entry_id: int) -> Entry: ...

    def recording_path(self, entry: Entry) -> Path | None:
        """Where the entry's recording is on disk (None: it has none; sealed in an encrypted journal)."""
        ...

    def recording_wav(self, entry: Entry) -> bytes | None:
        """The entry's recording as a WAV file's bytes, decrypted in memory (None: it has none)."""
        ...

    def stats(self) -> JournalStats: ...


class JournalWriter(Protocol):
    """What writes the journal: a practice run and its ratings, entries segment by segment, edits, tags,
    recordings and deletions."""

    def start_run(self, practice: str) -> int: ...

    def rate_run(self, run_id: int, *, before: int | None = None, after: int | None = None) -> None: ...

    def begin_entry(self, *, practice: str, step: str, prompt: str, source: Source, engine: str,
                    run_id: int | None = None) -> int: ...

    def append_segment(self, entry_id: int, text: str, duration: float | None = None) -> None: ...

    def finish_entry(self, entry_id: int, duration: float) -> None: ...

    def edit_text(self, entry_id: int, text: str) -> Entry: ...

    def tag(self, entry_id: int, add: Iterable[Tag] = (), remove: Iterable[Tag] = ()) -> tuple[Tag, ...]: ...

    def attach_recording(self, entry_id: int, wav: Path) -> Path: ...

    def audio_folder(self) -> Path:
        """Where answers' recordings are written before attach_recording, beside the database. No I/O."""
        ...

    def recording_key(self) -> bytes | None:
        """The key answers' recordings are sealed with as they are written (None: a plain journal)."""
        ...

    def delete(self, entry_id: int) -> None: ...
