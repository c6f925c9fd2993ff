"""Adapters from the core packages (practices, journal, safety) to the app's small protocols."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from voiceguide import paths
from voiceguide.config import Config
from voiceguide.journal.models import Source
from voiceguide.journal.recorder import JournalRecorder, SessionRecorder
from voiceguide.practices.model import Practice, RatingWhich
from voiceguide.safety import SupportCard
from voiceguide.tui.ports import (
    CardView,
    EntryView,
    JournalPort,
    JournalStats,
    PracticeCatalog,
    PracticeInfo,
    RatingChange,
    SupportResource,
)


class LibraryCatalog:
    """The built-in and user practices."""

    def __init__(self) -> None:
        from voiceguide.practices.library import load_library

        self.library = load_library()

    def practices(self) -> list[PracticeInfo]:
        return [PracticeInfo(p.id, p.title, p.summary, p.category.value, p.minutes)
                for group in self.library.by_category().values() for p in group]

    def practice(self, practice_id: str) -> Practice:
        return self.library.get(practice_id)

    def skipped(self) -> list[str]:
        return self.library.skipped()


def practice_catalog() -> PracticeCatalog | None:
    return LibraryCatalog()


def _entry_view(entry: Any, data_dir: Path, snippet: str = "") -> EntryView:
    from voiceguide.journal.models import show_time

    return EntryView(id=entry.id, created=show_time(entry.created), practice=entry.practice or "typed",
                     prompt=entry.prompt, text=entry.text, tags=tuple(str(t) for t in entry.tags),
                     before=entry.rating_before, after=entry.rating_after, snippet=snippet,
                     recording=str((data_dir / entry.audio).absolute()) if entry.audio else "")


class SqliteJournalPort:
    """The SQLite journal, opened on first use (in a worker thread, never on the event loop)."""

    def __init__(self, data_dir: str | None = None) -> None:
        self.data_dir = paths.data_dir(data_dir)
        self._journal: Any = None
        self._lock = threading.Lock()

    @property
    def journal(self) -> Any:
        with self._lock:
            if self._journal is None:
                from voiceguide.journal.store import SqliteJournal

                self._journal = SqliteJournal(self.data_dir)
            return self._journal

    def recent(self, limit: int = 200) -> list[EntryView]:
        from voiceguide.journal.models import EntryFilter

        entries = self.journal.list_entries(EntryFilter(limit=limit, newest_first=True))
        return [_entry_view(e, self.data_dir) for e in entries]

    def search(self, query: str, limit: int = 200) -> list[EntryView]:
        from voiceguide.journal.models import EntryFilter

        hits = self.journal.search(query, EntryFilter(limit=limit))
        return [_entry_view(hit.entry, self.data_dir, hit.marked_snippet()) for hit in hits]

    def get(self, entry_id: int) -> EntryView | None:
        return _entry_view(self.journal.get(entry_id), self.data_dir)

    def edit(self, entry_id: int, text: str) -> None:
        self.journal.edit_text(entry_id, text)

    def tag(self, entry_id: int, add: Sequence[str], remove: Sequence[str]) -> None:
        from voiceguide.journal.models import Tag

        self.journal.tag(entry_id, add=[Tag.parse(t) for t in add], remove=[Tag.parse(t) for t in remove])

    def stats(self) -> JournalStats:
        from voiceguide.journal.stats import compute

        stats = compute(self.journal)
        return JournalStats(entries=stats.entries, entries_per_week=list(stats.per_week),
                            rating_change=[RatingChange(c.practice, c.average_before, c.average_after, c.runs)
                                           for c in stats.rating_change],
                            top_triggers=list(stats.top_triggers), top_emotions=list(stats.top_emotions))

    def recorder(self, practice: str, engine: str = "") -> SessionRecorder:
        """A recorder for one run (opens the journal: call it from a worker)."""
        return JournalRecorder(self.journal, practice, engine)

    def audio_folder(self) -> Path | None:
        from voiceguide.journal.store import AUDIO_DIR

        return self.data_dir / AUDIO_DIR


def journal(config: Config, data_dir: str | None = None) -> JournalPort | None:
    return SqliteJournalPort(data_dir)


def card_view(card: SupportCard) -> CardView:
    """The safety package's support card as the card screen draws it."""
    notes = tuple(n for n in (card.notice, card.danger_note, card.self_help_note) if n)
    resources = tuple(SupportResource(r.name, r.contact, r.note) for r in card.resources)
    return CardView(card.title, card.intro, resources, notes)


class BackgroundRecorder:
    """A SessionRecorder whose writes go to `submit` (the app's ordered journal worker).

    The real recorder is opened by the first write, inside the worker, so the event loop never waits
    for the journal file.
    """

    def __init__(self, submit: Callable[[Callable[[], object]], None],
                 open_recorder: Callable[[], SessionRecorder]) -> None:
        self.submit = submit
        self.open_recorder = open_recorder
        self._recorder: SessionRecorder | None = None

    def _opened(self) -> SessionRecorder:
        if self._recorder is None:
            self._recorder = self.open_recorder()
        return self._recorder

    def rating(self, which: RatingWhich, value: int) -> None:
        self.submit(lambda: self._opened().rating(which, value))

    def answer(self, step: str, prompt: str, text: str, source: Source,
               seconds: float | None = None) -> None:
        self.submit(lambda: self._opened().answer(step, prompt, text, source, seconds))

    def recording(self, step: str, wav: Path) -> None:
        """Queued after the answer's words, so they are saved first; a failure is a RecordingError."""

        def keep() -> None:
            try:
                self._opened().recording(step, wav)
            except BaseException:
                wav.unlink(missing_ok=True)
                raise

        self.submit(keep)
