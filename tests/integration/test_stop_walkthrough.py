"""The spoken STOP walkthrough through the real (virtual) microphone and speaker."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.headless import STOP_STEPS

pytestmark = pytest.mark.devices


def spoken_word(tmp_path: Path, word: str) -> np.ndarray:
    """`word` synthesized by espeak-ng, as 16 kHz samples."""
    wav = tmp_path / f"{word}.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), word], check=True)
    return read_wav(wav).resampled(16000).samples()


def voiced_stretches(
    samples: np.ndarray, rate: int = 16000, min_gap: float = 0.6
) -> list[tuple[float, float]]:
    """Stretches of sound separated by at least `min_gap` seconds of silence."""
    frame = rate // 50
    usable = samples[: samples.size // frame * frame].astype(np.float32).reshape(-1, frame)
    loud = np.sqrt((usable**2).mean(axis=1)) > 300
    stretches: list[tuple[float, float]] = []
    start = last = None
    for index, is_loud in enumerate(loud):
        if not is_loud:
            continue
        t = index / 50
        if start is None:
            start = last = t
        elif t - last > min_gap:
            stretches.append((start, last))
            start = t
        last = t
    if start is not None and last is not None:
        stretches.append((start, last))
    return [s for s in stretches if s[1] - s[0] > 0.3]


def test_stop_walkthrough_by_voice(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    next_word = spoken_word(tmp_path, "next")
    recording = virtual_audio.record()
    process = subprocess.Popen(
        [sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui",
         "--input-device", "pulse", "--output-device", "pulse"],
        env=virtual_audio.env | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data"),
                                 "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config")},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: list[str] = []
    listening = threading.Semaphore(0)

    def read_output() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if "(listening" in line:
                listening.release()

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    try:
        for _ in STOP_STEPS:
            assert listening.acquire(timeout=60), f"walkthrough never started listening: {lines}"
            time.sleep(0.3)
            virtual_audio.speak(next_word)
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        reader.join(timeout=5)
    played = recording.stop()
    stderr = process.stderr.read() if process.stderr else ""

    assert code == 0, f"exit {code}; stderr: {stderr}"
    assert "Traceback" not in stderr
    assert sum("heard: next" in line for line in lines) == len(STOP_STEPS)
    for step in STOP_STEPS:
        assert any(step in line for line in lines)
    stretches = voiced_stretches(played)
    # One stretch of speech per step, then the closing words: the speaker really played each one.
    assert len(stretches) >= len(STOP_STEPS) + 1, stretches
    assert all(end - start > 2.0 for start, end in stretches[: len(STOP_STEPS)]), stretches
