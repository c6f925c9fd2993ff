"""VoiceIO's listening loop with fake devices: half-duplex gating and a microphone that goes away."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from tests.unit.test_voice_logic import ScriptedRecognizer
from voiceguide.audio.format import MIC_FORMAT, Pcm
from voiceguide.errors import DeviceError
from voiceguide.headless import VoiceIO
from voiceguide.intents import IntentKind
from voiceguide.speech.listening import DictationEvent
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.speaker import SpeechCache, VoiceChoice


@dataclass
class FakeSource:
    """Delivers `chunks` (captured at the given times), then nothing; `active` as set."""

    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    active: bool = True
    fmt = MIC_FORMAT

    def start(self) -> None: ...

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.chunks:
            return self.chunks.pop(0)
        time.sleep(min(timeout, 0.01))
        return None

    def stop(self) -> None: ...


@dataclass
class FakeSink:
    busy_until: float = 0.0
    played: list[Pcm] = field(default_factory=list)

    def play(self, pcm: Pcm) -> None:
        self.played.append(pcm)

    def stop(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def close(self) -> None: ...


class SilentSpeaker:
    name = "silent"

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        return Pcm(b"\0\0" * 160)

    def close(self) -> None: ...


def voice_io(source: FakeSource, recognizer: ScriptedRecognizer, busy_until: float = 0.0) -> VoiceIO:
    cache = SpeechCache(SilentSpeaker(), VoiceChoice())
    return VoiceIO(source, FakeSink(busy_until), cache, recognizer, hold_off=0.0)  # type: ignore[arg-type]


def test_audio_captured_while_speaking_is_never_acted_on() -> None:
    now = time.monotonic()
    source = FakeSource([(now - 1.0, b"\0" * 640), (now + 0.05, b"\0" * 640)])
    rec = ScriptedRecognizer([[Transcript("next", True, 0.9)]])
    io = voice_io(source, rec, busy_until=now)
    intent = io.listen_intent(ListenMode.COMMANDS, timeout=0.5)
    assert intent is not None and intent.kind is IntentKind.NEXT
    assert rec.script == []  # only the chunk captured after speaking reached the recognizer


def test_a_stopped_microphone_raises_a_clear_device_error() -> None:
    io = voice_io(FakeSource(active=False), ScriptedRecognizer([]))
    with pytest.raises(DeviceError, match="keyboard"):
        io.listen_intent(timeout=5.0)


def test_a_silent_vanished_microphone_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("voiceguide.headless.STALL_SECONDS", 0.1)
    io = voice_io(FakeSource(), ScriptedRecognizer([]))
    with pytest.raises(DeviceError, match="microphone stopped"):
        io.listen_intent(timeout=5.0)


def test_dictation_keeps_what_was_said_when_the_microphone_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("voiceguide.headless.STALL_SECONDS", 0.1)
    now = time.monotonic()
    source = FakeSource([(now + 0.01, b"\0" * 640)])
    rec = ScriptedRecognizer([[Transcript("it was a lot", True)]])
    io = voice_io(source, rec)
    events: list[DictationEvent] = []
    with pytest.raises(DeviceError):
        io.dictate(on_event=events.append)
    assert events[-1].kind.value == "ended" and events[-1].text == "it was a lot"


def test_without_a_speaker_a_text_takes_as_long_as_saying_it_and_a_key_cuts_it_short() -> None:
    from voiceguide.tui.voice import MIN_READING_SECONDS, ReadingSpeech, reading_seconds

    assert reading_seconds("one two three four five", 150) == 2.0  # 5 words at 150 a minute
    assert reading_seconds("Breathe.", 150) == MIN_READING_SECONDS
    speech = ReadingSpeech(rate=150)
    speech.configure("", 1, 1.0)  # one word a minute: "saying" this would take ten minutes
    done = threading.Event()

    def read() -> None:
        speech.say("ten words " * 5)
        done.set()

    threading.Thread(target=read, daemon=True).start()
    assert not done.wait(0.3), "the text did not stay for its reading time"
    speech.stop()  # Enter, or the practice moving on
    assert done.wait(5), "stopping did not end the reading time"


def test_with_no_usable_speaker_the_app_reads_prompts_at_the_pace_of_speech() -> None:
    from voiceguide.config import Config
    from voiceguide.tui.voice import ReadingSpeech, open_speech

    config = Config()
    config.devices.output = "no such speaker anywhere"
    config.voice.rate = 120
    speech, problem = open_speech(config)
    assert isinstance(speech, ReadingSpeech) and speech.rate == 120
    assert problem and "\n" not in problem
