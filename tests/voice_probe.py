"""Device tests' view of the voice: open it as the app does, speak, and hear through the one pipeline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from voiceguide.config import Config
from voiceguide.intents import Intent
from voiceguide.practices.events import Listen
from voiceguide.speech.listening import MAX_LENGTH, SILENCE, interpret
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.speaker import SpeechCache
from voiceguide.voice.devices import Microphone, OpenedVoice, open_voice
from voiceguide.voice.pipeline import Heard, ListeningPipeline, PipelineEvent
from voiceguide.voice.speech import SinkSpeech
from voiceguide.voice.state import ListeningState


@dataclass
class Dictation:
    """What one dictation heard: settled segments, and why it ended."""

    segments: list[str] = field(default_factory=list)
    ended: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.segments)


class VoiceProbe:
    """The opened voice (both parts must open) with blocking helpers for tests."""

    def __init__(self, opened: OpenedVoice) -> None:
        assert isinstance(opened.speech, SinkSpeech) and opened.mic is not None, opened.problem
        self.opened = opened
        self.speech: SinkSpeech = opened.speech
        self.mic: Microphone = opened.mic

    @property
    def cache(self) -> SpeechCache:
        return self.speech.cache

    def say(self, text: str, wait: bool = True) -> None:
        self.speech.play(text)
        if wait:
            self.speech.sink.wait()

    def _listen(self, state: ListeningState, seconds: float, on_event: Callable[[PipelineEvent], object],
                until: Callable[[], bool] = lambda: False,
                on_ready: Callable[[], None] = lambda: None) -> None:
        self.speech.sink.wait()  # what it said has left the speaker (the pipeline drops its echo)
        on_ready()
        pipeline = ListeningPipeline(self.mic, lambda: self.speech, state, on_event)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not until():
            pipeline.pump(0.1)
        pipeline.settle()

    def hear(self, mode: ListenMode, seconds: float) -> list[Intent]:
        """Every intent heard during the next `seconds`."""
        state = ListeningState(mode, Listen(mode))
        heard: list[Intent] = []

        def take(event: PipelineEvent) -> None:
            if isinstance(event, Heard) and event.final:
                intent = interpret(Transcript(event.text, True), mode)
                if intent is not None:
                    heard.append(intent)

        self._listen(state, seconds, take)
        return heard

    def dictate(self, silence: float, max_seconds: float, on_ready: Callable[[], None] = lambda: None
                ) -> Dictation:
        """Dictation until `silence` seconds pass without words (after some were heard) or `max_seconds`."""
        state = ListeningState(ListenMode.DICTATION, Listen(ListenMode.DICTATION, "answer"))
        dictation = Dictation()
        last = [time.monotonic()]

        def take(event: PipelineEvent) -> None:
            if isinstance(event, Heard):
                last[0] = time.monotonic()
                if event.final:
                    dictation.segments.append(event.text)

        def quiet() -> bool:
            return time.monotonic() - last[0] >= silence

        def ready() -> None:
            on_ready()
            last[0] = time.monotonic()  # the silence counts from when listening began

        self._listen(state, max_seconds, take, until=quiet, on_ready=ready)
        dictation.ended = SILENCE if quiet() else MAX_LENGTH
        return dictation

    def close(self) -> None:
        self.opened.close()


def open_probe(config: Config) -> VoiceProbe:
    return VoiceProbe(open_voice(config))
