"""The one listening pipeline: microphone chunks, the self-voice gate, the recognizer, then heard text.

Every front end listens through `ListeningPipeline`: the terminal app runs it in its listen worker, the
headless walk pumps it from its own loop, and so will whatever listens next. It follows `ListeningState`
(what voiceguide listens for now, kept once and written by the session controller), drops every chunk
captured before the speaker went quiet plus its hold-off (`SpeechOutput.quiet_since`: this is the only
self-voice gate; a test checks that no other module reads it or opens a microphone), takes
dictation through `DictationSession` (segments, quick drafts for the safety check, the maximum length) and
reports what happened as plain events. Deciding what the words mean is the session controller's job.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from voiceguide.audio.source import level_dbfs
from voiceguide.errors import DeviceError, VoiceguideError
from voiceguide.journal.audio import AnswerAudio, AnswerTarget
from voiceguide.practices.events import Listen
from voiceguide.speech.listening import (
    MAX_LENGTH,
    DictationEvent,
    DictationEventKind,
    DictationSession,
)
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.voice.ports import MicInput, SpeechOutput
from voiceguide.voice.state import ListeningState

MIC_LOST = "the microphone stopped delivering sound (was it unplugged?); carry on with the keyboard"
NO_SILENCE_LIMIT = float("inf")  # the session controller times an answer's silence, not the pipeline


class MicrophoneLost(DeviceError):
    """The microphone stopped delivering sound (unplugged, or the sound server went away)."""


@dataclass(frozen=True)
class Heard:
    """Recognized text: partial (still changing), a settled segment's quick `draft`, or final; `spoken_at`
    is the capture time (monotonic) of the audio it was read at, earlier than now by the reading's time."""

    text: str
    final: bool
    draft: bool = False
    spoken_at: float | None = None


@dataclass(frozen=True)
class LevelChanged:
    """The microphone's loudness in dBFS (for a level meter), at most every `level_every` seconds."""

    level_db: float


@dataclass(frozen=True)
class ListeningStarted:
    """The speaker went quiet and what the user says for `listen` counts from now on."""

    listen: Listen


@dataclass(frozen=True)
class AnswerEnded:
    """A dictated answer ended by itself (it reached the maximum length)."""

    reason: str


PipelineEvent = Heard | LevelChanged | ListeningStarted | AnswerEnded


class ListeningPipeline:
    """Microphone → self-voice gate → recognizer → events, for every front end.

    With `audio` (record_audio on), what is fed to the dictation of the answer `answer()` names is also
    kept; a recording is finished after the words said before it were settled (so they are saved first).
    """

    def __init__(self, mic: MicInput, speech: Callable[[], SpeechOutput], state: ListeningState,
                 on_event: Callable[[PipelineEvent], object], *, max_dictation_seconds: float = 600.0,
                 audio: AnswerAudio | None = None, answer: Callable[[], AnswerTarget | None] = lambda: None,
                 level_every: float = 0.1, clock: Callable[[], float] = time.monotonic) -> None:
        self.mic = mic
        self.speech = speech  # the speech output now (it changes when a speaker is lost)
        self.state = state
        self.on_event = on_event
        self.max_dictation_seconds = max_dictation_seconds
        self.audio = audio
        self.answer = answer
        self.level_every = level_every
        self.clock = clock
        self._mode: ListenMode | None = None
        self._listen: Listen | None = None
        self._taken_up: Listen | None = None
        self._dictation: DictationSession | None = None
        self._last_level = -level_every
        self._last_chunk = clock()
        self._captured_at: float | None = None  # the capture time of the chunk being recognized

    # ---- driving it ----------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Listen until `stop` is set, then settle what is still being recognized (nothing said is lost).
        Raises DeviceError when the microphone goes away (what was said before it is settled first)."""
        try:
            while not stop.is_set():
                self.pump(0.1)
            with contextlib.suppress(VoiceguideError):
                self.settle()
        finally:
            self.close()

    def pump(self, wait: float) -> None:
        """Take the next chunk (waiting up to `wait` seconds) through the gate and the recognizer."""
        item = self.mic.read(max(wait, 0.001))
        now = self.clock()
        if item is None:
            stall = self.mic.stall_seconds
            if not self.mic.active or (stall is not None and now - self._last_chunk > stall):
                with contextlib.suppress(VoiceguideError):
                    self.settle()
                raise MicrophoneLost(MIC_LOST)
            if self._dictation is not None:
                self._dictation_events(self._dictation.tick(now))
            return
        self._last_chunk = now
        captured_at, chunk = item
        self._captured_at = captured_at
        if now - self._last_level >= self.level_every:
            self._last_level = now
            self.on_event(LevelChanged(level_dbfs(chunk)))
        target = self.answer()  # read before the mode: the controller changes the mode first, then the answer
        self._follow_state()
        if self.audio is not None:
            self.audio.update(target)  # after settling: a finished recording follows its last words
        if captured_at < self.speech().quiet_since():
            return  # voiceguide's own voice (or its echo): never heard
        listen = self._listen
        if listen is not None and self._taken_up is not listen:
            self._taken_up = listen
            self.on_event(ListeningStarted(listen))
        if self._mode is ListenMode.DICTATION:
            if self._dictation is None:  # a dictation that ended by itself goes on while the step listens
                self._start_dictation(captured_at)
            assert self._dictation is not None
            if self.audio is not None and target is not None and target.hearing:
                self.audio.write(chunk)
            self._dictation_events(self._dictation.feed(chunk, captured_at))
            return
        for transcript in self.mic.recognizer.accept(chunk):
            self._heard(transcript)
            if self.state.listen is not listen:  # that answered it: the rest is for what comes next
                return

    def settle(self) -> None:
        """Settle what is still being recognized (an answer's last words), as final text."""
        dictation, self._dictation = self._dictation, None
        if dictation is not None:
            for event in dictation.finish():
                if event.kind is DictationEventKind.SEGMENT:
                    self.on_event(Heard(event.text, True, spoken_at=self._captured_at))
            return
        for transcript in self.mic.recognizer.flush():
            self._heard(transcript)

    def close(self) -> None:
        """Finish any recording (after its words) and close the microphone."""
        try:
            if self.audio is not None:
                self.audio.close()
        finally:
            self.mic.close()

    # ---- inside --------------------------------------------------------------------------------

    def _follow_state(self) -> None:
        """Follow a change of what to listen for; leaving dictation settles its words first."""
        listen, mode = self.state.listen, self.state.mode
        if listen is self._listen and mode is self._mode:
            return
        if self._mode is ListenMode.DICTATION:
            self.settle()
        self._listen, self._mode = listen, mode
        self._taken_up = None
        if mode is ListenMode.DICTATION:
            self._start_dictation(self.clock())
        else:
            self.mic.recognizer.set_mode(mode)

    def _start_dictation(self, at: float) -> None:
        self._dictation = DictationSession(self.mic.recognizer, at, end_phrase="",
                                           silence_timeout=NO_SILENCE_LIMIT,
                                           max_seconds=self.max_dictation_seconds)

    def _heard(self, transcript: Transcript) -> None:
        self.on_event(Heard(transcript.text, transcript.final, transcript.draft, self._captured_at))

    def _dictation_events(self, events: list[DictationEvent]) -> None:
        for event in events:
            if event.kind is DictationEventKind.PARTIAL:
                self.on_event(Heard(event.text, False, spoken_at=self._captured_at))
            elif event.kind is DictationEventKind.DRAFT:
                self.on_event(Heard(event.text, False, draft=True, spoken_at=self._captured_at))
            elif event.kind is DictationEventKind.SEGMENT:
                self.on_event(Heard(event.text, True, spoken_at=self._captured_at))
            elif event.kind is DictationEventKind.ENDED:
                self._dictation = None
                if event.reason == MAX_LENGTH:
                    self.on_event(AnswerEnded(MAX_LENGTH))
