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
from voiceguide.audio.source import MicrophoneSource
from voiceguide.speech.neural import open_piper, open_whisper
from voiceguide.speech.piper_speaker import PiperSpeaker
from voiceguide.speech.recognizer import ListenMode
from voiceguide.speech.second_pass import DictationSegment, SecondPassDictation, SecondPassRecognizer
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer
from voiceguide.speech.whisper_engine import WhisperTranscriber

DICTATION_CLIP_PREFIXES = ("sentences/librivox_", "sentences/ps_cards_")


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
    """What came out of one spoken dictation: the streaming drafts and the second-passed segments."""

    drafts: list[str]
    segments: list[DictationSegment]
    speech_ended_at: float
    revised_at: list[float] = field(default_factory=list)

    @property
    def draft_text(self) -> str:
        return " ".join(self.drafts)

    @property
    def accurate_text(self) -> str:
        return " ".join(s.text for s in self.segments if s.text)


def dictate_through_microphone(
    virtual_audio: object, whisper: WhisperTranscriber, samples: np.ndarray, settle_seconds: float = 1.5
) -> SpokenDictation:
    """Speak `samples` into the virtual microphone; MicrophoneSource captures, pocketsphinx segments and
    drafts, Whisper second-passes each settled segment."""
    revised_at: list[float] = []
    dictation = SecondPassDictation(whisper, on_revised=lambda _segment: revised_at.append(time.monotonic()))
    recognizer = SecondPassRecognizer(PocketsphinxRecognizer(["next"]), dictation)
    recognizer.set_mode(ListenMode.DICTATION)
    source = MicrophoneSource("pulse")
    source.start()
    drafts: list[str] = []
    try:
        source.drain()
        lead_in = np.zeros(8000, dtype="<i2")
        fed_in = virtual_audio.speak(np.concatenate([lead_in, samples]))  # type: ignore[attr-defined]
        speech_ended_at = time.monotonic() + fed_in
        deadline = speech_ended_at + settle_seconds
        while time.monotonic() < deadline:
            item = source.read(timeout=0.1)
            if item is not None:
                drafts.extend(t.text for t in recognizer.accept(item[1]) if t.final)
        drafts.extend(t.text for t in recognizer.flush() if t.final)
        segments = dictation.finish(timeout=60)
    finally:
        source.stop()
        dictation.close()
    return SpokenDictation(drafts, segments, speech_ended_at, revised_at)


def with_pauses(clips: list[Clip], pause_seconds: float = 1.0) -> np.ndarray:
    """The clips one after another, each followed by a pause like a speaker's between sentences."""
    pause = np.zeros(int(16000 * pause_seconds), dtype="<i2")
    return np.concatenate([part for clip in clips for part in (clip.samples(), pause)])
