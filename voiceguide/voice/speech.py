"""Speech out: the speaker behind the self-voice gate, the reading pace without one, and silence."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from voiceguide.errors import DeviceError
from voiceguide.voice.ports import SilentSpeech

if TYPE_CHECKING:
    from voiceguide.audio.sink import SoundDeviceSink
    from voiceguide.speech.speaker import SpeechCache

SPEAKER_LOST = "the speaker stopped playing (was it unplugged, or the sound server stopped?); going on " \
    "with text only"
MIN_READING_SECONDS = 1.5


class SinkSpeech:
    """Speech through the SpeechCache and the sound device sink; the one source of `quiet_since`, which the
    listening pipeline's self-voice gate follows."""

    def __init__(self, cache: SpeechCache, sink: SoundDeviceSink, hold_off: float, description: str) -> None:
        self.cache = cache
        self.sink = sink
        self.hold_off = hold_off
        self.description = description
        self._stopped = threading.Event()

    def play(self, text: str) -> None:
        """Start speaking `text` and return at once (the headless loop polls `playing`)."""
        self._stopped.clear()
        self.sink.play(self.cache.get(text))

    def say(self, text: str) -> None:
        self._stopped.clear()
        pcm = self.cache.get(text)
        if self._stopped.is_set():
            return
        self.sink.play(pcm)
        self.sink.wait()
        if self.sink.stalled:  # the speaker or the sound server went away: say so, go on in text
            raise DeviceError(SPEAKER_LOST)

    @property
    def playing(self) -> bool:
        return self.sink.playing

    @property
    def stalled(self) -> bool:
        return self.sink.stalled

    def prepare(self, texts: Sequence[str]) -> None:
        self.cache.prepare_in_background(texts)

    def cue(self, name: str) -> None:
        """A soft tone for a breathing phase (silence for one without a tone, such as "prepare")."""
        from voiceguide.audio.tones import BreathPhase, cue_tone

        if name in {p.value for p in BreathPhase}:
            self.sink.play(cue_tone(BreathPhase(name), volume=0.25 * self.cache.choice.volume))

    def tick(self) -> None:
        """A short soft tick (a counted item)."""
        from voiceguide.audio.tones import BreathPhase, cue_tone

        self.sink.play(cue_tone(BreathPhase.HOLD, 0.12, volume=0.15))

    def configure(self, voice: str, rate: int, volume: float) -> None:
        from voiceguide.speech.speaker import VoiceChoice

        self.cache.choice = VoiceChoice(voice, rate, volume)  # the cache keys prompts by it

    def stop(self) -> None:
        self._stopped.set()
        self.sink.stop()

    def quiet_since(self) -> float:
        return self.sink.busy_until + self.hold_off

    def fell_back(self) -> str:
        from voiceguide.speech.speaker import fallback_problem

        speaker = self.cache.speaker
        problem = fallback_problem(speaker)
        return f"speaking with {speaker.name}: {problem}" if problem else ""

    def close(self) -> None:
        self.sink.close()
        self.cache.close()


def reading_seconds(text: str, rate: int) -> float:
    """How long `text` would take to say at `rate` words a minute (at least MIN_READING_SECONDS)."""
    return max(MIN_READING_SECONDS, len(text.split()) * 60.0 / max(rate, 1))


class ReadingSpeech(SilentSpeech):
    """No speaker: each text "takes" as long as saying it would, so a step the practice would have spoken
    stays on screen long enough to be read before the practice moves on (a key moves on sooner)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._stopped = threading.Event()

    def say(self, text: str) -> None:
        self._stopped.clear()
        self._stopped.wait(reading_seconds(text, self.rate))

    def configure(self, voice: str, rate: int, volume: float) -> None:
        self.rate = rate

    def stop(self) -> None:
        self._stopped.set()
