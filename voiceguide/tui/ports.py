"""The small protocols and plain values the terminal app works through (no Textual here)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from voiceguide.practices.model import Practice
from voiceguide.speech.recognizer import Recognizer

Clock = Callable[[], float]

CATEGORIES = ("Right now", "Breathe", "Ground", "Reflect", "Learn")


@dataclass(frozen=True)
class PracticeInfo:
    """One practice as the home screen lists it."""

    id: str
    title: str
    summary: str
    category: str  # one of CATEGORIES
    minutes: float = 0.0


class PracticeCatalog(Protocol):
    """The practices the user can start."""

    def practices(self) -> list[PracticeInfo]: ...

    def practice(self, practice_id: str) -> Practice: ...

    def skipped(self) -> list[str]:
        """One line per practice file of the user's that was skipped because it is invalid."""
        ...


@dataclass(frozen=True)
class EntryView:
    """One journal entry as the journal screen shows it (all text is user data, never markup)."""

    id: int
    created: str
    practice: str
    prompt: str
    text: str
    tags: tuple[str, ...] = ()
    before: int | None = None
    after: int | None = None
    snippet: str = ""
    recording: str = ""  # where the answer's recording is, when it has one


@dataclass(frozen=True)
class RatingChange:
    """The average distress (0-10) rated before and after one practice, over the runs rated both times."""

    practice: str
    before: float
    after: float
    runs: int


@dataclass(frozen=True)
class JournalStats:
    """Figures for the journal's stats panel."""

    entries: int = 0
    entries_per_week: list[tuple[str, int]] = field(default_factory=list)  # oldest week first
    rating_change: list[RatingChange] = field(default_factory=list)
    top_triggers: list[tuple[str, int]] = field(default_factory=list)
    top_emotions: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class SupportResource:
    """One line of the support card."""

    name: str
    contact: str
    note: str = ""


@dataclass(frozen=True)
class CardView:
    """The support card as drawn: title, a few lines around the resources."""

    title: str
    intro: str
    resources: tuple[SupportResource, ...]
    notes: tuple[str, ...] = ()


class SpeechOutput(Protocol):
    """Speaking (blocking calls: run them in a worker)."""

    description: str

    def say(self, text: str) -> None:
        """Speak `text` and return when it has left the speaker (or was stopped)."""
        ...

    def prepare(self, texts: Sequence[str]) -> None:
        """Start synthesizing `texts` in the background so each starts at once when said (non-blocking)."""
        ...

    def cue(self, name: str) -> None: ...

    def configure(self, voice: str, rate: int, volume: float) -> None:
        """Say what follows with this voice, rate (words a minute) and volume (0 to 1)."""
        ...

    def stop(self) -> None: ...

    def quiet_since(self) -> float:
        """Monotonic time from which microphone audio may count (after speech and its hold-off)."""
        ...

    def fell_back(self) -> str:
        """Why the chosen voice could not load and which one speaks instead ("" while it has not)."""
        ...

    def close(self) -> None: ...


class MicInput(Protocol):
    """The microphone and recognizer loop's inputs."""

    @property
    def description(self) -> str: ...

    @property
    def recognizer(self) -> Recognizer: ...

    def read(self, timeout: float) -> tuple[float, bytes] | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class VoiceStatus:
    """What voiceguide can hear and say, for the status line."""

    engine: str = "none"
    model: str = ""
    mic: str = "off"
    speaker: str = "off"
    problem: str = ""

    @property
    def keys_only(self) -> bool:
        """No microphone (none found, or lost): keys, not words to say."""
        return self.mic in ("off", "lost")

    @property
    def reading(self) -> bool:
        """No speaker (none found, or lost): prompts are read on screen, not heard."""
        return self.speaker in ("off", "lost")

    def line(self) -> str:
        text = f"engine {self.engine}{f' ({self.model})' if self.model else ''} · mic {self.mic} · " \
               f"speaker {self.speaker}"
        if self.mic == "off" and self.speaker == "off":
            text = f"no audio: keyboard and text only · {text}"
        return f"{text} · {self.problem}" if self.problem else text


class SilentSpeech:
    """No speaker: text only."""

    description = "off"

    def say(self, text: str) -> None:
        return None

    def prepare(self, texts: Sequence[str]) -> None:
        return None

    def cue(self, name: str) -> None:
        return None

    def configure(self, voice: str, rate: int, volume: float) -> None:
        return None

    def stop(self) -> None:
        return None

    def quiet_since(self) -> float:
        return 0.0

    def fell_back(self) -> str:
        return ""

    def close(self) -> None:
        return None


class CallableClock:
    """The app's clock function as the runner's Clock (an object with now())."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock()
