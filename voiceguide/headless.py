"""The spoken walkthrough without the terminal app: speak a step, then wait for a spoken "next"."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from voiceguide.audio.sink import SoundDeviceSink
from voiceguide.audio.source import MicrophoneSource, level_dbfs
from voiceguide.audio.tones import BreathPhase, cue_tone
from voiceguide.config import Config
from voiceguide.errors import DeviceError
from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.engines import EngineInfo, open_recognizer
from voiceguide.speech.listening import DictationEvent, DictationSession, interpret
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript
from voiceguide.speech.speaker import Pyttsx3Speaker, SpeechCache, VoiceChoice

STOP_STEPS = (
    "Stop. Whatever you are in the middle of, let it wait. You do not have to answer or act right now.",
    "Take a breath. Breathe in slowly through your nose, and let the breath out a little longer than it "
    "came in.",
    "Observe. Notice what is happening inside you: the feeling, where it sits in your body, and the "
    "thoughts that came with it. There is nothing to fix; just notice.",
    "Proceed. Now choose your next move, one that fits what matters to you rather than what the feeling "
    "is pushing you toward.",
)
NEXT_PROMPT = "Say next when you are ready."
CLOSING = "That was the stop practice. Thank you for taking this pause for yourself."


@dataclass
class VoiceIO:
    """Microphone, speaker and recognizer wired together half-duplex: nothing heard while speaking counts."""

    source: MicrophoneSource
    sink: SoundDeviceSink
    cache: SpeechCache
    recognizer: Recognizer
    hold_off: float = 0.4
    engine: EngineInfo | None = None
    level: float = -100.0  # the microphone's last chunk level in dBFS, for a level meter

    def say(self, text: str, wait: bool = True) -> None:
        """Speak `text` (cached when prepared); with `wait`, return once the last sample has played."""
        self.sink.play(self.cache.get(text))
        if wait:
            self.sink.wait()

    def cue(self, phase: BreathPhase, seconds: float = 0.8) -> None:
        """Play a soft breathing-cue tone without waiting for it to end."""
        self.sink.play(cue_tone(phase, seconds, volume=0.25 * self.cache.choice.volume))

    def _trace(self, transcript: Transcript) -> None:
        if os.environ.get("VOICEGUIDE_TRACE_HEARD") == "1":
            print(f"heard: {transcript}", file=sys.stderr, flush=True)

    def stop_speaking(self) -> None:
        """Cut off speech or a cue at once."""
        self.sink.stop()

    def _heard(self, deadline: float | None, on_ready: Callable[[], None]) -> Iterator[tuple[float, bytes]]:
        """Microphone chunks captured after speaking ended plus the hold-off, until `deadline`."""
        quiet_since = self.sink.busy_until + self.hold_off
        delay = quiet_since - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        on_ready()
        while deadline is None or time.monotonic() < deadline:
            item = self.source.read(timeout=0.2)
            if item is None:
                if not self.source.active:
                    raise DeviceError(messages_device_lost())
                yield time.monotonic(), b""
                continue
            captured_at, chunk = item
            if captured_at < max(quiet_since, self.sink.busy_until + self.hold_off):
                continue
            self.level = level_dbfs(chunk)
            yield captured_at, chunk

    def listen_for(
        self,
        accept: Callable[[str], bool],
        mode: ListenMode = ListenMode.COMMANDS,
        on_ready: Callable[[], None] = lambda: None,
    ) -> str:
        """Block until the recognizer hears a phrase `accept` takes; audio heard while speaking is dropped.

        `on_ready` is called once the microphone is really being listened to (after the hold-off).
        """
        self.recognizer.set_mode(mode)
        for _, chunk in self._heard(None, on_ready):
            for transcript in self.recognizer.accept(chunk):
                if interpret(transcript, mode) is not None and accept(transcript.text):
                    return transcript.text
        raise AssertionError("unreachable: listening without a deadline ends only by an error")

    def listen_intent(
        self,
        mode: ListenMode = ListenMode.COMMANDS,
        timeout: float | None = None,
        on_ready: Callable[[], None] = lambda: None,
    ) -> Intent | None:
        """The next command (or number) heard, or None after `timeout` seconds."""
        self.recognizer.set_mode(mode)
        deadline = None if timeout is None else time.monotonic() + timeout
        for _, chunk in self._heard(deadline, on_ready):
            for transcript in self.recognizer.accept(chunk):
                self._trace(transcript)
                intent = interpret(transcript, mode)
                if intent is not None:
                    return intent
        return None

    def hear(self, mode: ListenMode, seconds: float) -> list[Intent]:
        """Every intent heard during the next `seconds` (for tests, benchmarks and a doctor mic check)."""
        self.recognizer.set_mode(mode)
        heard: list[Intent] = []
        for _, chunk in self._heard(time.monotonic() + seconds, lambda: None):
            for transcript in self.recognizer.accept(chunk):
                self._trace(transcript)
                intent = interpret(transcript, mode)
                if intent is not None:
                    heard.append(intent)
        for transcript in self.recognizer.flush():
            intent = interpret(transcript, mode)
            if intent is not None:
                heard.append(intent)
        return heard

    def dictate(
        self,
        end_phrase: str = "i'm done",
        silence_timeout: float = 4.0,
        max_seconds: float = 600.0,
        on_event: Callable[[DictationEvent], None] = lambda event: None,
        on_ready: Callable[[], None] = lambda: None,
    ) -> DictationSession:
        """Take dictation until the end phrase, trailing silence or the maximum length."""
        session: DictationSession | None = None

        def ready() -> None:
            nonlocal session
            session = DictationSession(self.recognizer, time.monotonic(), end_phrase, silence_timeout,
                                       max_seconds)
            on_ready()

        try:
            for at, chunk in self._heard(None, ready):
                assert session is not None
                events = session.feed(chunk, at) if chunk else session.tick(at)
                for event in events:
                    on_event(event)
                if session.done:
                    return session
        except DeviceError:
            if session is not None:
                for event in session.finish("the microphone stopped"):
                    on_event(event)
            raise
        raise AssertionError("unreachable: listening without a deadline ends only by an error")

    def close(self) -> None:
        self.source.stop()
        self.sink.close()
        self.cache.speaker.close()


def messages_device_lost() -> str:
    return "the microphone stopped delivering sound (was it unplugged?); carry on with the keyboard"


def open_voice_io(config: Config) -> VoiceIO:
    """Start the speaker engine, the recognizer and both devices, failing with one clear line."""
    speaker = Pyttsx3Speaker()
    try:
        recognizer, engine = open_recognizer(config)
        choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
        sink = SoundDeviceSink(config.devices.output or None)
        sink.open()
        source = MicrophoneSource(config.devices.input or None)
        source.start()
    except BaseException:
        speaker.close()
        raise
    return VoiceIO(source, sink, SpeechCache(speaker, choice), recognizer, config.listen.hold_off, engine)


def _print_now(text: str) -> None:
    print(text, flush=True)


def walk_stop(config: Config, out: Callable[[str], None] = _print_now) -> int:
    """Speak the four STOP steps, each followed by waiting for a spoken "next"."""
    io = open_voice_io(config)
    try:
        if io.engine is not None:
            out(io.engine.describe())
        io.cache.prepare([*STOP_STEPS, NEXT_PROMPT, CLOSING])
        for number, step in enumerate(STOP_STEPS, start=1):
            out(f"[{number}/{len(STOP_STEPS)}] {step}")
            io.say(f"{step} {NEXT_PROMPT}")
            while True:
                intent = io.listen_intent(on_ready=lambda: out("  (listening: say \"next\")"))
                if intent is not None and intent.kind is IntentKind.NEXT:
                    break
            out("  heard: next")
        out(CLOSING)
        io.say(CLOSING)
        time.sleep(0.1)
        return 0
    finally:
        io.close()
        sys.stdout.flush()
