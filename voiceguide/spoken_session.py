"""The headless front end: any practice walked by voice (or typed lines) through the core SessionController.

One thread runs everything: it plays speech and cue tones through the sink, feeds microphone audio captured
after the speaker went quiet (plus a hold-off) to the recognizer, ticks the session at the runner's
absolute deadlines, and reads typed lines from stdin when there is no microphone (or it vanished).
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from voiceguide.audio.sink import SoundDeviceSink
from voiceguide.audio.source import MicrophoneSource
from voiceguide.audio.tones import BreathPhase, cue_tone
from voiceguide.config import Config
from voiceguide.errors import VoiceguideError
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal.audio import AnswerAudio, AnswerTarget, FinishedRecording, keep_finished
from voiceguide.journal.recorder import SessionRecorder
from voiceguide.practices.clock import MonotonicClock
from voiceguide.practices.events import EndReason, Listen, StepView
from voiceguide.practices.model import CueStyle, Practice
from voiceguide.safety import SupportCard, card_text, semantic
from voiceguide.session import SafetyCheck, SessionController
from voiceguide.speech.commands import normalize
from voiceguide.speech.listening import SILENCE, DictationEvent, DictationEventKind, DictationSession
from voiceguide.speech.recognizer import ListenMode, Recognizer
from voiceguide.speech.speaker import SpeechCache

STALL_SECONDS = 1.5  # the microphone delivers a block every 20 ms; this long without one means it is gone
POLL_SECONDS = 0.05
DEVICE_LOST = "the microphone stopped delivering sound (was it unplugged?); carry on by typing"
SPEAKER_LOST = "the speaker stopped playing (was it unplugged, or the sound server stopped?); going on " \
    "with text only"
INPUT_ENDED = "no more input; the practice stops here and what you said is saved"

HINTS = {
    ListenMode.NUMBER: "say or type a number from 0 to 10",
    ListenMode.DICTATION: "speak or type your answer",
    ListenMode.COMMANDS: "say or type a command, for example next",
}


@dataclass
class Microphone:
    """The microphone and the recognizer it feeds."""

    source: MicrophoneSource
    recognizer: Recognizer
    engine: str = ""


@dataclass
class Speech:
    """The speaker: cached synthesis played through one sink."""

    sink: SoundDeviceSink
    cache: SpeechCache


class SpokenSession:
    """The EffectTarget of a headless session, and the loop that feeds it.

    With `[journal] record_audio` on, the audio fed to each listen step's dictation is also streamed to
    a recording in `audio_dir` (the journal's audio folder), attached to the answer once it is over.
    """

    def __init__(self, practice: Practice, config: Config, speech: Speech | None, mic: Microphone | None,
                 recorder: SessionRecorder | None, lines: queue.Queue[str | None] | None = None,
                 out: Callable[[str], None] = print, audio_dir: Path | None = None) -> None:
        self.config = config
        self.recorder = recorder
        keep_audio = config.journal.record_audio and recorder is not None and audio_dir is not None
        self.audio_dir = audio_dir if keep_audio else None
        self.audio = AnswerAudio(self._keep_recording, self._recording_lost) if self.audio_dir else None
        self.speech = speech
        self.mic = mic
        self.lines = lines
        self.out = out
        self.hold_off = config.listen.hold_off
        cue = config.voice.cue_style
        semantic.STAGE.start_loading()  # the safety check's second stage, ready before the first answer
        self.controller = SessionController(
            practice, self, MonotonicClock(), recorder=recorder, safety=SafetyCheck(config.safety),
            cue_style=CueStyle(cue) if cue in {c.value for c in CueStyle} else None, listen=config.listen)
        self.speaking = False
        self.deadline: float | None = None
        self.listening: Listen | None = None
        self.fresh = False  # a Listen not yet taken up (waiting for the speaker to go quiet)
        self.dictation: DictationSession | None = None
        self.typed: deque[str] = deque()
        self.shown: tuple[int, str] | None = None
        self.said: list[str] = []  # what was spoken in the current batch of effects
        self.last_sound = time.monotonic()

    # ---- EffectTarget -----------------------------------------------------------------------

    def speak(self, text: str) -> None:
        self.said.append(text)
        self._play(text)
        self.speaking = True  # finished at once when there is no speaker

    def _play(self, text: str) -> None:
        if self.speech is not None:
            self.speech.sink.play(self.speech.cache.get(text))
            self.speaking = True

    def stop_speaking(self) -> None:
        if self.speech is not None:
            self.speech.sink.stop()
        self.speaking = False

    def play_cue(self, phase: str) -> None:
        if self.speech is None:
            return
        if phase in {p.value for p in BreathPhase}:
            self.speech.sink.play(cue_tone(BreathPhase(phase), volume=0.25 * self.speech.cache.choice.volume))
        elif not self.speaking:  # a counted item: a short soft tick
            self.speech.sink.play(cue_tone(BreathPhase.HOLD, 0.12, volume=0.15))

    def listen(self, listen: Listen) -> None:
        self._finish_dictation()
        self.listening = listen
        self.fresh = True

    def stop_listening(self) -> None:
        self._finish_dictation()
        self.listening = None
        self.fresh = False

    def show(self, view: StepView) -> None:
        key = (view.step_index, view.step_id)
        if key != self.shown:
            self.shown = key
            self.out(f"[{view.step_index + 1}/{view.step_total}] {view.text or f'({view.kind.value})'}")

    def offer_support(self, card: SupportCard, message: str) -> None:
        self.out(card_text(card))
        if message:
            self.out(message)
            self._play(message)

    def end(self, reason: EndReason) -> None:
        self.out("The practice is finished." if reason is EndReason.COMPLETED else "The practice was ended.")

    def schedule(self, deadline: float | None) -> None:
        self.deadline = deadline
        shown_text = self.controller.view.text if self.controller.view is not None else ""
        for text in self.said:  # hints and answers the runner spoke, beyond the step's own text
            if text != shown_text and not text.startswith(shown_text or "\0"):
                self.out(f"  {text}")
        self.said.clear()

    # ---- the loop ---------------------------------------------------------------------------

    def run(self) -> int:
        """Walk the practice to its end; 130 when interrupted (Ctrl-C), with what was said kept."""
        try:
            self.controller.start()
            while not self.controller.ended:
                self._step()
            self._close_recording()
            while self.speech is not None and self.speech.sink.playing:  # the closing words
                if self.speech.sink.stalled:
                    break
                time.sleep(POLL_SECONDS)
            return 0
        except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: keep what was said, then the CLI says so
            self._finish_dictation()
            self._close_recording()
            if self.speech is not None:
                self.speech.sink.stop()
            raise
        except EOFError:
            self._finish_dictation()
            self._close_recording()
            self.out(f"voiceguide: {INPUT_ENDED}")
            return 0

    def _step(self) -> None:
        if self.speech is not None and self.speech.sink.stalled:
            self._speaker_lost()
        if self.audio is not None:  # a recording is finished once the practice moves on from its step
            self.audio.update(self._answer_target())
        now = time.monotonic()
        if self.speaking and (self.speech is None or not self.speech.sink.playing):
            self.speaking = False
            self.controller.speech_finished()
        if self.deadline is not None and now >= self.deadline:
            self.deadline = None
            self.controller.tick()
            return
        wait = POLL_SECONDS if self.deadline is None else max(0.0, min(POLL_SECONDS, self.deadline - now))
        self._read_typed(0.0 if self.mic is not None else wait)
        if self._ready() and self.typed:
            self.controller.typed(self.typed.popleft())
            return
        if self.mic is not None:
            self._hear(wait)
        elif self.lines is None and self.listening is not None and self._ready():
            raise EOFError  # nothing can answer: no microphone and no more typed lines

    def _ready(self) -> bool:
        """Whether what the user says now counts: listening, and the speaker quiet past the hold-off."""
        if self.listening is None or self.speaking:
            return False
        return self.speech is None or time.monotonic() >= self.speech.sink.busy_until + self.hold_off

    def _read_typed(self, wait: float) -> None:
        if self.lines is None:
            if self.mic is None and wait:
                time.sleep(wait)
            return
        try:
            line = self.lines.get(timeout=wait) if wait else self.lines.get_nowait()
        except queue.Empty:
            return
        if line is None:
            self.lines = None
        elif line.strip():
            self.typed.append(line.strip())

    def _hear(self, wait: float) -> None:
        try:
            self._hear_from_microphone(wait)
        except VoiceguideError as exc:  # the recognizer failed (its process stopped): go on by typing
            self._microphone_lost(f"{exc.message}; carry on by typing")

    def _hear_from_microphone(self, wait: float) -> None:
        mic = self.mic
        assert mic is not None
        item = mic.source.read(timeout=max(wait, 0.001))
        now = time.monotonic()
        if item is None:
            if not mic.source.active or now - self.last_sound > STALL_SECONDS:
                self._microphone_lost()
            elif self.dictation is not None:
                self._dictation_events(self.dictation.tick(now))
            return
        self.last_sound = now
        captured_at, chunk = item
        listen = self.listening
        if listen is None or not self._ready():
            return
        if self.speech is not None and captured_at < self.speech.sink.busy_until + self.hold_off:
            return  # heard while voiceguide was speaking: never acted on
        if self.fresh:
            self.fresh = False
            self._take_up(listen, captured_at)
        if self.dictation is not None:
            self._record(chunk)
            self._dictation_events(self.dictation.feed(chunk, captured_at))
            return
        for transcript in mic.recognizer.accept(chunk):
            if transcript.final and normalize(transcript.text) and not transcript.text.startswith(("<", "[")):
                self.out(f"  heard: {transcript.text}")
                self.controller.heard(transcript.text, True)
                if self.listening is not listen:
                    return

    def _take_up(self, listen: Listen, at: float) -> None:
        """Start listening for `listen` now that the speaker is quiet."""
        assert self.mic is not None
        self.out(f"  (listening: {HINTS[listen.mode]})")
        if listen.mode is ListenMode.DICTATION:
            self.dictation = DictationSession(self.mic.recognizer, at, end_phrase="",
                                              silence_timeout=listen.silence)
        else:
            self.mic.recognizer.set_mode(listen.mode)

    def _dictation_events(self, events: list[DictationEvent]) -> None:
        session = self.dictation
        for event in events:
            if event.kind is DictationEventKind.PARTIAL:
                self.controller.heard(event.text, False)
            elif event.kind is DictationEventKind.DRAFT:
                self.controller.heard(event.text, False, draft=True)
            elif event.kind is DictationEventKind.SEGMENT:
                self.out(f"  heard: {event.text}")
                self.controller.heard(event.text, True)
            elif event.kind is DictationEventKind.ENDED and self.dictation is session:
                self.dictation = None
                self.fresh = self.listening is not None  # listening goes on until the runner stops it
                if event.reason == SILENCE:
                    self.controller.listen_timed_out()
                else:
                    self.controller.intent(Intent(IntentKind.DONE))
            if self.dictation is not session:
                return

    def _finish_dictation(self) -> None:
        """Settle what is still being decoded, so nothing said is lost."""
        session, self.dictation = self.dictation, None
        if session is None:
            return
        for event in session.finish():
            if event.kind is DictationEventKind.SEGMENT:
                self.out(f"  heard: {event.text}")
                self.controller.heard(event.text, True)

    def _speaker_lost(self) -> None:
        """The speaker went away mid-session: say so once and go on in text (what was playing is over)."""
        speech, self.speech = self.speech, None
        if speech is not None:
            speech.sink.close()
        self.out(f"voiceguide: {SPEAKER_LOST}")

    # ---- recordings of answers (record_audio) ---------------------------------------------------

    def _answer_target(self) -> AnswerTarget | None:
        step = self.controller.listen_step
        if self.audio_dir is None or self.recorder is None or step is None:
            return None
        return AnswerTarget(self.audio_dir, self.recorder, step, self.controller.hearing_answer)

    def _record(self, chunk: bytes) -> None:
        """Keep a chunk fed to the dictation of a listen step (the words are saved before the audio)."""
        if self.audio is None:
            return
        target = self._answer_target()
        self.audio.update(target)
        if target is not None and target.hearing:
            self.audio.write(chunk)

    def _close_recording(self) -> None:
        if self.audio is not None:
            self.audio.close()

    def _keep_recording(self, finished: FinishedRecording) -> None:
        keep_finished(finished, self._recording_lost)

    def _recording_lost(self, problem: str) -> None:
        self.out(f"voiceguide: {problem}")

    def _microphone_lost(self, problem: str = DEVICE_LOST) -> None:
        mic, self.mic = self.mic, None
        with contextlib.suppress(VoiceguideError):  # a failing recognizer cannot settle what is left
            self._finish_dictation()
        if mic is not None:
            with contextlib.suppress(VoiceguideError):
                mic.source.stop()
        self.out(f"voiceguide: {problem}")
        if self.listening is not None:
            self.out(f"  (type: {HINTS[self.listening.mode]})")


def typed_lines(stream: TextIO | None = None) -> queue.Queue[str | None]:
    """Lines typed on `stream` (stdin by default), read by a daemon thread; None marks the end of input."""
    lines: queue.Queue[str | None] = queue.Queue()
    source = stream or sys.stdin

    def read() -> None:
        try:
            for line in source:
                lines.put(line)
        except (OSError, ValueError):
            pass
        lines.put(None)

    threading.Thread(target=read, name="typed-lines", daemon=True).start()
    return lines
