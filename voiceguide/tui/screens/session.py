"""The session screen: the instruction, progress, breath pacer, transcript, and a key per command."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from voiceguide.intents import Intent, IntentKind
from voiceguide.journal.audio import AnswerTarget
from voiceguide.journal.recorder import SessionRecorder
from voiceguide.practices.events import EndReason, Listen, StepView
from voiceguide.practices.model import CueStyle, Practice
from voiceguide.safety.resources import SupportCard
from voiceguide.session import SessionController
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.adapters import BackgroundRecorder
from voiceguide.tui.keys import SESSION_COMMANDS
from voiceguide.tui.ports import CallableClock, PracticeInfo
from voiceguide.tui.text import plain, recognized
from voiceguide.tui.view import ShownStep, shown_step
from voiceguide.tui.voice_aware import VoiceAware
from voiceguide.tui.widgets.breath_pacer import BreathPacer
from voiceguide.tui.widgets.mic_level import MicLevel
from voiceguide.tui.widgets.status_line import StatusLine
from voiceguide.tui.widgets.step_progress import StepProgress
from voiceguide.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from voiceguide.tui.app import VoiceguideApp

FOOTER_KINDS = {IntentKind.NEXT, IntentKind.BACK, IntentKind.REPEAT, IntentKind.END}


def _bindings() -> list[Binding]:
    bindings = []
    for command in SESSION_COMMANDS:
        number = -1 if command.number is None else command.number
        keys = ",".join(command.keys)
        if command.kind is IntentKind.PAUSE:  # the same keys resume; the footer offers whichever applies
            bindings += [Binding(keys, "pause_key('pause')", "Pause"),
                         Binding(keys, "pause_key('resume')", "Resume")]
            continue
        bindings.append(Binding(keys, f"intent('{command.kind.value}', {number})",
                                command.kind.value.capitalize() if command.number is None else str(number),
                                show=command.kind in FOOTER_KINDS and command.number is None))
    return bindings


ANSWER_KINDS = ("listen", "count")  # steps answered in the user's own words
LEAVING_KINDS = (IntentKind.NEXT.value, IntentKind.END.value, IntentKind.DONE.value)  # home, once ended


def without_spoken_instructions(text: str) -> str:
    """`text` without its sentences that ask the user to say or speak something (shown when there is no
    microphone to hear it: the state line names the keys instead)."""
    sentences = re.split(r"(?<=[.?!])\s+", " ".join(text.split()))
    return " ".join(s for s in sentences if not re.search(r"\b(say|speak)\b", s, re.IGNORECASE))


def caption_for(spoken: str, shown: str) -> str:
    """What of `spoken` the screen does not already show as the step's text (hints, answers to slower
    or repeat, a choice's options), so that nothing is only heard."""
    said, step_text = " ".join(spoken.split()), " ".join(shown.split())
    if step_text and step_text in said:
        said = said.replace(step_text, "", 1)
    return " ".join(said.split())


LOCKED_NOTE = "Journal locked: your answers are kept in memory, not saved yet (unlock on the home screen: u)."


class SessionScreen(Screen[None], VoiceAware):
    """One practice in progress; carries out the runner's effects through the app's workers."""

    BINDINGS: ClassVar[list[BindingType]] = [*_bindings(), Binding("escape", "leave", "Leave", show=False),
                                             Binding("q", "quit_hint", "Quit", show=False)]
    AUTO_FOCUS = ""  # keys are commands until the user types an answer

    def __init__(self, practice: PracticeInfo, definition: Practice) -> None:
        super().__init__()
        self.practice = practice
        self.definition = definition
        self.step = ShownStep()
        self.speaking = False
        self.ended = False
        self.completed = False  # ended by reaching the end, not by the user
        self._footer_paused = False  # the pause state the footer's bindings were last checked for
        self._speech_token = 0
        self._deadline_timer: Timer | None = None
        self._pacer_timer: Timer | None = None
        self.deadline: float | None = None
        self.controller: SessionController  # made on mount, when the app is known
        self.recorder: BackgroundRecorder
        self.audio_folder: Path | None = None  # where answers are recorded (record_audio on), else None
        self.recording_key: bytes | None = None  # an encrypted journal's: recordings sealed as written

    @property
    def vg(self) -> VoiceguideApp:
        from voiceguide.tui.app import VoiceguideApp

        return cast(VoiceguideApp, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="session"):
            with Horizontal(id="session-head"):
                yield Static(plain(self.practice.title).stylize("bold"), id="session-title")
                yield StepProgress(id="progress")
            journal = self.vg.services.journal
            if journal is not None and journal.locked:
                yield Static(plain(LOCKED_NOTE), id="journal-locked")
            yield Static("", id="instruction")
            caption = Static("", id="caption")  # what voiceguide says beyond the step's own text
            caption.display = False
            yield caption
            yield BreathPacer(id="pacer")
            yield Static("", id="session-state")
            yield Input(placeholder="Type your answer, Enter to keep it (Esc: back to keys)", id="answer")
            yield Transcript(id="transcript")
            yield MicLevel(id="mic")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.5, self.check_silence)
        app = self.vg
        self.query_one(Input).cursor_blink = app.cursor_blink
        self.query_one(BreathPacer).reduced_motion = app.config.ui.reduced_motion
        self.query_one(StatusLine).text = app.voice_status.line()
        self.query_one(MicLevel).available = bool(app.voice and app.voice.mic)
        journal = app.services.journal
        engine = app.voice.status.engine if app.voice is not None else ""
        if app.config.journal.record_audio and journal is not None:  # off by default
            self.audio_folder = journal.audio_folder()
            self.recording_key = journal.recording_key()

        def open_recorder() -> SessionRecorder:
            if journal is None:
                raise RuntimeError("the journal is not available; this answer was not kept")
            return journal.recorder(self.definition.id, engine)

        self.recorder = BackgroundRecorder(app.write_journal, open_recorder)
        self.controller = SessionController(
            self.definition, self, CallableClock(app.services.clock), recorder=self.recorder,
            safety=app.safety, cue_style=CueStyle.from_setting(app.config.voice.cue_style),
            listen=app.config.listen, listening_state=app.listening)
        self.controller.start()
        self._show_state()

    def on_unmount(self) -> None:
        self.controller.detach()
        self.vg.session_closed(self)

    @property
    def started(self) -> bool:
        """on_mount has made the controller (before that, events find no session to show)."""
        return hasattr(self, "controller")

    @property
    def takes_words(self) -> bool:
        """The step is answered in the user's own words: the answer box is shown (from the question on)."""
        return not self.ended and (self.controller.mode is ListenMode.DICTATION
                                   or self.step.kind in ANSWER_KINDS)

    def voice_changed(self) -> None:
        if not self.started or not self.is_mounted:  # on_mount reads the voice itself
            return
        self.query_one(MicLevel).available = bool(self.vg.voice and self.vg.voice.mic)
        self._show_state()  # "Speaking…" or, with no speaker, a word on reading

    # input from the user
    def action_intent(self, kind: str, number: int = -1) -> None:
        if self.ended:
            if kind in LEAVING_KINDS:
                self.action_leave()
            return
        if self.query_one(Input).value.strip() and self.speaking and self.step.kind in ANSWER_KINDS:
            self._end_question()  # words typed for this question answer it, even while it is still read
        self.keep_unsent_answer()  # typed, then a key moved on (Esc, →): the words are this step's answer
        self.controller.intent(Intent(IntentKind(kind), number=None if number < 0 else number))
        self._show_state()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once the practice has ended only the keys that go home are offered (the footer follows); p
        pauses or resumes, whichever applies."""
        if self.ended and action == "intent":
            return parameters[0] in LEAVING_KINDS
        if action == "pause_key":
            return not self.ended and (parameters[0] == IntentKind.RESUME.value) == self.step.paused
        return True

    def action_pause_key(self, kind: str) -> None:
        self.action_intent(kind)

    def action_quit_hint(self) -> None:
        """q quits from the home screen; in a practice a stray q must not end it, so it says how."""
        self.notify("To quit voiceguide, press Ctrl+Q (what you said is kept). To end this practice: e.")

    def action_leave(self) -> None:
        if isinstance(self.focused, Input):  # Esc first leaves the answer box, so keys are commands again
            self.set_focus(None)
            return
        if not self.ended and not self.step.confirming_end:
            self.controller.intent(Intent(IntentKind.END))  # the runner asks "end now?" first
            self._show_state()
            return
        self._cancel_timers()
        if self.vg.voice is not None:
            self.vg.voice.speech.stop()
        self.dismiss()

    @property
    def reading(self) -> bool:
        return self.vg.voice_status.reading

    @property
    def keys_only(self) -> bool:
        return self.vg.voice_status.keys_only

    def _keys_or_words(self, keys: str, words: str) -> str:
        """What the state line says: with no microphone the keys to press, else the words to say."""
        return keys if self.keys_only else words

    @property
    def _taken_down(self) -> bool:
        """The app quits and has removed this screen's widgets (a prompt may finish just then)."""
        return not self.query("#session-state")

    def heard(self, text: str, final: bool, draft: bool = False, spoken_at: float | None = None) -> None:
        if self.reading and self.speaking and self.step.state == "speaking" and recognized(text):
            self._end_question()  # spoken before the reading time was over: an answer, not a loss
        transcript = self.query_one(Transcript)
        shown = recognized(text)
        if final and shown:
            transcript.add_final(shown)
        elif final:
            transcript.add_partial("")
        else:
            transcript.add_partial(shown)
        self.controller.heard(text, final, draft=draft, spoken_at=spoken_at)
        self._show_state()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if not text:
            return
        if self.speaking and self.step.kind in ANSWER_KINDS:  # answered before the question was over
            self._end_question()
        self.query_one(Transcript).add_final(text)
        from voiceguide.safety import semantic

        semantic.prepare(text)  # one line on Enter: the stage's ~20 ms may run here
        self.controller.typed(text)
        self.app.call_later(self._focus_after_answer)  # after the focus() calls the effects queued there
        self._show_state()

    def _focus_after_answer(self) -> None:
        if self.takes_words:
            self.query_one(Input).focus()  # more to say (another thing to count, the next answer)
        else:
            self.set_focus(None)  # answered: keys are commands again

    def on_descendant_focus(self) -> None:
        if self.started:
            self._show_state()  # into the answer box: the state line says how typing works

    def on_descendant_blur(self) -> None:
        if self.started:
            self._show_state()

    def _end_question(self) -> None:
        """The user answers while the step's prompt is still on: it ends now, and listening begins."""
        self.stop_speaking()
        self.controller.speech_finished()

    def keep_unsent_answer(self) -> None:
        """A line typed into the answer box but not yet sent (quitting, or a key moved on) is kept as part of
        the answer."""
        answer = self.query_one(Input)
        text = answer.value.strip()
        if text and not self.ended and self.controller.mode is ListenMode.DICTATION:
            answer.value = ""
            from voiceguide.safety import semantic

            semantic.prepare(text)  # checked as a line sent with Enter is
            self.controller.heard(text, True, source="typed")

    def speech_done(self, token: int) -> None:
        if self._taken_down:
            return  # a prompt cut off by the quit must not move the practice on
        if token == self._speech_token:
            self.speaking = False
            self.controller.speech_finished()
            self._show_state()

    # effects (EffectTarget)
    def speak(self, text: str) -> None:
        caption = caption_for(text, self.step.text)
        self._caption(without_spoken_instructions(caption) if self.keys_only else caption)
        self.speaking = True
        self._speech_token = self.vg.speak(text)

    def _caption(self, text: str) -> None:
        caption = self.query_one("#caption", Static)
        caption.update(plain(text))
        caption.display = bool(text)

    def stop_speaking(self) -> None:
        self.speaking = False
        self._speech_token = self.vg.stop_speaking()

    def play_cue(self, phase: str) -> None:
        self.vg.cue(phase)

    def listen(self, listen: Listen) -> None:
        mode = listen.mode
        self._record_answer()
        answer = self.query_one(Input)
        answer.display = mode is ListenMode.DICTATION
        if mode is ListenMode.DICTATION:
            self.query_one(Transcript).clear()
            answer.focus()

    def stop_listening(self) -> None:
        self._record_answer()
        answer = self.query_one(Input)
        if answer.has_focus:
            self.set_focus(None)
        answer.display = False

    def show(self, view: StepView) -> None:
        shown = shown_step(view)
        entering = shown.index != self.step.index
        self.step = shown
        if entering:
            self._caption("")
        if entering and self.step.kind in ANSWER_KINDS and not self.ended:
            self.query_one(Input).focus()  # typing can start while the question is still being asked
        self.query_one("#instruction", Static).update(plain(self.step.text))
        progress = self.query_one(StepProgress)
        progress.index, progress.total = self.step.index, self.step.total
        progress.cycle, progress.cycles = self.step.cycle, self.step.cycles
        self._update_pacer()
        if self.step.phase and self._pacer_timer is None:
            self._pacer_timer = self.set_interval(0.1, self._update_pacer)
        elif not self.step.phase and self._pacer_timer is not None:
            self._pacer_timer.stop()
            self._pacer_timer = None
        self._show_state()

    def offer_support(self, card: SupportCard, message: str) -> None:
        self.vg.show_support(card, message)

    def end(self, reason: EndReason) -> None:
        self.ended = True
        self.completed = reason is EndReason.COMPLETED
        self._record_answer()
        self._cancel_timers()
        self.query_one(BreathPacer).set_phase("", 0, 0)
        self._show_state()
        self.refresh_bindings()

    def schedule(self, deadline: float | None) -> None:
        self.deadline = deadline
        if self._deadline_timer is not None:
            self._deadline_timer.stop()
            self._deadline_timer = None
        if deadline is not None:
            delay = max(0.0, deadline - self.vg.services.clock())
            self._deadline_timer = self.set_timer(delay, self._deadline_reached)

    # drawing
    def _deadline_reached(self) -> None:
        self._deadline_timer = None
        self.controller.tick()
        self._show_state()

    def check_silence(self) -> None:
        """Let the session end an answer after its silence timeout (a line being typed holds it off)."""
        if not self.ended:
            self.controller.check_silence(typing=bool(self.query_one(Input).value))
            self._show_state()

    def check_deadline(self) -> None:
        """Tick now if the clock has reached the scheduled deadline (for clocks that jump, as in tests)."""
        if self.deadline is not None and self.vg.services.clock() >= self.deadline:
            self._deadline_reached()

    def _cancel_timers(self) -> None:
        for timer in (self._deadline_timer, self._pacer_timer):
            if timer is not None:
                timer.stop()
        self._deadline_timer = self._pacer_timer = None

    def _update_pacer(self) -> None:
        step = self.step
        if not step.phase:
            self.query_one(BreathPacer).set_phase("", 0, 0)
            return
        if step.phase_deadline is not None and not step.paused:
            remaining = step.phase_deadline - self.vg.services.clock()
        else:
            remaining = step.phase_remaining if step.phase_remaining is not None else step.phase_seconds
        self.query_one(BreathPacer).set_phase(step.phase, step.phase_seconds, remaining, step.phase_deadline)

    def _record_answer(self) -> None:
        """Tell the listen worker whose answer the microphone audio belongs to (always after the listen
        mode: the worker reads them the other way round, so it settles the words before the recording)."""
        step = self.controller.listen_step if self.audio_folder is not None else None
        self.vg.answer_target = None if step is None or self.audio_folder is None else AnswerTarget(
            self.audio_folder, self.recorder, step, self.controller.hearing_answer, self.recording_key)

    def _show_state(self) -> None:
        self._record_answer()
        if self._taken_down:
            return
        step = self.step
        asking = self.speaking and step.state == "speaking"  # the step's own prompt, not a hint
        if self.ended and self.completed:
            words, style = "Finished. Press Enter to go back home.", "bold $success"
        elif self.ended:
            words, style = "Practice ended. Press Enter to go back home.", "bold $secondary"
        elif step.paused:
            words = self._keys_or_words("Paused. Press p or c to carry on.",
                                        "Paused. Press p or c, or say \"resume\", to carry on.")
            style = "bold $warning"
        elif step.confirming_end:
            words = self._keys_or_words("End the practice now? Press y or n.",
                                        "End the practice now? Say yes or no (keys y / n).")
            style = "bold $warning"
        elif asking and self.query_one(Input).has_focus:
            words, style = "Type your answer; Enter keeps it (Esc: keys are commands).", "$secondary"
        elif asking and self.reading and step.kind == "rate":
            words, style = "Take your time to read. A number key (0-9, t for 10) answers.", "$secondary"
        elif asking and self.reading and step.kind == "choose":
            keys = "its number" if step.options else "y or n"
            words, style = f"Take your time to read. Press {keys} to answer.", "$secondary"
        elif asking and self.reading:
            words, style = "Take your time to read. Enter or → goes on.", "$secondary"
        elif self.speaking:
            words, style = "Speaking…", "$secondary"
        elif step.state == "breathing":
            words = self._keys_or_words("Breathing. Press - to slow it down, + to speed it up.",
                                        "Breathing. Say \"slower\" or \"faster\" (keys - / +).")
            style = "$accent"
        elif self.controller.mode is ListenMode.DICTATION:
            counted = f" ({step.counted} of {step.count_total})" if step.count_total else ""
            words = self._keys_or_words(f"Your answer{counted}: type it below, Enter keeps it.",
                                        f"Listening{counted}: say it, or type it below.")
            style = "bold $accent"
        elif self.controller.mode is ListenMode.NUMBER:
            words = self._keys_or_words("A number from 0 to 10: press 0-9, or t for 10.",
                                        "Listening for a number from 0 to 10 (keys 0-9, t for 10).")
            style = "bold $accent"
        elif step.options:
            numbered = ", ".join(f"{n} {name}" for n, name in enumerate(step.options, start=1))
            words = self._keys_or_words(f"Press one of: {numbered}.",
                                        f"Say one of: {numbered} (or press its number).")
            style = "bold $accent"
        elif step.kind == "choose":
            words = self._keys_or_words("Press y or n.", "Say yes or no (keys y / n).")
            style = "bold $accent"
        else:
            words = self._keys_or_words("Press Enter to go on; ? for help.",
                                        "Listening for a command. Say \"next\" or press Enter; ? for help.")
            style = "$accent"
        self.query_one("#session-state", Static).update(Content(words).stylize(style))
        self.query_one(Input).display = self.takes_words
        if step.paused != self._footer_paused:
            self._footer_paused = step.paused
            self.refresh_bindings()
