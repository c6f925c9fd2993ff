"""The listening pipeline with fake devices: the self-voice gate, settling an answer's last words, a
microphone that goes away, the maximum dictation length; and speech at the reading pace without a speaker."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest

from tests.unit.test_voice_logic import ScriptedRecognizer
from voiceguide.errors import DeviceError
from voiceguide.intents import IntentKind
from voiceguide.practices.events import Listen
from voiceguide.speech.commands import intent_for
from voiceguide.speech.listening import MAX_LENGTH
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.voice.pipeline import AnswerEnded, Heard, ListeningPipeline, PipelineEvent
from voiceguide.voice.ports import SilentSpeech
from voiceguide.voice.state import ListeningState


@dataclass
class FakeMic:
    """Delivers `chunks` (captured at the given times), then nothing; `active` as set."""

    recognizer: ScriptedRecognizer
    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    active: bool = True
    description: str = "fake"
    closed: bool = False
    stall_seconds: float | None = None

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.chunks:
            return self.chunks.pop(0)
        time.sleep(min(timeout, 0.01))
        return None

    def close(self) -> None:
        self.closed = True


class SpokeUntil(SilentSpeech):
    """A speaker that went quiet (hold-off included) at `until`."""

    def __init__(self, until: float) -> None:
        self.until = until

    def quiet_since(self) -> float:
        return self.until


def pipeline_for(mic: FakeMic, state: ListeningState, events: list[PipelineEvent], quiet_since: float = 0.0,
                 **options: object) -> ListeningPipeline:
    speech = SpokeUntil(quiet_since)
    return ListeningPipeline(mic, lambda: speech, state, events.append, **options)  # type: ignore[arg-type]


def heard(events: list[PipelineEvent], final: bool = True) -> list[str]:
    return [e.text for e in events if isinstance(e, Heard) and e.final == final]


def test_audio_captured_while_speaking_is_never_acted_on() -> None:
    now = time.monotonic()
    rec = ScriptedRecognizer([[Transcript("next", True, 0.9)]])
    mic = FakeMic(rec, [(now - 1.0, b"\0" * 640), (now + 0.05, b"\0" * 640)])
    events: list[PipelineEvent] = []
    pipeline = pipeline_for(mic, ListeningState(), events, quiet_since=now)
    pipeline.pump(0.1)
    assert heard(events) == [] and rec.script != []  # captured while speaking: never reached the recognizer
    pipeline.pump(0.1)
    found = intent_for(heard(events)[0])
    assert found is not None and found.kind is IntentKind.NEXT
    assert rec.script == []  # only the chunk captured after speaking reached the recognizer


def test_leaving_dictation_settles_the_words_before_the_mode_changes() -> None:
    rec = ScriptedRecognizer([], tail=[Transcript("the last words", True)])
    state = ListeningState()
    state.follow(Listen(ListenMode.DICTATION, "what"))
    mic = FakeMic(rec, [(1e9, b"\0\0" * 320)] * 3)
    events: list[PipelineEvent] = []
    pipeline = pipeline_for(mic, state, events)
    pipeline.pump(0.1)
    state.follow(None)
    pipeline.pump(0.1)
    assert heard(events) == ["the last words"]
    assert rec.modes == [ListenMode.DICTATION, ListenMode.COMMANDS]


def test_a_stopped_microphone_raises_a_clear_device_error() -> None:
    events: list[PipelineEvent] = []
    pipeline = pipeline_for(FakeMic(ScriptedRecognizer([]), active=False), ListeningState(), events)
    with pytest.raises(DeviceError, match="keyboard"):
        pipeline.pump(0.1)


def test_a_silent_vanished_microphone_is_noticed() -> None:
    mic = FakeMic(ScriptedRecognizer([]), stall_seconds=0.1)
    stop = threading.Event()
    with pytest.raises(DeviceError, match="microphone stopped"):
        pipeline_for(mic, ListeningState(), []).run(stop)
    assert mic.closed


def test_dictation_keeps_what_was_said_when_the_microphone_goes() -> None:
    now = time.monotonic()
    rec = ScriptedRecognizer([[Transcript("it was a lot", False)]])
    state = ListeningState()
    state.follow(Listen(ListenMode.DICTATION, "what"))
    events: list[PipelineEvent] = []
    with pytest.raises(DeviceError):
        mic = FakeMic(rec, [(now + 0.01, b"\0" * 640)], stall_seconds=0.1)
        pipeline_for(mic, state, events).run(threading.Event())
    assert heard(events) == ["it was a lot"]  # the partial was settled, not lost


def test_a_dictated_answer_ends_at_the_maximum_length() -> None:
    """`listen.max_dictation_seconds` ends an answer that goes on and on (the front end then moves on)."""
    clock = [100.0]
    rec = ScriptedRecognizer([[Transcript("and then", False)]] * 100)
    state = ListeningState()
    state.follow(Listen(ListenMode.DICTATION, "what"))
    mic = FakeMic(rec, [(100.0 + i * 0.5, b"\0" * 640) for i in range(40)])
    events: list[PipelineEvent] = []
    pipeline = pipeline_for(mic, state, events, max_dictation_seconds=5.0, clock=lambda: clock[0])
    ended_at = None
    for i in range(40):
        clock[0] = 100.0 + i * 0.5
        pipeline.pump(0.0)
        if any(isinstance(e, AnswerEnded) for e in events):
            ended_at = clock[0]
            break
    assert ended_at is not None and 105.0 <= ended_at <= 105.5
    assert AnswerEnded(MAX_LENGTH) in events
    assert heard(events) == ["and then"]  # what was being said when it ended is kept


def test_without_a_speaker_a_text_takes_as_long_as_saying_it_and_a_key_cuts_it_short() -> None:
    from voiceguide.voice.speech import MIN_READING_SECONDS, ReadingSpeech, reading_seconds

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
    from voiceguide.voice.devices import open_speech
    from voiceguide.voice.speech import ReadingSpeech

    config = Config()
    config.devices.output = "no such speaker anywhere"
    config.voice.rate = 120
    speech, problem = open_speech(config)
    assert isinstance(speech, ReadingSpeech) and speech.rate == 120
    assert problem and "\n" not in problem
