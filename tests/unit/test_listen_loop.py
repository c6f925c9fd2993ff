"""The TUI's listening loop: what was said before an answer ended is settled, not dropped."""

from __future__ import annotations

import threading

from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.tui.ports import SilentSpeech
from voiceguide.tui.voice import listen_loop


class ScriptedMic:
    """Delivers `chunks` chunks, then asks the loop to stop."""

    description = "fake"

    def __init__(self, recognizer: RecordingRecognizer, chunks: int, stop: threading.Event) -> None:
        self.recognizer = recognizer
        self.chunks = chunks
        self.stop = stop

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.chunks == 0:
            self.stop.set()
            return None
        self.chunks -= 1
        return 1e9, b"\x00\x00" * 320

    def close(self) -> None:
        return None


class RecordingRecognizer:
    """Keeps every call; a flush in dictation settles "the last words"."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.mode = ListenMode.COMMANDS

    def set_mode(self, mode: ListenMode) -> None:
        self.calls.append(f"mode {mode.value}")
        self.mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        return []

    def flush(self) -> list[Transcript]:
        self.calls.append("flush")
        return [Transcript("the last words", True)] if self.mode is ListenMode.DICTATION else []


def test_leaving_dictation_settles_the_words_before_the_mode_changes() -> None:
    recognizer, stop = RecordingRecognizer(), threading.Event()
    modes = iter([ListenMode.DICTATION] * 3 + [ListenMode.COMMANDS] * 100)
    heard: list[str] = []
    listen_loop(ScriptedMic(recognizer, 5, stop), SilentSpeech(), stop, lambda: next(modes),
                lambda t: heard.append(t.text), lambda level: None)
    assert recognizer.calls[:3] == ["mode dictation", "flush", "mode commands"]
    assert heard == ["the last words"]
