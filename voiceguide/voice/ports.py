"""The voice's small protocols (speech out, microphone in) and the silence that stands in for a speaker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from voiceguide.speech.recognizer import Recognizer


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
    """A microphone and the recognizer it feeds, as the listening pipeline reads them."""

    @property
    def description(self) -> str: ...

    @property
    def recognizer(self) -> Recognizer: ...

    @property
    def active(self) -> bool:
        """False once the device stopped delivering (unplugged, or the sound server died)."""
        ...

    @property
    def stall_seconds(self) -> float | None:
        """How long without a chunk means the device is gone (None: it delivers only when it has audio)."""
        ...

    def read(self, timeout: float) -> tuple[float, bytes] | None: ...

    def close(self) -> None: ...


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
