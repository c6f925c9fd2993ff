"""A crisis statement spoken into a running practice's listen step, timed; for the device test and bench."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.virtual_audio import RATE, VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.safety import spoken_message, support_card

REPO = Path(__file__).resolve().parents[2]
FRAME = RATE // 50
# No rule fires on it (a test checks): only the semantic stage, reading Whisper's text, can catch it.
STAGE_ONLY_STATEMENT = "there's a man outside my door shouting that he'll get in"


@dataclass(frozen=True)
class CrisisRun:
    """What the walkthrough printed, and how long after the last spoken word the card and voice came."""

    lines: list[str]
    card_after: float
    voice_after: float | None  # None: the message never reached the speaker


def spoken(work_dir: Path, text: str) -> np.ndarray:
    wav = work_dir / "crisis.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), text], check=True)
    return read_wav(wav).resampled(RATE).samples()


def loud_end(samples: np.ndarray) -> float:
    """Seconds from the start of `samples` to the end of their last loud 20 ms frame."""
    frames = samples[: samples.size // FRAME * FRAME].astype(np.float32).reshape(-1, FRAME)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > 300)
    return float(loud[-1] + 1) / 50 if loud.size else 0.0


def first_sound(samples: np.ndarray, after: float) -> float | None:
    """Seconds into `samples` of the first loud 20 ms frame at or after `after` seconds."""
    frames = samples[: samples.size // FRAME * FRAME].astype(np.float32).reshape(-1, FRAME)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > 300)
    later = loud[loud >= int(after * 50)]
    return float(later[0]) / 50 if later.size else None


def run_spoken_crisis(audio: VirtualAudio, work_dir: Path, statement: str = "i want to kill myself",
                      settle: float = 2.0) -> CrisisRun:
    """Start `run i-statement --no-tui` on the virtual devices, say `statement` when it listens, and time
    the support card (printed) and its spoken message (on the speaker's monitor) from the last word."""
    said = spoken(work_dir, statement)
    message = spoken_message(support_card())
    recording = audio.record()
    process = subprocess.Popen(
        [sys.executable, "-m", "voiceguide", "run", "i-statement", "--no-tui",
         "--input-device", "pulse", "--output-device", "pulse"],
        cwd=REPO, env=audio.env | {"VOICEGUIDE_DATA_DIR": str(work_dir / "data"),
                                   "VOICEGUIDE_CONFIG_DIR": str(work_dir / "config")},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    lines: list[tuple[float, str]] = []
    listening, card_shown = threading.Event(), threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.monotonic(), line.rstrip("\n")))
            if "(listening" in line:
                listening.set()
            if message in line:
                card_shown.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not listening.wait(90):
            raise AssertionError(f"never listened: {[text for _, text in lines]}")
        time.sleep(0.5)  # the speaker has gone quiet; a person takes a moment before answering
        fed_from = time.monotonic() + audio.speak(said) - said.size / RATE
        last_word = fed_from + loud_end(said)
        if not card_shown.wait(30):
            raise AssertionError(f"no support card: {[text for _, text in lines]}")
        time.sleep(settle)  # let the message play
    finally:
        process.terminate()
        process.wait(timeout=15)
        played = recording.stop()
    reader.join(timeout=5)
    card_at = next(at for at, text in lines if message in text)
    onset = first_sound(played, last_word - recording.started)
    voice_at = None if onset is None else recording.started + onset
    return CrisisRun([text for _, text in lines], card_at - last_word,
                     None if voice_at is None else voice_at - last_word)
