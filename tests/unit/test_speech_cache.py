"""The synthesis cache: prompts prepared in the background, each synthesized once, failures kept for get."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from tests.tui.fakes import QuietSink
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.errors import EngineError
from voiceguide.speech.speaker import SpeechCache, VoiceChoice


class SlowSpeaker:
    """Takes `seconds` per text and records what it was asked, from which thread."""

    name = "slow"

    def __init__(self, seconds: float = 0.05, failing: str = "") -> None:
        self.seconds = seconds
        self.failing = failing
        self.asked: list[tuple[str, str]] = []
        self.closed = False
        self.gate: threading.Event | None = None

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        self.asked.append((text, threading.current_thread().name))
        if self.gate is not None:
            self.gate.wait(timeout=5)
        time.sleep(self.seconds)
        if text == self.failing:
            raise EngineError("speech synthesis failed: test")
        return Pcm(text.encode().ljust(8, b"\0")[:8], AudioFormat(rate=22050))

    def close(self) -> None:
        self.closed = True


def test_background_preparation_does_not_block_and_synthesizes_each_text_once() -> None:
    speaker = SlowSpeaker(seconds=0.01)
    speaker.gate = threading.Event()  # holds the helper inside the first text
    cache = SpeechCache(speaker, VoiceChoice())
    texts = [f"prompt {n}" for n in range(6)]
    started = time.monotonic()
    cache.prepare_in_background(texts)
    assert time.monotonic() - started < 0.05
    deadline = time.monotonic() + 5
    while not speaker.asked and time.monotonic() < deadline:
        time.sleep(0.005)
    assert speaker.asked == [("prompt 0", "speech-cache")]
    waiter = threading.Thread(target=cache.get, args=("prompt 0",))
    waiter.start()  # asks for the text the helper is making: waits for it rather than making it again
    time.sleep(0.05)
    assert waiter.is_alive()
    speaker.gate.set()
    waiter.join(timeout=5)
    for text in texts:
        assert cache.get(text).data == text.encode()[:8]
    assert sorted(text for text, _ in speaker.asked) == texts
    cache.close()
    assert speaker.closed


def test_a_failure_in_the_background_is_met_again_by_get() -> None:
    speaker = SlowSpeaker(seconds=0.0, failing="broken")
    cache = SpeechCache(speaker, VoiceChoice())
    cache.prepare_in_background(["broken", "fine"])
    assert cache.get("fine").data == b"fine\0\0\0\0"
    with pytest.raises(EngineError):
        cache.get("broken")
    cache.close()


def test_close_stops_preparing_after_the_text_in_hand() -> None:
    speaker = SlowSpeaker(seconds=0.1)
    cache = SpeechCache(speaker, VoiceChoice())
    cache.prepare_in_background([f"prompt {n}" for n in range(50)])
    time.sleep(0.15)
    cache.close()
    assert len(speaker.asked) <= 3
    assert speaker.closed


class ChoiceSpeaker(SlowSpeaker):
    """Records the voice choice each text was synthesized with."""

    def __init__(self) -> None:
        super().__init__(seconds=0.0)
        self.choices: list[VoiceChoice] = []

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        self.choices.append(choice)
        return super().synthesize(text, choice)


def test_a_new_voice_choice_applies_to_the_next_text_said() -> None:
    from voiceguide.voice.speech import SinkSpeech

    speaker = ChoiceSpeaker()
    speech = SinkSpeech(SpeechCache(speaker, VoiceChoice()), QuietSink(), 0.0, "on (test)")  # type: ignore[arg-type]
    speech.say("hello")
    speech.configure("en-gb", 100, 0.4)
    speech.say("hello")  # made again, not the copy made at the old rate
    assert speaker.choices == [VoiceChoice(), VoiceChoice("en-gb", 100, 0.4)]



def test_cached_speech_starts_at_the_voice_not_at_the_synthesizers_leading_silence() -> None:
    rate = 22050
    silence = np.zeros(int(0.08 * rate), dtype="<i2")  # Piper and espeak-ng start with up to ~80 ms of it
    voice = (np.sin(np.arange(rate // 10) / 5) * 8000).astype("<i2")

    class PaddedSpeaker(SlowSpeaker):
        def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
            return Pcm(np.concatenate([silence, voice]).tobytes(), AudioFormat(rate=rate))

    cache = SpeechCache(PaddedSpeaker(), VoiceChoice())
    samples = cache.get("breathe in").samples()
    lead = int(np.flatnonzero(np.abs(samples) > 64)[0])
    assert lead == round(0.01 * rate)  # 10 ms kept before the first sound, the rest of the silence gone
    assert samples.size == lead + voice.size - int(np.flatnonzero(np.abs(voice) > 64)[0])
    quiet = Pcm(np.zeros(rate, dtype="<i2").tobytes(), AudioFormat(rate=rate))
    assert quiet.without_leading_silence() is quiet  # a silent clip is kept whole
