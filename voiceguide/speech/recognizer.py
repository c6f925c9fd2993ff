"""The recognizer protocol and the values it produces."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class ListenMode(StrEnum):
    """What the recognizer is listening for."""

    COMMANDS = "commands"
    DICTATION = "dictation"
    NUMBER = "number"


@dataclass(frozen=True)
class Transcript:
    """Recognized text: partial (still changing) or final (settled), with a confidence from 0 to 1."""

    text: str
    final: bool
    confidence: float = 1.0
    audio_seconds: float = 0.0
    # not final, but the whole of a settled segment read quickly; a more accurate final follows
    draft: bool = False


class Recognizer(Protocol):
    """A streaming recognizer fed 16 kHz mono 16-bit PCM."""

    name: str

    def set_mode(self, mode: ListenMode) -> None:
        """Switch grammar; drops any utterance in progress."""
        ...

    def accept(self, pcm: bytes) -> list[Transcript]:
        """Feed audio; returns what became known (partials and finals)."""
        ...

    def flush(self) -> list[Transcript]:
        """End the current utterance and return its final text, if any."""
        ...
