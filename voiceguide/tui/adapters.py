"""Adapters from the core packages (practices, journal, safety) to the app's small protocols."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from voiceguide import paths
from voiceguide.config import Config
from voiceguide.intents import Intent
from voiceguide.tui.ports import (
    CardView,
    Clock,
    EntryView,
    FieldRecord,
    JournalPort,
    JournalStats,
    PracticeCatalog,
    PracticeInfo,
    SafetyPort,
    SessionRunner,
    SupportResource,
)


class _ClockAdapter:
    """The app's clock function as the runner's Clock protocol."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock()


class CoreRunner:
    """voiceguide.practices.runner.Runner behind the app's SessionRunner protocol."""

    def __init__(self, practice: Any, clock: Clock, cue_style: str | None = None) -> None:
        from voiceguide.practices import events
        from voiceguide.practices.model import CueStyle
        from voiceguide.practices.runner import Runner

        self.events = events
        style = CueStyle(cue_style) if cue_style in {c.value for c in CueStyle} else None
        self.runner = Runner(practice, _ClockAdapter(clock), cue_style=style)
        self.clock = clock

    def start(self) -> Sequence[object]:
        return self.runner.start()

    def tick(self, now: float) -> Sequence[object]:
        return self.runner.handle(self.events.Tick(now))

    def intent(self, intent: Intent) -> Sequence[object]:
        return self.runner.handle(self.events.IntentEvent(intent))

    def utterance(self, text: str, final: bool) -> Sequence[object]:
        return self.runner.handle(self.events.Utterance(text, final))

    def speech_finished(self, text: str) -> Sequence[object]:
        return self.runner.handle(self.events.SpeechFinished(text))

    def listen_timed_out(self) -> Sequence[object]:
        return self.runner.handle(self.events.ListenTimedOut())

    def next_deadline(self) -> float | None:
        return self.runner.next_deadline()


class LibraryCatalog:
    """The built-in and user practices."""

    def __init__(self, cue_style: str | None = None) -> None:
        from voiceguide.practices.library import load_library

        self.library = load_library()
        self.cue_style = cue_style

    def practices(self) -> list[PracticeInfo]:
        return [PracticeInfo(p.id, p.title, p.summary, p.category.value, p.minutes)
                for p in self.library.practices.values()]

    def open(self, practice_id: str, clock: Clock) -> SessionRunner:
        return CoreRunner(self.library.get(practice_id), clock, self.cue_style)


def practice_catalog(config: Config | None = None) -> PracticeCatalog | None:
    return LibraryCatalog(config.voice.cue_style if config is not None else None)


def _entry_view(entry: Any, snippet: str = "") -> EntryView:
    from voiceguide.journal.models import show_time

    return EntryView(id=entry.id, created=show_time(entry.created), practice=entry.practice or "typed",
                     prompt=entry.prompt, text=entry.text, tags=tuple(str(t) for t in entry.tags),
                     before=entry.rating_before, after=entry.rating_after, snippet=snippet)


class SqliteJournalPort:
    """The SQLite journal, opened on first use (in a worker thread, never on the event loop)."""

    def __init__(self, data_dir: str | None = None) -> None:
        self.data_dir = paths.data_dir(data_dir)
        self._journal: Any = None
        self._lock = threading.Lock()
        self._runs: dict[int, int] = {}
        self._entries: dict[tuple[int, str], tuple[int, str]] = {}  # (session, step) -> (id, text)

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
        return [_entry_view(e) for e in entries]

    def search(self, query: str, limit: int = 200) -> list[EntryView]:
        from voiceguide.journal.models import EntryFilter

        hits = self.journal.search(query, EntryFilter(limit=limit))
        return [_entry_view(hit.entry, hit.marked_snippet()) for hit in hits]

    def get(self, entry_id: int) -> EntryView | None:
        return _entry_view(self.journal.get(entry_id))

    def edit(self, entry_id: int, text: str) -> None:
        self.journal.edit_text(entry_id, text)

    def tag(self, entry_id: int, add: Sequence[str], remove: Sequence[str]) -> None:
        from voiceguide.journal.models import Tag

        self.journal.tag(entry_id, add=[Tag.parse(t) for t in add], remove=[Tag.parse(t) for t in remove])

    def stats(self) -> JournalStats:
        from voiceguide.journal.stats import compute

        stats = compute(self.journal)
        return JournalStats(entries=stats.entries, entries_per_week=list(stats.per_week),
                            rating_change=[(c.practice, c.average_change, c.runs)
                                           for c in stats.rating_change],
                            top_triggers=list(stats.top_triggers), top_emotions=list(stats.top_emotions))

    def _run(self, record: FieldRecord) -> int:
        run = self._runs.get(record.session)
        if run is None:
            run = self._runs[record.session] = self.journal.start_run(record.practice)
        return run

    def record(self, record: FieldRecord) -> None:
        """A rating goes on the practice run; an answer is kept segment by segment as it grows."""
        journal = self.journal
        run = self._run(record)
        if record.rating is not None:
            journal.rate_run(run, **{"before" if record.rating_when == "before" else "after": record.rating})
            return
        key = (record.session, record.step)
        known = self._entries.get(key)
        if known is None:
            entry_id = journal.begin_entry(practice=record.practice, step=record.step, prompt=record.prompt,
                                           source="typed" if record.source == "typed" else "spoken",
                                           engine=record.engine, run_id=run)
            known = (entry_id, "")
        entry_id, kept = known
        if record.text.startswith(kept):
            journal.append_segment(entry_id, record.text[len(kept):])
        else:
            journal.edit_text(entry_id, record.text)
        self._entries[key] = (entry_id, record.text)


def journal(config: Config, data_dir: str | None = None) -> JournalPort | None:
    return SqliteJournalPort(data_dir)


class SafetyAdapter:
    """voiceguide.safety: detection, the card for the configured country, and the escalation rule."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def detect(self, text: str) -> str | None:
        from voiceguide.safety import detect

        finding = detect(text)
        return None if finding is None else finding.category.value

    def card(self, category: str | None = None) -> CardView:
        from voiceguide.safety import Category, spoken_message, support_card

        chosen = Category(category) if category in {c.value for c in Category} else None
        card = support_card(self.config.safety, chosen)
        notes = tuple(n for n in (card.notice, card.danger_note, card.self_help_note) if n)
        resources = tuple(SupportResource(r.name, r.contact, r.note) for r in card.resources)
        return CardView(card.title, card.intro, resources, notes, spoken_message(card))

    def escalate(self, before: int | None, after: int | None) -> str:
        from voiceguide.safety import escalate

        return escalate(before, after).reason


def safety(config: Config) -> SafetyPort | None:
    return SafetyAdapter(config)
