"""The synthesis worker's guard against pyttsx3 writing no audio."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import pytest

from voiceguide.speech.tts_worker import synthesize


class FlakyEngine:
    """Writes an empty WAV for the first `empty_runs` utterances, then a real one."""

    def __init__(self, empty_runs: int) -> None:
        self.empty_runs = empty_runs
        self.pending: tuple[str, str] | None = None
        self.properties: list[tuple[str, Any]] = []

    def setProperty(self, name: str, value: Any) -> None:
        self.properties.append((name, value))

    def save_to_file(self, text: str, path: str) -> None:
        self.pending = (text, path)

    def runAndWait(self) -> None:
        assert self.pending is not None
        with wave.open(self.pending[1], "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(22050)
            if self.empty_runs:
                self.empty_runs -= 1
            else:
                wav.writeframes(b"\x01\x00" * 2205)


def test_an_empty_file_is_synthesized_again_after_waiting_for_the_engine(tmp_path: Path) -> None:
    engine, waits = FlakyEngine(empty_runs=1), []
    path = tmp_path / "a.wav"
    synthesize(engine, {"text": "Breathe in.", "path": str(path), "rate": 150}, lambda: waits.append(1))
    with wave.open(str(path)) as wav:
        assert wav.getnframes() == 2205
    assert len(waits) == 2
    assert engine.properties.count(("rate", 150)) == 2


def test_an_engine_that_never_writes_audio_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no audio"):
        synthesize(FlakyEngine(empty_runs=5), {"text": "Breathe in.", "path": str(tmp_path / "a.wav"),
                                               "rate": 150}, lambda: None)
