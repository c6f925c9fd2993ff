"""The spoken walkthrough without the terminal app: speak a step, then wait for a spoken "next"."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from voiceguide.audio.sink import SoundDeviceSink
from voiceguide.audio.source import MicrophoneSource
from voiceguide.config import Config
from voiceguide.speech.recognizer import ListenMode, Recognizer
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

    def say(self, text: str) -> None:
        self.sink.play(self.cache.get(text))
        self.sink.wait()

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
        quiet_since = self.sink.busy_until + self.hold_off
        delay = quiet_since - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        on_ready()
        while True:
            item = self.source.read(timeout=0.2)
            if item is None:
                if not self.source.active:
                    from voiceguide.errors import DeviceError

                    raise DeviceError("the microphone stopped delivering sound (was it unplugged?)")
                continue
            captured_at, chunk = item
            if captured_at < quiet_since:
                continue
            for transcript in self.recognizer.accept(chunk):
                if transcript.final and accept(transcript.text):
                    return transcript.text

    def close(self) -> None:
        self.source.stop()
        self.sink.close()
        self.cache.speaker.close()


def open_voice_io(config: Config, command_phrases: list[str]) -> VoiceIO:
    """Start the speaker engine, the recognizer and both devices, failing with one clear line."""
    from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer

    speaker = Pyttsx3Speaker()
    try:
        recognizer = PocketsphinxRecognizer(command_phrases)
        choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
        sink = SoundDeviceSink(config.devices.output or None)
        sink.open()
        source = MicrophoneSource(config.devices.input or None)
        source.start()
    except BaseException:
        speaker.close()
        raise
    return VoiceIO(source, sink, SpeechCache(speaker, choice), recognizer, config.listen.hold_off)


def _print_now(text: str) -> None:
    print(text, flush=True)


def walk_stop(config: Config, out: Callable[[str], None] = _print_now) -> int:
    """Speak the four STOP steps, each followed by waiting for a spoken "next"."""
    io = open_voice_io(config, ["next", "go", "yes", "no", "back", "stop", "repeat"])
    try:
        io.cache.prepare([*STOP_STEPS, NEXT_PROMPT, CLOSING])
        for number, step in enumerate(STOP_STEPS, start=1):
            out(f"[{number}/{len(STOP_STEPS)}] {step}")
            io.say(f"{step} {NEXT_PROMPT}")
            io.listen_for(lambda text: text in ("next", "go"),
                          on_ready=lambda: out("  (listening: say \"next\")"))
            out("  heard: next")
        out(CLOSING)
        io.say(CLOSING)
        time.sleep(0.1)
        return 0
    finally:
        io.close()
        sys.stdout.flush()
