"""The headless front end (`run --no-tui`): any practice walked by voice, or by typed lines, in a terminal.

One thread runs everything: it plays speech and cue tones through the speaker, pumps the listening
pipeline (which drops what was captured while voiceguide spoke), ticks the session at the runner's absolute
deadlines, and reads typed lines from stdin. A typed line belongs to the step on screen when it was typed:
it ends that step's question if it is still being read and answers it; a step that asks nothing takes only
commands from it (voiceguide/typed_lines.py). Without a speaker each text stays for the time it would take
to say it, as in the terminal app, so what is typed while a step is on screen is that step's.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide.audio.tones import BreathPhase
from voiceguide.config import Config
from voiceguide.errors import VoiceguideError
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal.audio import AnswerAudio, AnswerTarget, FinishedRecording, keep_finished
from voiceguide.journal.recorder import SessionRecorder
from voiceguide.practices.clock import MonotonicClock
from voiceguide.practices.events import EndReason, Listen, StepView
from voiceguide.practices.hints import listening_hint
from voiceguide.practices.model import CueStyle, Practice, StepKind
from voiceguide.safety import SupportCard, card_text, semantic, spoken_message
from voiceguide.session import CLOSES_THE_CARD, TYPED_COMMANDS, SafetyCheck, SessionController
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode
from voiceguide.typed_lines import TypedInput, TypedLine, TypedLines, Use, typed_lines
from voiceguide.vocabulary import normalize
from voiceguide.voice.devices import Microphone
from voiceguide.voice.pipeline import (
    AnswerEnded,
    Heard,
    ListeningPipeline,
    ListeningStarted,
    ListeningState,
    MicrophoneLost,
    PipelineEvent,
)
from voiceguide.voice.ports import SilentSpeech, SpeechOutput
from voiceguide.voice.speech import SPEAKER_LOST, ReadingSpeech, SinkSpeech, reading_seconds

if TYPE_CHECKING:
    from voiceguide.journal.unlock import Unlocking

POLL_SECONDS = 0.05
DEVICE_LOST = "the microphone stopped delivering sound (was it unplugged?); carry on by typing"
INPUT_ENDED = "no more input; the practice stops here and what you said is saved"
ASKING_KINDS = frozenset({StepKind.LISTEN, StepKind.COUNT, StepKind.RATE, StepKind.CHOOSE})


def step_key(view: StepView | None) -> tuple[int, str] | None:
    """Which step a view shows (a step shown again after a loop is the same step)."""
    return None if view is None else (view.step_index, view.step_id)


class SpokenSession:
    """The EffectTarget of a headless session, and the loop that feeds it.

    With `[journal] record_audio` on, the audio fed to each listen step's dictation is also streamed to
    a recording in `audio_dir` (the journal's audio folder), attached to the answer once it is over;
    sealed as it is written with `recording_key` (an encrypted journal's).
    """

    def __init__(self, practice: Practice, config: Config, speech: SinkSpeech | ReadingSpeech | None,
                 mic: Microphone | None,
                 recorder: SessionRecorder | None, lines: TypedInput | None = None,
                 out: Callable[[str], None] = print, audio_dir: Path | None = None,
                 recording_key: bytes | None = None) -> None:
        self.config = config
        self.recording_key = recording_key
        self.recorder = recorder
        keep_audio = config.journal.record_audio and recorder is not None and audio_dir is not None
        self.audio_dir = audio_dir if keep_audio else None
        self.speech = speech if isinstance(speech, SinkSpeech) else None
        self.reading = speech if isinstance(speech, ReadingSpeech) else None  # no speaker: the reading pace
        self.read_until = 0.0
        self.lines = lines
        self.typed = TypedLines()
        self.out = out
        semantic.STAGE.start_loading()  # the safety check's second stage, ready before the first answer
        self.state = ListeningState()
        self.controller = SessionController(
            practice, self, MonotonicClock(), recorder=recorder, safety=SafetyCheck(config.safety),
            cue_style=CueStyle.from_setting(config.voice.cue_style), listen=config.listen,
            listening_state=self.state)
        self.pipeline: ListeningPipeline | None = None
        if mic is not None:
            audio = AnswerAudio(self._keep_recording, self._recording_lost) if self.audio_dir else None
            self.pipeline = ListeningPipeline(
                mic, self._speech_now, self.state, self._heard_event,
                max_dictation_seconds=config.listen.max_dictation_seconds, audio=audio,
                answer=self._answer_target)
        self.speaking = False
        self.card_open = False  # the support card was shown and the practice not yet resumed
        self.deadline: float | None = None
        self.shown: tuple[int, str] | None = None
        self.hinted: tuple[tuple[int, str] | None, str] | None = None  # the step and hint last printed
        self.said: list[str] = []  # what was spoken in the current batch of effects

    # ---- EffectTarget -----------------------------------------------------------------------

    def speak(self, text: str) -> None:
        self.said.append(text)
        self._play(text)
        self.speaking = True  # finished at once when there is no speaker

    def _play(self, text: str) -> None:
        if self.speech is not None:
            self.speech.play(text)
            self.speaking = True
        elif self.reading is not None:
            self.read_until = time.monotonic() + reading_seconds(text, self.reading.rate)
            self.speaking = True

    def _still_speaking(self) -> bool:
        if self.speech is not None:
            return self.speech.playing
        return time.monotonic() < self.read_until

    def stop_speaking(self) -> None:
        if self.speech is not None:
            self.speech.stop()
        self.read_until = 0.0
        self.speaking = False

    def play_cue(self, phase: str) -> None:
        if self.speech is None:
            return
        if phase in {p.value for p in BreathPhase}:
            self.speech.cue(phase)
        elif not self.speaking:  # a counted item: a short soft tick
            self.speech.tick()

    def listen(self, listen: Listen) -> None:
        return None  # the pipeline follows the listening state, which the controller keeps

    def stop_listening(self) -> None:
        return None

    def show(self, view: StepView) -> None:
        key = (view.step_index, view.step_id)
        if key != self.shown:
            self.shown = key
            self.typed.shown(time.monotonic(), key, view.kind in ASKING_KINDS)
            self.out(f"[{view.step_index + 1}/{view.step_total}] {view.text or f'({view.kind.value})'}")

    def offer_support(self, card: SupportCard, message: str) -> None:
        """The card, and a calm message spoken: here there may be nothing else to see, so asking for help
        ("I need help") brings the card's own message when no crisis brought one."""
        self.out(card_text(card))
        message = message or spoken_message(card)
        self.out(message)
        self._play(message)
        self.card_open = True

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
            self._close_listening()
            while self.speech is not None and self.speech.playing:  # the closing words
                if self.speech.stalled:
                    break
                time.sleep(POLL_SECONDS)
            return 0
        except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: keep what was said, then the CLI says so
            self._close_listening()
            if self.speech is not None:
                self.speech.stop()
            raise
        except EOFError:
            self._close_listening()
            self.out(f"voiceguide: {INPUT_ENDED}")
            return 0

    def _step(self) -> None:
        if self.speech is not None and self.speech.stalled:
            self._speaker_lost()
        now = time.monotonic()
        if self.speaking and not self._still_speaking():
            self.speaking = False
            self.controller.speech_finished()
            if self.controller.ended:
                return
        if self.deadline is not None and now >= self.deadline:
            self.deadline = None
            self.controller.tick()
            return
        self.controller.check_silence()
        wait = POLL_SECONDS if self.deadline is None else max(0.0, min(POLL_SECONDS, self.deadline - now))
        line = self._read_typed(0.0 if self.pipeline is not None else wait)
        if line is not None:
            self._typed(line)
            return
        if self._ready() and (ahead := self.typed.take_ahead()) is not None:
            if self._give(ahead):
                self.typed.settle()
            return
        if self.pipeline is not None:
            self._hear(wait)
        elif self.lines is None and self._ready():
            raise EOFError  # nothing can answer: no microphone and no more typed lines

    def _ready(self) -> bool:
        """Whether a line typed ahead can be taken now: the practice listens and is not speaking."""
        return self.controller.listening is not None and not self.speaking

    def _read_typed(self, wait: float) -> TypedLine | None:
        if self.lines is None:
            if self.pipeline is None and wait:
                time.sleep(wait)
            return None
        try:
            line = self.lines.get(timeout=wait) if wait else self.lines.get_nowait()
        except queue.Empty:
            return None
        if line is None:
            self.lines = None
            return None
        typed = line if isinstance(line, TypedLine) else TypedLine(line, time.monotonic())
        return typed if typed.text.strip() else None

    def _typed(self, typed: TypedLine) -> None:
        """A line typed while a step was on screen: that step's if it is its first and the step is still
        on; typed ahead, it waits for the next moment the practice listens."""
        use = self.typed.use(typed)
        if use is Use.GONE:
            self.out("  (typed while the step before was on; not used here)")
        elif use is Use.NOW and self._give(typed.text.strip()):
            self.typed.settle()

    def _give(self, line: str) -> bool:
        """Give the step on screen a line: a command acts on it; otherwise it ends the step's question if it
        is still being read and answers it, or, where the step asks nothing, is set aside. Whether the step
        is done with lines (answered, set aside, or moved on by this one): what was typed meanwhile is then
        typed ahead, for the steps that follow."""
        view = self.controller.view
        asks = view is not None and view.kind in ASKING_KINDS
        command = intent_for(line, ListenMode.COMMANDS)
        if not asks and command is None:
            self.out("  (this step asks nothing; type next to go on)")
            return True
        if asks and self.speaking and (command is None or command.kind not in TYPED_COMMANDS):
            self.stop_speaking()
            self.controller.speech_finished()
        if self._closes_the_card(line):
            return False
        semantic.prepare(line)
        self.controller.typed(line)
        moved_on = step_key(self.controller.view) != step_key(view)
        return moved_on or command is None or (asks and command.kind not in TYPED_COMMANDS)

    def _hear(self, wait: float) -> None:
        assert self.pipeline is not None
        try:
            self.pipeline.pump(wait)
        except MicrophoneLost:
            self._microphone_lost(DEVICE_LOST)
        except VoiceguideError as exc:  # the recognizer failed (its process stopped): go on by typing
            self._microphone_lost(f"{exc.message}; carry on by typing")

    def _speech_now(self) -> SpeechOutput:
        """What speaks now (nothing once the speaker is lost), for the pipeline's self-voice gate."""
        return self.speech if self.speech is not None else SilentSpeech()

    def _heard_event(self, event: PipelineEvent) -> None:
        if isinstance(event, Heard):
            if not event.text.strip():
                return
            if event.final and normalize(event.text) and not event.text.startswith(("<", "[")):
                self.out(f"  heard: {event.text}")
                if not self._closes_the_card(event.text):
                    self.controller.heard(event.text, True, spoken_at=event.spoken_at)
            elif not event.final:
                self.controller.heard(event.text, False, draft=event.draft, spoken_at=event.spoken_at)
        elif isinstance(event, ListeningStarted):
            self._hint("listening", event.listen)
        elif isinstance(event, AnswerEnded):
            self.controller.intent(Intent(IntentKind.DONE))

    def _closes_the_card(self, text: str) -> bool:
        """While the support card is up, the words that close it in the app ("go back", "next", "yes") only
        close it here too: the practice stays paused (it neither steps back nor moves on) until "resume"."""
        if not self.card_open:
            return False
        found = intent_for(text, ListenMode.COMMANDS)
        if found is not None and found.kind in CLOSES_THE_CARD:
            self.card_open = False
            self.out("  (the practice is paused; say or type resume to carry on)")
            return True
        if found is not None and found.kind is IntentKind.RESUME:
            self.card_open = False
        return False

    def _speaker_lost(self) -> None:
        """The speaker went away mid-session: say so once and go on in text (what was playing is over)."""
        speech, self.speech = self.speech, None
        self.reading = ReadingSpeech(self.config.voice.rate)  # each text now stays for its reading time
        if speech is not None:
            speech.sink.close()
        self.out(f"voiceguide: {SPEAKER_LOST}")

    def _close_listening(self) -> None:
        """Settle what is still being recognized, keep the recording after its words, close the mic."""
        pipeline, self.pipeline = self.pipeline, None
        if pipeline is None:
            return
        try:
            with contextlib.suppress(VoiceguideError):
                pipeline.settle()
        finally:
            pipeline.close()

    # ---- recordings of answers (record_audio) ---------------------------------------------------

    def _answer_target(self) -> AnswerTarget | None:
        step = self.controller.listen_step
        if self.audio_dir is None or self.recorder is None or step is None:
            return None
        return AnswerTarget(self.audio_dir, self.recorder, step, self.controller.hearing_answer,
                            self.recording_key)

    def _keep_recording(self, finished: FinishedRecording) -> None:
        keep_finished(finished, self._recording_lost)

    def _recording_lost(self, problem: str) -> None:
        self.out(f"voiceguide: {problem}")

    def _microphone_lost(self, problem: str = DEVICE_LOST) -> None:
        pipeline, self.pipeline = self.pipeline, None
        if pipeline is not None:
            with contextlib.suppress(VoiceguideError):
                pipeline.close()
        self.out(f"voiceguide: {problem}")
        if self.controller.listening is not None:
            self._hint("type", self.controller.listening, again=True)

    def _hint(self, how: str, listen: Listen, again: bool = False) -> None:
        """What the step takes, once per step (and again when that changes: a pause, 'end now?')."""
        view = self.controller.view
        hint = listening_hint(view, listen)
        if again or (step_key(view), hint) != self.hinted:
            self.hinted = (step_key(view), hint)
            self.out(f"  ({how}: {hint})")


def _print_now(text: str) -> None:
    """A line of the walkthrough: practice text, transcripts and the user's own crisis resources are data,
    so on a terminal their control characters are shown as \\xNN, never acted on."""
    from voiceguide.journal.textout import print_text

    print_text(text)


def walk_practice(config: Config, practice_id: str, data_dir: str | None = None,
                  out: Callable[[str], None] = _print_now, unlocking: Unlocking | None = None) -> int:
    """Walk any practice by voice (typed lines without a microphone); 130 after Ctrl-C."""
    from voiceguide.journal import opening
    from voiceguide.journal.recorder import JournalRecorder
    from voiceguide.journal.store import AUDIO_DIR
    from voiceguide.practices.library import load_library
    from voiceguide.session import texts_to_prepare
    from voiceguide.speech.speaker import fallback_problem
    from voiceguide.voice.devices import open_voice

    practice = load_library().get(practice_id)
    journal = opening.open_journal(data_dir, unlocking)  # asks for a passphrase before the practice starts
    if journal.key_made_now:
        from voiceguide.journal.keys import key_in_keyring
        from voiceguide.notices import journal_protection

        out(f"voiceguide: {journal_protection(True, key_in_keyring(journal.data_dir))}")
    voice = None
    try:
        voice = open_voice(config)
        speech = voice.speech if isinstance(voice.speech, SinkSpeech | ReadingSpeech) else None
        if voice.speech_problem:
            out(f"voiceguide: {voice.speech_problem}; going on with text only")
        if voice.mic_problem:
            out(f"voiceguide: {voice.mic_problem}; type your answers instead")
        if voice.mic is not None and voice.mic.engine is not None:
            out(voice.mic.engine.describe())
        engine = voice.engine if voice.mic is not None else ""
        recorder = JournalRecorder(journal, practice.id, engine)
        audio_dir = None if journal.read_only else journal.data_dir / AUDIO_DIR
        session = SpokenSession(practice, config, speech, voice.mic, recorder, typed_lines(), out, audio_dir,
                                journal.recording_key())
        if isinstance(speech, SinkSpeech):
            texts = texts_to_prepare(practice, session.controller.safety, listen=config.listen)
            speech.cache.prepare(texts[:1])  # the rest while the first is playing
            problem = fallback_problem(speech.cache.speaker)
            out(f"speaking with {speech.cache.speaker.name}" + (f" ({problem})" if problem else ""))
            speech.cache.prepare_in_background(texts[1:])
        return session.run()
    finally:
        if voice is not None:
            voice.close()
        journal.close()
        sys.stdout.flush()
