"""Shared by the neural tests and bench_neural: the engines as fixtures, the clips, spoken dictation."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.format import read_wav
from voiceguide.audio.source import MicrophoneSource, level_dbfs
from voiceguide.speech.engines import assisted_by_whisper
from voiceguide.speech.isolated import IsolatedPocketsphinx
from voiceguide.speech.neural import open_piper, open_whisper
from voiceguide.speech.piper_speaker import PiperSpeaker
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.whisper_engine import WhisperTranscriber

DICTATION_CLIP_PREFIXES = ("sentences/librivox_", "sentences/ps_cards_")

# Python source to put before code run with `python -c`: every network attempt raises and is recorded in
# `attempts`; it checks that the hook works. Use it to run any whole session with the network refused.
NETWORK_REFUSED = r"""
import socket, sys

attempts = []

def refuse_network(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"):
        attempts.append(event)
        raise ConnectionRefusedError(f"network refused by the test: {event}")

sys.addaudithook(refuse_network)
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except OSError:
    pass
assert attempts, "the audit hook did not see a connect"
attempts.clear()
"""


@pytest.fixture(scope="session")
def whisper() -> Iterator[WhisperTranscriber]:
    """Whisper, loaded once per test session (the 2 cores are shared)."""
    transcriber = open_whisper()
    yield transcriber
    transcriber.close()


@pytest.fixture(scope="session")
def piper() -> Iterator[PiperSpeaker]:
    """The bundled Piper voice, loaded once per test session."""
    speaker = open_piper()
    yield speaker
    speaker.close()


@dataclass(frozen=True)
class Clip:
    """A shared speech clip and what was said in it."""

    path: Path
    transcript: str

    def samples(self) -> np.ndarray:
        return read_wav(self.path).resampled(16000).samples()


def dictation_clips(speech_dir: Path) -> list[Clip]:
    """The LibriVox and "cards" sentence clips of the shared manifest, in manifest order."""
    with (speech_dir / "manifest.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Clip(speech_dir / row["file"], row["transcript"]) for row in rows
            if row["file"].startswith(DICTATION_CLIP_PREFIXES)]


@dataclass
class SpokenDictation:
    """What came out of one spoken dictation: each segment's quick draft and its final (Whisper's) text."""

    drafts: list[str]
    finals: list[str]
    speech_ended_at: float
    revised_at: list[float] = field(default_factory=list)  # when each final came

    @property
    def draft_text(self) -> str:
        return " ".join(self.drafts)

    @property
    def accurate_text(self) -> str:
        return " ".join(self.finals)


LOUD_DBFS = -40.0
FRAME = 320  # 20 ms at 16 kHz, the microphone's block size


def loud_span(samples: np.ndarray) -> tuple[int, int]:
    """Sample offsets of the first and the end of the last 20 ms frame louder than LOUD_DBFS."""
    loud = [start for start in range(0, samples.size - FRAME + 1, FRAME)
            if level_dbfs(samples[start:start + FRAME].tobytes()) > LOUD_DBFS]
    if not loud:
        raise ValueError("these samples are silent")
    return loud[0], loud[-1] + FRAME


def dictate_through_microphone(
    virtual_audio: object, whisper: WhisperTranscriber, samples: np.ndarray, settle_seconds: float = 1.5
) -> SpokenDictation:
    """Speak `samples` into the virtual microphone and dictate them with the recognizer the app opens
    (`engines.assisted_by_whisper`: pocketsphinx in its own process finds and drafts each segment, Whisper
    reads it), fed by MicrophoneSource as the app feeds it.

    The end of speech is found in what the microphone delivered (the virtual device has its own,
    varying latency): the first loud block lines the captured stream up with `samples`. Everything up
    to `settle_seconds` after the end of speech is recognized, however far the recognizer lags.
    """
    first_loud, last_loud = loud_span(samples)
    streaming = IsolatedPocketsphinx()
    recognizer = assisted_by_whisper(streaming, whisper, commands=False)
    recognizer.set_mode(ListenMode.DICTATION)
    source = MicrophoneSource("pulse")
    source.start()
    drafts: list[str] = []
    finals: list[str] = []
    revised_at: list[float] = []
    speech_ended_at: float | None = None

    def take(found: list[Transcript]) -> None:
        for transcript in found:
            if transcript.draft:
                drafts.append(transcript.text)
            elif transcript.final:
                finals.append(transcript.text)
                revised_at.append(time.monotonic())

    try:
        source.drain()
        fed_in = virtual_audio.speak(samples)  # type: ignore[attr-defined]
        give_up = time.monotonic() + fed_in + 60
        captured = 0
        speech_end: int | None = None
        while time.monotonic() < give_up:
            item = source.read(timeout=0.5)
            if item is None:
                continue
            captured_at, chunk = item
            take(recognizer.accept(chunk))
            if speech_end is None and level_dbfs(chunk) > LOUD_DBFS:
                speech_end = captured + (last_loud - first_loud)
            captured += len(chunk) // 2
            if speech_ended_at is None and speech_end is not None and captured >= speech_end:
                speech_ended_at = captured_at  # when the last of the speech reached voiceguide
            if speech_end is not None and captured >= speech_end + settle_seconds * 16000:
                break
        else:
            raise AssertionError("the microphone never delivered the whole speech")
        take(recognizer.flush())
    finally:
        source.stop()
        streaming.close()
    assert speech_ended_at is not None
    return SpokenDictation(drafts, finals, speech_ended_at, revised_at)


def with_pauses(clips: list[Clip], pause_seconds: float = 1.0) -> np.ndarray:
    """The clips one after another, each followed by a pause like a speaker's between sentences."""
    pause = np.zeros(int(16000 * pause_seconds), dtype="<i2")
    return np.concatenate([part for clip in clips for part in (clip.samples(), pause)])


def require_neural_engines() -> None:
    """The neural extra is part of the test install: its absence is a failure with the fix, not a skip."""
    from voiceguide.config import Config
    from voiceguide.speech.neural import neural_status

    status = neural_status(Config())
    missing = [f"{name}: {status[name]['reason']}" for name in ("whisper", "piper")
               if not status[name]["available"]]
    assert not missing, f"install the neural extra (bash scripts/test.sh does): {missing}"
