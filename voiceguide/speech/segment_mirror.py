"""Finding dictation segments the moment they close: an endpointer run beside the streaming recognizer's.

Whisper reads each closed segment's audio (whisper_assist.py). The streaming recognizer's own endpointer
only says a segment closed once it has decoded it, which can take most of a second; a second endpointer of
the same kind, fed the same audio, says it at once and keeps the segment's audio.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Endpointer(Protocol):
    """A voice-activity endpointer like pocketsphinx's: fed fixed-size frames, it returns speech audio."""

    frame_bytes: int
    in_speech: bool

    def process(self, frame: bytes) -> bytes | None: ...

    def end_stream(self, frame: bytes) -> bytes | None: ...


class SegmentMirror:
    """Runs an endpointer identical to the streaming recognizer's on the same audio, so each segment's
    audio is known the moment it closes, before the streaming recognizer has decoded it."""

    def __init__(self, make_endpointer: Callable[[], Endpointer]) -> None:
        self._make_endpointer = make_endpointer
        self._endpointer = make_endpointer()
        self._pending = b""
        self._speech = bytearray()

    def reset(self) -> None:
        self._endpointer = self._make_endpointer()
        self._pending = b""
        self._speech.clear()

    def feed(self, pcm: bytes) -> list[bytes]:
        """The audio of every segment that closed in `pcm`."""
        closed: list[bytes] = []
        self._pending += pcm
        size = self._endpointer.frame_bytes
        while len(self._pending) >= size:
            frame, self._pending = self._pending[:size], self._pending[size:]
            was_speech = self._endpointer.in_speech
            speech = self._endpointer.process(frame)
            if speech is not None:
                self._speech += speech
            if was_speech and not self._endpointer.in_speech:
                closed.append(bytes(self._speech))
                self._speech.clear()
        return closed

    def end(self) -> bytes:
        """The audio of the segment in progress, ending it; the next audio starts afresh."""
        if self._pending:
            tail = self._endpointer.end_stream(self._pending)
            self._pending = b""
            if tail:
                self._speech += tail
        audio = bytes(self._speech)
        self.reset()
        return audio
