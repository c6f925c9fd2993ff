"""Fakes behind the app's protocols: an in-memory journal, a scripted recognizer and microphone, a clock."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voiceguide.audio.devices import DeviceInfo
from voiceguide.audio.format import Pcm
from voiceguide.config import Config
from voiceguide.journal.models import Source
from voiceguide.journal.opening import open_journal
from voiceguide.practices.model import RatingWhich
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.tui.adapters import LibraryCatalog
from voiceguide.tui.journal_view import JournalView
from voiceguide.tui.ports import EntryView, JournalStats, RatingChange, SilentSpeech, VoiceStatus
from voiceguide.tui.services import AppServices, Voice


class FakeJournal(JournalView):
    """An in-memory journal as the app sees it, with substring search (no reader or writer behind it)."""

    def __init__(self, entries: Sequence[EntryView] = ()) -> None:
        self.protection = ""
        self.pending = None
        self.unlocking = None
        self.reader = self.writer = None  # type: ignore[assignment]  # no journal file behind it
        self.entries: list[EntryView] = list(entries)
        self.ratings: list[tuple[str, int]] = []  # (before/after, value) in the order kept
        self._ids = itertools.count(len(self.entries) + 1)
        self.lock = threading.Lock()

    def recent(self, limit: int = 200) -> list[EntryView]:
        with self.lock:
            return list(reversed(self.entries))[:limit]

    def search(self, query: str, limit: int = 200) -> list[EntryView]:
        with self.lock:
            found = [e for e in reversed(self.entries) if query.lower() in e.text.lower()]
        return [EntryView(e.id, e.created, e.practice, e.prompt, e.text, e.tags, e.before, e.after,
                          snippet=e.text) for e in found][:limit]

    def get(self, entry_id: int) -> EntryView | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def _replace(self, entry_id: int, **changes: Any) -> None:
        with self.lock:
            self.entries = [EntryView(**{**e.__dict__, **changes}) if e.id == entry_id else e
                            for e in self.entries]

    def edit(self, entry_id: int, text: str) -> None:
        self._replace(entry_id, text=text)

    def tag(self, entry_id: int, add: Sequence[str], remove: Sequence[str]) -> None:
        entry = self.get(entry_id)
        if entry is not None:
            tags = tuple(t for t in (*entry.tags, *add) if t not in remove)
            self._replace(entry_id, tags=tuple(dict.fromkeys(tags)))

    def stats(self) -> JournalStats:
        return JournalStats(entries=len(self.entries),
                            entries_per_week=[("2026-W01", 2), ("2026-W02", 5), ("2026-W03", 3),
                                              ("2026-W04", 6)],
                            rating_change=[RatingChange("stop", 7.0, 3.5, 4),
                                           RatingChange("box-breathing", 6.0, 4.0, 2)],
                            top_triggers=[("work", 4), ("family", 2)])

    def recorder(self, practice: str, engine: str = "") -> FakeRecorder:
        return FakeRecorder(self, practice)

    def audio_folder(self) -> Path | None:
        return None

    def recording_key(self) -> bytes | None:
        return None


class RealJournal(JournalView):
    """The app's view of a real journal in `data_dir`, opened as the app opens it (kept in `journal`)."""

    def __init__(self, data_dir: str) -> None:
        self.journal = open_journal(data_dir)
        super().__init__(self.journal, self.journal)


class FakeRecorder:
    """Keeps a run's ratings in the fake journal and each answer as one entry (replaced as it grows)."""

    def __init__(self, journal: FakeJournal, practice: str) -> None:
        self.journal = journal
        self.practice = practice

    def rating(self, which: RatingWhich, value: int) -> None:
        with self.journal.lock:
            self.journal.ratings.append((which.value, value))

    def answer(self, step: str, prompt: str, text: str, source: Source,
               seconds: float | None = None) -> None:
        journal = self.journal
        with journal.lock:
            for entry in journal.entries:
                if (entry.practice, entry.prompt) == (self.practice, prompt):
                    journal.entries.remove(entry)
                    break
            journal.entries.append(EntryView(next(journal._ids), "2026-01-05 09:30", self.practice, prompt,
                                             text))

    def recording(self, step: str, wav: Path) -> None:
        wav.unlink(missing_ok=True)


class ScriptedRecognizer:
    """A Recognizer that says the next scripted phrase for each chunk of audio it is fed."""

    name = "scripted"

    def __init__(self, phrases: Sequence[str] = ()) -> None:
        self.phrases = list(phrases)
        self.unsettled: list[str] = []  # heard but not yet settled: `flush` gives them as final text
        self.modes: list[ListenMode] = []

    def set_mode(self, mode: ListenMode) -> None:
        self.modes.append(mode)

    def accept(self, pcm: bytes) -> list[Transcript]:
        if not self.phrases:
            return []
        text = self.phrases.pop(0)
        return [Transcript(text[: len(text) // 2], final=False), Transcript(text, final=True)]

    def flush(self) -> list[Transcript]:
        settled = [Transcript(text, final=True) for text in self.unsettled]
        self.unsettled.clear()
        return settled


class QuietSink:
    """A sound device sink that plays nothing and is never busy (SinkSpeech's logic without a device)."""

    busy_until = 0.0
    stalled = False

    def play(self, pcm: Pcm) -> None:
        return None

    def wait(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def close(self) -> None:
        return None


class ChunkMic:
    """A MicInput that hands out one chunk of silence whenever `feed()` allows one."""

    description = "on (test)"
    active = True
    stall_seconds = None  # it hands out chunks only when the test feeds them

    def __init__(self, recognizer: ScriptedRecognizer) -> None:
        self.recognizer = recognizer
        self._allowed = threading.Semaphore(0)
        self.closed = False

    def feed(self, chunks: int = 1) -> None:
        for _ in range(chunks):
            self._allowed.release()

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self._allowed.acquire(timeout=timeout):
            return (0.0, b"\x00\x00" * 320)
        return None

    def close(self) -> None:
        self.closed = True


class HeldSpeech(SilentSpeech):
    """A speaker whose `say` lasts until the next `stop()` (as a long prompt would)."""

    description = "on (test)"

    def __init__(self) -> None:
        self.saying = threading.Event()
        self.stopped = threading.Event()
        self.returned = threading.Event()
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.stopped.clear()  # a stop() before this text (the app cuts off what played before) is over
        self.returned.clear()
        self.said.append(text)
        self.saying.set()
        self.stopped.wait(30)
        self.returned.set()

    def stop(self) -> None:
        self.stopped.set()


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def services(journal: FakeJournal | None = None, mic: ChunkMic | None = None,
             clock: Any = None, saved: list[Config] | None = None) -> AppServices:
    """Fake services: no audio devices (or the given scripted microphone), fixed data."""
    status = VoiceStatus(engine="scripted" if mic else "none", mic=mic.description if mic else "off",
                         speaker="off")

    def open_voice(config: Config) -> Voice:
        return Voice(SilentSpeech(), mic, status)

    saved_configs = saved if saved is not None else []
    return AppServices(catalog=LibraryCatalog(), journal=journal if journal is not None else FakeJournal(),
                       open_voice=open_voice,
                       clock=clock or FixedClock(),
                       save_config=saved_configs.append, list_devices=fixed_devices)


def fixed_devices() -> list[DeviceInfo]:
    return [DeviceInfo(0, "pulse", 32, 32, 44100.0, True, True), DeviceInfo(1, "USB headset", 1, 2, 48000.0)]


NASTY = "[bold]not bold[/] [/ oops \x1b[31mred\x1b[0m [link=x]y[/link]"
