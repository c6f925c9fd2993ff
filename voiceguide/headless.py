"""Voice without the terminal app: VoiceIO (half-duplex devices) and walk_practice for `run --no-tui`."""

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
from voiceguide.errors import DeviceError, VoiceguideError
from voiceguide.intents import Intent
from voiceguide.speech.engines import EngineInfo, open_recognizer, open_speaker
from voiceguide.speech.listening import DictationEvent, DictationSession, interpret
from voiceguide.speech.prompt_store import PromptStore
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript
from voiceguide.speech.speaker import SpeechCache, VoiceChoice, fallback_problem
from voiceguide.spoken_session import (
    STALL_SECONDS,
    Microphone,
    Speech,
    SpokenSession,
    typed_lines,
)


@dataclass
class VoiceIO:
    """Microphone, speaker and recognizer wired together half-duplex: nothing heard while speaking counts."""

    source: MicrophoneSource
    sink: SoundDeviceSink
    cache: SpeechCache
    recognizer: Recognizer
    hold_off: float = 0.7
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
        last_sound = time.monotonic()
        while deadline is None or time.monotonic() < deadline:
            item = self.source.read(timeout=0.2)
            if item is None:
                # A vanished device either stops the stream or leaves it open but silent forever.
                if not self.source.active or time.monotonic() - last_sound > STALL_SECONDS:
                    raise DeviceError(messages_device_lost())
                yield time.monotonic(), b""
                continue
            last_sound = time.monotonic()
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
        self.cache.close()


def messages_device_lost() -> str:
    return "the microphone stopped delivering sound (was it unplugged?); carry on with the keyboard"


def open_voice_io(config: Config) -> VoiceIO:
    """Start the speaker engine, the recognizer and both devices, failing with one clear line."""
    speaker = open_speaker(config)
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
    cache = SpeechCache(speaker, choice, PromptStore.default())
    return VoiceIO(source, sink, cache, recognizer, config.listen.hold_off, engine)


def _print_now(text: str) -> None:
    """A line of the walkthrough: practice text, transcripts and the user's own crisis resources are data,
    so on a terminal their control characters are shown as \\xNN, never acted on."""
    from voiceguide.journal.textout import print_text

    print_text(text)


def open_speech(config: Config, out: Callable[[str], None]) -> Speech | None:
    """The speaker with its synthesis cache, or None (text only) with one line saying why.

    A missing speech engine (espeak-ng) or a speaker asked for by name that cannot be opened is an
    error with one line (an install problem or a typo); with no speaker at all the practice goes on in text.
    """
    speaker = open_speaker(config)
    try:
        sink = SoundDeviceSink(config.devices.output or None)
        sink.open()
    except VoiceguideError as exc:
        speaker.close()
        if config.devices.output:
            raise
        out(f"voiceguide: {exc}; going on with text only")
        return None
    except BaseException:
        speaker.close()
        raise
    choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
    return Speech(sink, SpeechCache(speaker, choice, PromptStore.default()))


def open_microphone(config: Config, out: Callable[[str], None]) -> Microphone | None:
    """The microphone and its recognizer, or None (typed lines instead) with one line saying why.

    As for the speaker, a microphone asked for by name that cannot be opened is an error with one line.
    """
    try:
        source = MicrophoneSource(config.devices.input or None)
        source.start()
    except VoiceguideError as exc:
        if config.devices.input:  # a microphone asked for by name: a typo or an unplugged device
            raise
        out(f"voiceguide: {exc}; type your answers instead")
        return None
    try:
        recognizer, engine = open_recognizer(config)
    except VoiceguideError as exc:
        source.stop()
        out(f"voiceguide: {exc}; type your answers instead")
        return None
    out(engine.describe())
    return Microphone(source, recognizer, engine.name)


def walk_practice(config: Config, practice_id: str, data_dir: str | None = None,
                  out: Callable[[str], None] = _print_now) -> int:
    """Walk any practice by voice (typed lines without a microphone); 130 after Ctrl-C."""
    from voiceguide.journal import opening
    from voiceguide.journal.recorder import JournalRecorder
    from voiceguide.journal.store import AUDIO_DIR
    from voiceguide.practices.library import load_library
    from voiceguide.session import texts_to_prepare

    practice = load_library().get(practice_id)
    journal = opening.open_journal(data_dir)
    speech = mic = None
    try:
        speech = open_speech(config, out)
        mic = open_microphone(config, out)
        engine = mic.engine if mic is not None else ""
        recorder = JournalRecorder(journal, practice.id, engine)
        audio_dir = None if journal.read_only else journal.data_dir / AUDIO_DIR
        session = SpokenSession(practice, config, speech, mic, recorder, typed_lines(), out, audio_dir)
        if speech is not None:
            texts = texts_to_prepare(practice, session.controller.safety)
            speech.cache.prepare(texts[:1])  # the rest while the first is playing
            problem = fallback_problem(speech.cache.speaker)
            out(f"speaking with {speech.cache.speaker.name}" + (f" ({problem})" if problem else ""))
            speech.cache.prepare_in_background(texts[1:])
        return session.run()
    finally:
        if mic is not None:
            mic.source.stop()
        if speech is not None:
            speech.sink.close()
            speech.cache.close()
        journal.close()
        sys.stdout.flush()
