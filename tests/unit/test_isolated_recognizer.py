"""pocketsphinx in its own process: the same words as in-process, failures in one line, no process left."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from voiceguide.audio.format import read_wav
from voiceguide.errors import EngineError
from voiceguide.speech.isolated import IsolatedPocketsphinx
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer

CHUNK = 640


def spoken(tmp_path: Path, text: str) -> bytes:
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), text], check=True)
    return b"\x00" * 16000 + read_wav(wav).resampled(16000).data + b"\x00" * 32000


def streamed(recognizer: IsolatedPocketsphinx | PocketsphinxRecognizer, audio: bytes,
             mode: ListenMode) -> list[Transcript]:
    recognizer.set_mode(mode)
    found = [t for i in range(0, len(audio), CHUNK) for t in recognizer.accept(audio[i:i + CHUNK])]
    return found + recognizer.flush()


def test_the_child_hears_exactly_what_the_recognizer_hears_in_process(tmp_path: Path) -> None:
    dictated = spoken(tmp_path, "my shoulders are tight and my heart is racing")
    command = spoken(tmp_path, "next")
    isolated = IsolatedPocketsphinx()
    try:
        local = PocketsphinxRecognizer()
        for audio, mode in ((dictated, ListenMode.DICTATION), (command, ListenMode.COMMANDS)):
            assert streamed(isolated, audio, mode) == streamed(local, audio, mode)
        assert [t.text for t in streamed(isolated, command, ListenMode.COMMANDS) if t.final] == ["next"]
        assert isolated.new_endpointer().frame_bytes == local.new_endpointer().frame_bytes
    finally:
        isolated.close()
    assert isolated._process.returncode == 0


def test_a_killed_child_is_one_clear_error() -> None:
    isolated = IsolatedPocketsphinx()
    os.kill(isolated._process.pid, signal.SIGKILL)
    isolated._process.wait(timeout=10)
    with pytest.raises(EngineError, match="stopped") as caught:
        isolated.accept(b"\x00" * CHUNK)
    assert "\n" not in str(caught.value)
    isolated.close()


def test_the_child_ends_when_the_app_goes_away(tmp_path: Path) -> None:
    isolated = IsolatedPocketsphinx()
    isolated._connection.close()  # as when the app's process ends without closing it
    assert isolated._process.wait(timeout=10) == 0
