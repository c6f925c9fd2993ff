"""The small protocols and plain values the terminal app works through (no Textual here); the voice's
own protocols (SpeechOutput, MicInput, SilentSpeech) come from voiceguide.voice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from voiceguide.practices.model import Practice
from voiceguide.voice.ports import MicInput, SilentSpeech, SpeechOutput

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


class CallableClock:
    """The app's clock function as the runner's Clock (an object with now())."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> float:
        return self._clock()


__all__ = ["MicInput", "SilentSpeech", "SpeechOutput"]  # re-exported: the app's fakes build on them
