"""Fakes behind the app's protocols: a small STOP-like runner, an in-memory journal, a scripted recognizer."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from voiceguide.config import Config
from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.tui.ports import EntryView, FieldRecord, JournalStats, PracticeInfo, SupportResource
from voiceguide.tui.services import AppServices, Voice
from voiceguide.tui.voice import SilentSpeech, VoiceStatus


@dataclass(frozen=True)
class Speak:
    text: str


@dataclass(frozen=True)
class Listen:
    mode: ListenMode
    field: str = ""


@dataclass(frozen=True)
class StopListening:
    pass


@dataclass(frozen=True)
class StepView:
    title: str
    text: str
    kind: str
    index: int
    total: int
    phase: str = ""
    phase_seconds: float = 0.0
    phase_deadline: float | None = None
    phase_remaining: float | None = None
    cycle: int = 0
    cycles: int = 0
    state: str = "running"


@dataclass(frozen=True)
class ShowStep:
    view: StepView


@dataclass(frozen=True)
class SaveField:
    field: str
    text: str
    prompt: str


@dataclass(frozen=True)
class SaveRating:
    when: str
    value: int
    step: str = "rating"


@dataclass(frozen=True)
class End:
    reason: str


STOP_STEPS: tuple[dict[str, Any], ...] = (
    {"kind": "rate", "text": "How strong is the feeling, from 0 to 10?", "when": "before"},
    {"kind": "say", "text": "Stop. Let whatever you were doing wait."},
    {"kind": "breathe", "text": "Breathe with the shape.", "phases": (("inhale", 4.0), ("hold", 2.0),
                                                                        ("exhale", 6.0))},
    {"kind": "listen", "text": "Observe. What do you notice in your body?", "field": "observe"},
    {"kind": "say", "text": "Proceed, with one small step that matters to you."},
    {"kind": "rate", "text": "And now, from 0 to 10?", "when": "after"},
)

PRACTICES = (
    PracticeInfo("stop", "STOP", "stop, breathe, observe, proceed", "right now", 3),
    PracticeInfo("box-breathing", "Box breathing", "four counts in, hold, out, hold", "breathe", 4),
    PracticeInfo("grounding-54321", "5-4-3-2-1 grounding", "name what your senses find", "ground", 5),
    PracticeInfo("reflection", "Reflection questions", "five questions for self-awareness", "reflect", 10),
    PracticeInfo("seek-help", "When to seek help", "signs it is time to talk to someone", "learn", 3),
)


class FakeRunner:
    """A small walk through STOP_STEPS with the effects the real runner produces."""

    def __init__(self, clock: Any, steps: Sequence[dict[str, Any]] = STOP_STEPS, title: str = "STOP") -> None:
        self.clock = clock
        self.steps = steps
        self.title = title
        self.index = 0
        self.phase_index = 0
        self.deadline: float | None = None
        self.paused_left: float | None = None
        self.answer: list[str] = []
        self.done = False

    def _view(self) -> StepView:
        step = self.steps[self.index]
        phase, seconds = ("", 0.0)
        if step["kind"] == "breathe":
            phase, seconds = step["phases"][self.phase_index]
        return StepView(self.title, step["text"], step["kind"], self.index + 1, len(self.steps), phase, seconds,
                        self.deadline, self.paused_left, 1 if phase else 0, 1 if phase else 0,
                        "paused" if self.paused_left is not None else "running")

    def _enter(self) -> list[object]:
        if self.index >= len(self.steps):
            self.done = True
            self.deadline = None
            return [StopListening(), Speak("Well done."), End("finished")]
        step = self.steps[self.index]
        self.phase_index = 0
        self.deadline = None
        self.answer = []
        effects: list[object] = []
        if step["kind"] == "breathe":
            self.deadline = self.clock() + step["phases"][0][1]
        effects += [ShowStep(self._view()), Speak(step["text"])]
        mode = {"rate": ListenMode.NUMBER, "listen": ListenMode.DICTATION}.get(step["kind"], ListenMode.COMMANDS)
        effects.append(Listen(mode, step.get("field", "")))
        return effects

    def _advance(self) -> list[object]:
        self.index += 1
        return self._enter()

    def start(self) -> list[object]:
        return self._enter()

    def tick(self, now: float) -> list[object]:
        if self.done or self.deadline is None or self.paused_left is not None or now < self.deadline:
            return []
        step = self.steps[self.index]
        self.phase_index += 1
        if self.phase_index >= len(step["phases"]):
            return self._advance()
        self.deadline += step["phases"][self.phase_index][1]
        return [ShowStep(self._view())]

    def intent(self, intent: Intent) -> list[object]:
        if self.done:
            return []
        step = self.steps[self.index]
        kind = intent.kind
        if kind is IntentKind.PAUSE and self.paused_left is None:
            if self.deadline is not None:
                self.paused_left = self.deadline - self.clock()
            else:
                self.paused_left = 0.0
            return [ShowStep(self._view())]
        if kind is IntentKind.RESUME and self.paused_left is not None:
            if self.deadline is not None:
                self.deadline = self.clock() + self.paused_left
            self.paused_left = None
            return [ShowStep(self._view())]
        if kind is IntentKind.END:
            self.done = True
            return [StopListening(), End("ended")]
        if kind is IntentKind.BACK and self.index > 0:
            self.index -= 1
            return self._enter()
        if kind is IntentKind.REPEAT:
            return [Speak(step["text"])]
        if step["kind"] == "rate":
            if kind is IntentKind.NUMBER and intent.number is not None:
                return [SaveRating(step["when"], intent.number), *self._advance()]
            return []
        if step["kind"] == "listen" and kind is IntentKind.DONE:
            text = " ".join(self.answer)
            return [SaveField(step["field"], text, step["text"]), *self._advance()]
        if kind in (IntentKind.NEXT, IntentKind.SKIP, IntentKind.DONE):
            return self._advance()
        return []

    def utterance(self, text: str, final: bool) -> list[object]:
        if final and not self.done and self.steps[self.index]["kind"] == "listen":
            self.answer.append(text)
        return []

    def speech_finished(self) -> list[object]:
        return []

    def next_deadline(self) -> float | None:
        return None if self.paused_left is not None or self.done else self.deadline


class FakeCatalog:
    def __init__(self) -> None:
        self.opened: list[FakeRunner] = []

    def practices(self) -> list[PracticeInfo]:
        return list(PRACTICES)

    def open(self, practice_id: str, clock: Any) -> FakeRunner:
        runner = FakeRunner(clock)
        self.opened.append(runner)
        return runner


class FakeJournal:
    """An in-memory journal with substring search."""

    def __init__(self, entries: Sequence[EntryView] = ()) -> None:
        self.entries: list[EntryView] = list(entries)
        self.records: list[FieldRecord] = []
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
        return JournalStats(entries_per_week=[("W1", 2), ("W2", 5), ("W3", 3), ("W4", 6)],
                            rating_change=[("stop", 7.5, 4.0), ("box-breathing", 6.0, 3.5)],
                            top_triggers=[("work", 4), ("family", 2)])

    def record(self, record: FieldRecord) -> None:
        with self.lock:
            self.records.append(record)
            if record.text:
                self.entries.append(EntryView(next(self._ids), "2026-01-05 09:30", record.practice,
                                              record.prompt, record.text))


class FakeSafety:
    def detect(self, text: str) -> str | None:
        return "self-harm" if "hurt myself" in text.lower() else None

    def resources(self) -> list[SupportResource]:
        return [SupportResource("988 Suicide & Crisis Lifeline", "call or text 988", "US, any time"),
                SupportResource("Emergency services", "911")]

    def calm_message(self) -> str:
        return "I am pausing here. You matter, and help is close."


class ScriptedRecognizer:
    """A Recognizer that says the next scripted phrase for each chunk of audio it is fed."""

    name = "scripted"

    def __init__(self, phrases: Sequence[str] = ()) -> None:
        self.phrases = list(phrases)
        self.modes: list[ListenMode] = []

    def set_mode(self, mode: ListenMode) -> None:
        self.modes.append(mode)

    def accept(self, pcm: bytes) -> list[Transcript]:
        if not self.phrases:
            return []
        text = self.phrases.pop(0)
        return [Transcript(text[: len(text) // 2], final=False), Transcript(text, final=True)]

    def flush(self) -> list[Transcript]:
        return []


class ChunkMic:
    """A MicInput that hands out one chunk of silence whenever `feed()` allows one."""

    description = "on (test)"

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
    return AppServices(catalog=FakeCatalog(), journal=journal if journal is not None else FakeJournal(),
                       safety=FakeSafety(), open_voice=open_voice, clock=clock or FixedClock(),
                       save_config=saved_configs.append, now_text=lambda: "2026-01-05 09:30")


NASTY = "[bold]not bold[/] [/ oops \x1b[31mred\x1b[0m [link=x]y[/link]"
