"""Speaker and microphone adapters for the app, each degrading on its own (blocking: call from workers)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence

from voiceguide.audio.sink import SoundDeviceSink
from voiceguide.audio.source import MicrophoneSource, level_dbfs
from voiceguide.audio.tones import BreathPhase, cue_tone
from voiceguide.config import Config
from voiceguide.errors import VoiceguideError
from voiceguide.journal.audio import AnswerAudio, AnswerTarget
from voiceguide.speech.engines import open_speaker
from voiceguide.speech.prompt_store import PromptStore
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript
from voiceguide.speech.speaker import SpeechCache, VoiceChoice, fallback_problem
from voiceguide.tui.ports import MicInput, SilentSpeech, SpeechOutput


class SinkSpeech:
    """Speech through the SpeechCache and the sound device sink."""

    def __init__(self, cache: SpeechCache, sink: SoundDeviceSink, hold_off: float, description: str) -> None:
        self.cache = cache
        self.sink = sink
        self.hold_off = hold_off
        self.description = description
        self._stopped = threading.Event()

    def say(self, text: str) -> None:
        self._stopped.clear()
        pcm = self.cache.get(text)
        if self._stopped.is_set():
            return
        self.sink.play(pcm)
        self.sink.wait()
        if self.sink.stalled:  # the speaker or the sound server went away: say so, go on in text
            from voiceguide.errors import DeviceError
            from voiceguide.spoken_session import SPEAKER_LOST

            raise DeviceError(SPEAKER_LOST)

    def prepare(self, texts: Sequence[str]) -> None:
        self.cache.prepare_in_background(texts)

    def cue(self, name: str) -> None:
        """A soft tone for a breathing phase (silence for one without a tone, such as "prepare")."""
        if name in {p.value for p in BreathPhase}:
            self.sink.play(cue_tone(BreathPhase(name)))

    def configure(self, voice: str, rate: int, volume: float) -> None:
        self.cache.choice = VoiceChoice(voice, rate, volume)  # the cache keys prompts by it

    def stop(self) -> None:
        self._stopped.set()
        self.sink.stop()

    def quiet_since(self) -> float:
        return self.sink.busy_until + self.hold_off

    def fell_back(self) -> str:
        speaker = self.cache.speaker
        problem = fallback_problem(speaker)
        return f"speaking with {speaker.name}: {problem}" if problem else ""

    def close(self) -> None:
        self.sink.close()
        self.cache.close()


MIN_READING_SECONDS = 1.5


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


class Microphone:
    """The microphone source and the recognizer it feeds."""

    def __init__(self, source: MicrophoneSource, recognizer: Recognizer, description: str) -> None:
        self.source = source
        self.recognizer = recognizer
        self.description = description

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        return self.source.read(timeout)

    def close(self) -> None:
        self.source.stop()


def open_speech(config: Config) -> tuple[SpeechOutput, str]:
    """The speaker, or ReadingSpeech (text only, at the pace of speech) and the one-line reason."""
    try:
        sink = SoundDeviceSink(config.devices.output or None)
        sink.open()
        try:
            speaker = open_speaker(config)
        except BaseException:
            sink.close()
            raise
        choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
        name = config.devices.output or "default"
        cache = SpeechCache(speaker, choice, PromptStore.default())
        return SinkSpeech(cache, sink, config.listen.hold_off, f"on ({name})"), ""
    except VoiceguideError as exc:
        return ReadingSpeech(config.voice.rate), str(exc)


def open_microphone(config: Config) -> tuple[MicInput | None, str, str, str]:
    """The microphone with its recognizer, the engine and model names, or None and the one-line reason."""
    from voiceguide.speech.engines import open_recognizer

    try:
        recognizer, engine = open_recognizer(config)
    except VoiceguideError as exc:
        return None, str(exc), "none", ""
    try:
        source = MicrophoneSource(config.devices.input or None)
        source.start()
    except VoiceguideError as exc:
        return None, str(exc), engine.name, engine.model
    return Microphone(source, recognizer, f"on ({config.devices.input or 'default'})"), "", engine.name, \
        engine.model


def listen_loop(
    mic: MicInput,
    speech: SpeechOutput,
    stop: threading.Event,
    current_mode: Callable[[], ListenMode],
    on_transcript: Callable[[Transcript], object],
    on_level: Callable[[float], object],
    level_every: float = 0.1,
    audio: AnswerAudio | None = None,
    answer: Callable[[], AnswerTarget | None] = lambda: None,
) -> None:
    """Feed the recognizer until `stop` is set; audio heard while voiceguide speaks is dropped.

    With `audio` (record_audio on), what is fed to the dictation of the answer `answer()` names is also
    kept; a recording is finished after the words said before it were settled (so they are saved first).
    """
    mode = current_mode()
    mic.recognizer.set_mode(mode)
    last_level = 0.0
    try:
        while not stop.is_set():
            item = mic.read(0.1)
            if item is None:
                source = getattr(mic, "source", None)
                if source is not None and not source.active:  # unplugged, or the sound server died
                    from voiceguide.errors import DeviceError
                    from voiceguide.headless import messages_device_lost

                    raise DeviceError(messages_device_lost())
                continue
            captured_at, chunk = item
            now = time.monotonic()
            if now - last_level >= level_every:
                last_level = now
                on_level(level_dbfs(chunk))
            target = answer()  # read before the mode: the app changes the mode first, then the answer
            wanted = current_mode()
            if wanted is not mode:
                if mode is ListenMode.DICTATION:  # settle what was said before the answer ended: keep it
                    for transcript in mic.recognizer.flush():
                        on_transcript(transcript)
                mode = wanted
                mic.recognizer.set_mode(mode)
            if audio is not None:
                audio.update(target)  # after the flush: a finished recording follows its last words
            if captured_at < speech.quiet_since():
                continue
            if audio is not None and target is not None and target.hearing and mode is ListenMode.DICTATION:
                audio.write(chunk)
            for transcript in mic.recognizer.accept(chunk):
                on_transcript(transcript)
        with contextlib.suppress(VoiceguideError):
            for transcript in mic.recognizer.flush():
                on_transcript(transcript)
    finally:
        if audio is not None:
            audio.close()
