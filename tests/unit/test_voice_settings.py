"""The app's speaker and microphone are opened as the config says: devices, voice, rate, volume, hold-off."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, cast

import pytest

from voiceguide.audio.format import Pcm
from voiceguide.config import Config
from voiceguide.speech.engines import EngineInfo
from voiceguide.speech.prompt_store import PromptStore
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.speaker import SpeechCache, VoiceChoice
from voiceguide.voice import devices
from voiceguide.voice.pipeline import ListeningPipeline
from voiceguide.voice.speech import SinkSpeech
from voiceguide.voice.state import ListeningState

SPOKE_UNTIL = 100.0  # monotonic time the last prompt finished playing


@dataclass
class PlayedSink:
    """A sink whose last sound ended at SPOKE_UNTIL."""

    busy_until: float = SPOKE_UNTIL


class Silent:
    name = "silent"

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        return Pcm(b"")

    def close(self) -> None: ...


class ChunksAfterSpeech:
    """One chunk captured `after` seconds past the end of the prompt, then the loop stops."""

    description = "fake"
    active = True
    stall_seconds = None

    def __init__(self, recognizer: CountingRecognizer, after: float, stop: threading.Event) -> None:
        self.recognizer = recognizer
        self.after = after
        self.stop = stop
        self.sent = False

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.sent:
            self.stop.set()
            return None
        self.sent = True
        return SPOKE_UNTIL + self.after, b"\x00\x00" * 320

    def close(self) -> None:
        return None


class CountingRecognizer:
    name = "counting"

    def __init__(self) -> None:
        self.accepted = 0

    def set_mode(self, mode: ListenMode) -> None:
        return None

    def accept(self, pcm: bytes) -> list[Transcript]:
        self.accepted += 1
        return []

    def flush(self) -> list[Transcript]:
        return []


def heard_after(hold_off: float, after: float) -> bool:
    """Whether a chunk captured `after` seconds past the prompt's end reaches the recognizer."""
    speech = SinkSpeech(SpeechCache(Silent(), VoiceChoice()), cast(Any, PlayedSink()), hold_off, "on (test)")
    recognizer, stop = CountingRecognizer(), threading.Event()
    ListeningPipeline(ChunksAfterSpeech(recognizer, after, stop), lambda: speech, ListeningState(),
                      lambda event: None).run(stop)
    return recognizer.accepted > 0


def test_audio_inside_the_hold_off_is_dropped_and_after_it_is_heard() -> None:
    assert not heard_after(hold_off=0.7, after=0.5)
    assert heard_after(hold_off=0.7, after=0.8)
    assert heard_after(hold_off=0.2, after=0.5), "a shorter hold-off hears it"


class NamedDevice:
    """A sink or microphone source that keeps the device it was opened on."""

    opened: ClassVar[list[str | None]] = []

    def __init__(self, device: str | None) -> None:
        self.opened.append(device)
        self.busy_until = SPOKE_UNTIL

    def open(self) -> None: ...

    def start(self) -> None: ...

    def close(self) -> None: ...


def test_the_speaker_and_microphone_open_as_configured(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setattr("voiceguide.audio.sink.SoundDeviceSink", NamedDevice)
    monkeypatch.setattr("voiceguide.audio.source.MicrophoneSource", NamedDevice)
    monkeypatch.setattr("voiceguide.speech.engines.open_speaker", lambda config: Silent())
    monkeypatch.setattr(PromptStore, "default", classmethod(lambda cls: cls(tmp_path)))
    monkeypatch.setattr("voiceguide.speech.engines.open_recognizer",
                        lambda config: (CountingRecognizer(), EngineInfo("fake", "", "")))
    config = Config()
    config.devices.output, config.devices.input = "USB headset", "3"
    config.voice.voice, config.voice.rate, config.voice.volume = "en-gb", 120, 0.5
    config.listen.hold_off = 1.5
    NamedDevice.opened = []
    speech, problem = devices.open_speech(config)
    mic, _, _ = devices.open_microphone(config)
    assert isinstance(speech, SinkSpeech) and not problem and mic is not None
    assert NamedDevice.opened == ["USB headset", "3"]
    assert speech.cache.choice == VoiceChoice("en-gb", 120, 0.5)
    assert speech.quiet_since() == SPOKE_UNTIL + 1.5
