"""One walk through a practice: the step under way, what was said, and the moves between steps."""

from __future__ import annotations

from collections.abc import Callable

from voiceguide.practices import runner_lines
from voiceguide.practices.clock import Clock
from voiceguide.practices.events import (
    Effect,
    End,
    EndReason,
    Listen,
    OfferSupport,
    RunnerState,
    SaveField,
    ShowStep,
    Speak,
    StepView,
    StopListening,
    StopSpeaking,
    short_silence_for,
)
from voiceguide.practices.model import (
    END_TARGET,
    PLACEHOLDER,
    AnyStep,
    BreatheStep,
    ChooseStep,
    CountStep,
    CueStyle,
    ListenStep,
    PauseStep,
    Practice,
    RateStep,
    SayStep,
)
from voiceguide.practices.pacer import Pacer
from voiceguide.practices.timeline import Timeline, phase_cue
from voiceguide.practices.words import clean_answer
from voiceguide.speech.recognizer import ListenMode

Continuation = Callable[[], list[Effect]]
COUNT_SILENCE = 10.0  # seconds of silence in a count step before one gentle nudge


class StepFlow:
    """The runner's state and the moves every event handler builds on: enter a step, speak then go on,
    listen or wait, complete a step, jump, finish, pause and resume."""

    def __init__(self, practice: Practice, clock: Clock, cue_override: CueStyle | None) -> None:
        self.practice = practice
        self.clock = clock
        self.cue_override = cue_override
        self.state = RunnerState.SPEAKING
        self.index = 0
        self.history: list[int] = []
        self.fields: dict[str, str] = {}
        self.after_speech: Continuation | None = None
        self.speech = ""  # the step speech under way (SPEAKING), re-spoken on resume
        self.listen_effect: Listen | None = None
        self.timeline = Timeline()
        self.counted = 0
        self.partial = ""
        self.nudged = False
        self.late_field: tuple[ListenStep, str] | None = None  # (step, field) that may get a late final
        self.confirming = False

    @property
    def apparent_state(self) -> RunnerState:
        """What the runner is doing now; WAITING (for yes or no) while asking whether to end."""
        if self.confirming:
            return RunnerState.WAITING
        return self.state

    @property
    def step(self) -> AnyStep:
        return self.practice.steps[self.index]

    @property
    def view(self) -> StepView:
        """The current step as a frontend should draw it."""
        step = self.step
        now = self.clock.now()
        pacer = self.timeline.pacer
        answer = ""
        if isinstance(step, ListenStep):
            answer = " ".join(part for part in (self.fields.get(step.field, ""), self.partial) if part)
        elif isinstance(step, CountStep) and step.field:
            answer = self.fields.get(step.field, "")
        options = tuple(option.name for option in step.options) if isinstance(step, ChooseStep) else ()
        text = self.fill(step.text) if isinstance(step, SayStep) else step.display_text
        return StepView(
            practice_title=self.practice.title,
            step_index=self.index,
            step_total=len(self.practice.steps),
            step_id=step.id,
            kind=step.kind,
            text=text,
            state=self.apparent_state,
            phase=pacer.phase_name() if pacer else "",
            phase_started_at=pacer.phase_started_at if pacer else None,
            phase_deadline=pacer.start_of(pacer.index + 1) if pacer and not pacer.finished else None,
            phase_remaining=pacer.remaining(now) if pacer else None,
            cycle=pacer.cycle() if pacer else 0,
            cycles=pacer.cycles if pacer else 0,
            pace=pacer.pace if pacer else 1.0,
            cue=self.cue(step) if isinstance(step, BreatheStep) else None,
            counted=self.counted,
            count_total=step.count if isinstance(step, CountStep) else 0,
            answer=answer,
            options=options,
            confirming_end=self.confirming,
        )

    def next_deadline(self) -> float | None:
        if self.confirming or self.state in (RunnerState.PAUSED, RunnerState.ENDED):
            return None
        return self.timeline.next_deadline(self.state)

    def fill(self, text: str) -> str:
        """A say text with its {field} placeholders replaced by what the user said."""
        return PLACEHOLDER.sub(lambda match: clean_answer(self.fields.get(match[1], "")) or "…", text)

    def show(self) -> ShowStep:
        return ShowStep(self.view)

    # ---- steps ---------------------------------------------------------------------------------

    def enter(self, index: int, *, remember: bool = True) -> list[Effect]:
        leaving = self.step
        # only the step just left may still receive a late dictation segment
        self.late_field = (leaving, leaving.field) if isinstance(leaving, ListenStep) else None
        if remember and index != self.index:
            self.history.append(self.index)
        self.index = index
        self.timeline.enter_step()
        self.counted = 0
        self.partial = ""
        self.nudged = False
        self.confirming = False
        step = self.step
        if isinstance(step, SayStep):
            text = self.fill(step.text)
            effects: list[Effect] = []
            if step.save_as:
                self.fields[step.save_as] = text
                effects.append(SaveField(step.save_as, text, step.text, step.id))
            return effects + self.speak(runner_lines.say_speech(text, step.wait), self._after_say)
        if isinstance(step, PauseStep):
            return self._speak_then(step.text, self._begin_pause)
        if isinstance(step, BreatheStep):
            return self._speak_then(step.text, self._begin_breathing)
        if isinstance(step, ListenStep):
            return self.speak(step.prompt, self._begin_listen)
        if isinstance(step, RateStep | ChooseStep):
            return self.speak(step.prompt, self._begin_waiting)
        return self.speak(step.prompt, self._begin_count)

    def speak(self, text: str, then: Continuation) -> list[Effect]:
        effects = self._stop_listening()
        self.state = RunnerState.SPEAKING
        self.speech = text
        self.after_speech = then
        return [*effects, Speak(text), self.show()]

    def _speak_then(self, text: str, then: Continuation) -> list[Effect]:
        return self.speak(text, then) if text else self._stop_listening() + then()

    def _after_say(self) -> list[Effect]:
        step = self.step
        if isinstance(step, SayStep) and step.wait:
            return self._wait(Listen(ListenMode.COMMANDS))
        return self.complete_step()

    def _begin_pause(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, PauseStep)
        self.timeline.start_pause(self.clock.now(), step.seconds)
        return self._wait(Listen(ListenMode.COMMANDS))

    def _begin_breathing(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, BreatheStep)
        self.timeline.start_breathing(step, self.clock.now())
        self.state = RunnerState.BREATHING
        listen = Listen(ListenMode.COMMANDS)
        self.listen_effect = listen
        effects: list[Effect] = [listen, self.show()]
        return effects + self.catch_up(self.clock.now())

    def _begin_listen(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, ListenStep)
        self.late_field = None
        return self._listen(listen_for(step))

    def _begin_count(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, CountStep)
        self.late_field = None
        return self._listen(Listen(ListenMode.DICTATION, step.field or "", runner_lines.DEFAULT_END_PHRASE,
                                   COUNT_SILENCE))

    def _begin_waiting(self) -> list[Effect]:
        step = self.step
        if isinstance(step, RateStep):
            return self._wait(Listen(ListenMode.NUMBER))
        assert isinstance(step, ChooseStep)
        return self._wait(Listen(ListenMode.COMMANDS))

    def _wait(self, listen: Listen) -> list[Effect]:
        self.state = RunnerState.WAITING
        self.listen_effect = listen
        return [listen, self.show()]

    def _listen(self, listen: Listen) -> list[Effect]:
        self.state = RunnerState.LISTENING
        self.listen_effect = listen
        return [listen, self.show()]

    def _stop_listening(self) -> list[Effect]:
        if self.listen_effect is None:
            return []
        self.listen_effect = None
        return [StopListening()]

    def relisten(self) -> list[Effect]:
        return [self.listen_effect] if self.listen_effect else []

    def interrupting(self) -> list[Effect]:
        return [StopSpeaking()] if self.state is RunnerState.SPEAKING else []

    def complete_step(self) -> list[Effect]:
        """The current step is done: follow its `next`, else go on in order."""
        step = self.step
        if step.next:
            return self.goto(step.next)
        if self.index + 1 >= len(self.practice.steps):
            return self.finish(EndReason.COMPLETED)
        return self.enter(self.index + 1)

    def goto(self, target: str) -> list[Effect]:
        if target == END_TARGET:
            return self.finish(EndReason.COMPLETED)
        try:
            index = self.practice.index_of(target)
        except KeyError:  # the loader rejects dangling targets; a hand-built practice just ends
            return self.finish(EndReason.COMPLETED)
        return self.enter(index)

    def finish(self, reason: EndReason) -> list[Effect]:
        effects = self._stop_listening()
        self.state = RunnerState.ENDED
        self.confirming = False
        self.timeline.stop()
        effects.append(self.show())
        if reason is EndReason.COMPLETED and self.practice.offer_support:
            effects.append(OfferSupport("practice"))
        effects.append(End(reason))
        return effects

    # ---- time ----------------------------------------------------------------------------------

    def catch_up(self, now: float) -> list[Effect]:
        """Everything due by `now`: breathing boundaries passed, a pause step's end."""
        if self.timeline.frozen is not None or self.confirming:
            return []
        if self.timeline.pause_step_over(self.state, now):
            return self.complete_step()
        pacer = self.timeline.pacer
        if self.state is not RunnerState.BREATHING or pacer is None:
            return []
        entered = pacer.advance(now)
        if not entered:
            return []
        if pacer.finished:
            return self.complete_step()
        return self._phase_cue(pacer)

    def _phase_cue(self, pacer: Pacer) -> list[Effect]:
        """The cue for the phase under way (stale ones skipped when ticks came very late)."""
        phase = pacer.phase()
        if phase is None:
            return [self.show()]
        style = self._step_cue()
        return [*phase_cue(phase, pacer.phase_seconds(), pacer.phase_started_at, style), self.show()]

    def cue(self, step: BreatheStep) -> CueStyle:
        return self.cue_override or step.cue

    def _step_cue(self) -> CueStyle:
        step = self.step
        return self.cue(step) if isinstance(step, BreatheStep) else CueStyle.TONES

    def freeze(self, now: float) -> None:
        """Pause or ask to end: the state and the step's clock stop until `unfreeze`."""
        self.timeline.freeze(self.state, now)

    def unfreeze(self, now: float) -> RunnerState | None:
        """Undo a pause: remaining deadlines shift by exactly the paused time; the state comes back."""
        state = self.timeline.unfreeze(now)
        if state is None:
            return None
        self.confirming = False
        self.state = state
        return state

    def thaw(self, now: float, announce: str = runner_lines.RESUMED) -> list[Effect]:
        """Continue exactly where the pause started, re-establishing speech, listening and cue.

        Waiting and listening steps say `announce` first; breathing re-cues the phase under way.
        """
        state = self.unfreeze(now)
        if state is None:
            return []
        if state is RunnerState.SPEAKING:
            then = self.after_speech or self.complete_step
            return self.speak(self.speech, then)
        listen = self.listen_effect or Listen(ListenMode.COMMANDS)
        self.listen_effect = listen
        if state is RunnerState.BREATHING and self.timeline.pacer is not None:
            return [listen, *self.catch_up(now), *self._resume_cue(now)]
        return [Speak(announce), listen, self.show()]

    def _resume_cue(self, now: float) -> list[Effect]:
        pacer = self.timeline.pacer
        if pacer is None or self.state is not RunnerState.BREATHING:
            return []
        phase = pacer.phase()
        remaining = pacer.remaining(now)
        if phase is None or remaining is None:
            return [self.show()]
        return [*phase_cue(phase, remaining, now, self._step_cue()), self.show()]


def listen_for(step: ListenStep) -> Listen:
    """How a listen step listens: its ending, and a short answer's sooner end (not for a step whose
    practice set its own silence: that one is kept whatever the answer's length)."""
    short = None if step.own_silence is not None or step.silence <= 0 else short_silence_for(step.silence)
    return Listen(ListenMode.DICTATION, step.field, step.end_phrase, step.silence, short)
