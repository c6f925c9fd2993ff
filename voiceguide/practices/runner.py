"""The session runner: a pure state machine that walks a practice, fed events, returning effects.

Contract for frontends (terminal app, headless voice session, tests):

* `Runner(practice, clock, ending=…)`; `start()` returns the first effects. Then feed every event with
  `handle(event)` and carry out the effects it returns, in order. `ending` (the config's end phrase and
  silence) ends the answers of listen steps that set neither of their own.
* Send `Tick` at or soon after `next_deadline()` (None: no tick needed until the next event). Late
  or jittery ticks are fine: deadlines are absolute, and the runner catches up on every event.
* `Speak` replaces anything still being spoken; one batch of effects holds at most one Speak.
  Send `SpeechFinished(text)` when a Speak has finished playing (or was cut off); a finish for an
  older text is ignored.
* `Listen` emitted together with a `Speak` means: start listening once the speech is over (half-duplex).
  Listening continues until `StopListening` or another `Listen`. `ListenTimedOut` does not stop it.
* In DICTATION mode, send each settled segment as `Utterance(text, final=True)` (partials optional).
  A count step counts every final utterance, even an empty or garbled one: only send finals that held
  a voice. A final utterance arriving just after a listen step ended is still saved to its field.
* Intents (`IntentEvent`) are accepted in every state; ones that make no sense there are ignored or
  answered with a short spoken hint. END asks for a yes first. SUPPORT pauses and emits OfferSupport.
* After `End`, the runner emits nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from voiceguide.intents import Intent, IntentKind
from voiceguide.practices import runner_lines
from voiceguide.practices.clock import Clock
from voiceguide.practices.events import (
    Effect,
    End,
    EndReason,
    Event,
    IntentEvent,
    Listen,
    ListenTimedOut,
    OfferSupport,
    PlayCue,
    RunnerState,
    SaveField,
    SaveRating,
    ShowStep,
    Speak,
    SpeechFinished,
    StepView,
    StopListening,
    StopSpeaking,
    Utterance,
)
from voiceguide.practices.model import (
    END_TARGET,
    PLACEHOLDER,
    AnswerEnding,
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
from voiceguide.practices.words import clean_answer
from voiceguide.speech.recognizer import ListenMode
from voiceguide.vocabulary import is_done, normalize, parse_number, split_end_phrase

Continuation = Callable[[], list[Effect]]
COUNT_SILENCE = 10.0  # seconds of silence in a count step before one gentle nudge


def _one_speech(effects: list[Effect]) -> list[Effect]:
    """Keep only the last Speak of a batch: an earlier one would be cut off at once anyway."""
    speeches = [index for index, effect in enumerate(effects) if isinstance(effect, Speak)]
    if len(speeches) < 2:
        return effects
    dropped = set(speeches[:-1])
    return [effect for index, effect in enumerate(effects) if index not in dropped]


class Runner:
    """Walks one practice on an injected clock; see the module docstring for the frontend contract."""

    def __init__(self, practice: Practice, clock: Clock, *, cue_style: CueStyle | None = None,
                 ending: AnswerEnding | None = None) -> None:
        self.practice = practice.settled(ending or AnswerEnding())
        self.clock = clock
        self.cue_override = cue_style
        self._state = RunnerState.SPEAKING
        self._started = False
        self._index = 0
        self._history: list[int] = []
        self._fields: dict[str, str] = {}
        self._after_speech: Continuation | None = None
        self._speech = ""  # the step speech under way (SPEAKING), re-spoken on resume
        self._listen_effect: Listen | None = None
        self._deadline: float | None = None  # end of a pause step
        self._pacer: Pacer | None = None
        self._counted = 0
        self._partial = ""
        self._nudged = False
        self._late_field: tuple[ListenStep, str] | None = None  # (step, field) that may get a late final
        self._confirming = False
        self._frozen: tuple[RunnerState, float] | None = None  # state before pause/confirm, and when

    # ---- public surface ------------------------------------------------------------------------

    @property
    def state(self) -> RunnerState:
        """What the runner is doing now; WAITING (for yes or no) while asking whether to end."""
        if self._confirming:
            return RunnerState.WAITING
        return self._state

    @property
    def step(self) -> AnyStep:
        return self.practice.steps[self._index]

    @property
    def fields(self) -> dict[str, str]:
        """What the user has said so far, by journal field name."""
        return dict(self._fields)

    @property
    def view(self) -> StepView:
        """The current step as a frontend should draw it."""
        step = self.step
        now = self.clock.now()
        pacer = self._pacer
        answer = ""
        if isinstance(step, ListenStep):
            answer = " ".join(part for part in (self._fields.get(step.field, ""), self._partial) if part)
        elif isinstance(step, CountStep) and step.field:
            answer = self._fields.get(step.field, "")
        options = tuple(option.name for option in step.options) if isinstance(step, ChooseStep) else ()
        text = self._fill(step.text) if isinstance(step, SayStep) else step.display_text
        return StepView(
            practice_title=self.practice.title,
            step_index=self._index,
            step_total=len(self.practice.steps),
            step_id=step.id,
            kind=step.kind,
            text=text,
            state=self.state,
            phase=pacer.phase_name() if pacer else "",
            phase_started_at=pacer.phase_started_at if pacer else None,
            phase_deadline=pacer.start_of(pacer.index + 1) if pacer and not pacer.finished else None,
            phase_remaining=pacer.remaining(now) if pacer else None,
            cycle=pacer.cycle() if pacer else 0,
            cycles=pacer.cycles if pacer else 0,
            pace=pacer.pace if pacer else 1.0,
            cue=self._cue(step) if isinstance(step, BreatheStep) else None,
            counted=self._counted,
            count_total=step.count if isinstance(step, CountStep) else 0,
            answer=answer,
            options=options,
            confirming_end=self._confirming,
        )

    def next_deadline(self) -> float | None:
        """When the frontend must send the next Tick; None when nothing is timed."""
        if self._confirming or self._state in (RunnerState.PAUSED, RunnerState.ENDED):
            return None
        if self._state is RunnerState.BREATHING and self._pacer is not None:
            return self._pacer.deadline()
        if self._state is RunnerState.WAITING:
            return self._deadline
        return None

    def start(self) -> list[Effect]:
        """Begin at the first step."""
        if self._started:
            return []
        self._started = True
        return _one_speech(self._enter(0, remember=False))

    def handle(self, event: Event) -> list[Effect]:
        """Take one event; returns the effects to carry out, in order. Never raises for odd input."""
        if not self._started or self._state is RunnerState.ENDED:
            return []
        now = self.clock.now()
        effects = self._catch_up(now)
        if self._state is RunnerState.ENDED:
            return effects
        if isinstance(event, IntentEvent):
            effects += self._on_intent(event.intent, now)
        elif isinstance(event, Utterance):
            effects += self._on_utterance(event, now)
        elif isinstance(event, SpeechFinished):
            effects += self._on_speech_finished(event)
        elif isinstance(event, ListenTimedOut):
            effects += self._on_listen_timeout()
        return _one_speech(effects)  # a Tick only catches up

    # ---- steps ---------------------------------------------------------------------------------

    def _enter(self, index: int, *, remember: bool = True) -> list[Effect]:
        leaving = self.step
        # only the step just left may still receive a late dictation segment
        self._late_field = (leaving, leaving.field) if isinstance(leaving, ListenStep) else None
        if remember and index != self._index:
            self._history.append(self._index)
        self._index = index
        self._pacer = None
        self._deadline = None
        self._counted = 0
        self._partial = ""
        self._nudged = False
        self._confirming = False
        self._frozen = None
        step = self.step
        if isinstance(step, SayStep):
            text = self._fill(step.text)
            effects: list[Effect] = []
            if step.save_as:
                self._fields[step.save_as] = text
                effects.append(SaveField(step.save_as, text, step.text, step.id))
            return effects + self._speak(runner_lines.say_speech(text, step.wait), self._after_say)
        if isinstance(step, PauseStep):
            return self._speak_then(step.text, self._begin_pause)
        if isinstance(step, BreatheStep):
            return self._speak_then(step.text, self._begin_breathing)
        if isinstance(step, ListenStep):
            return self._speak(step.prompt, self._begin_listen)
        if isinstance(step, RateStep | ChooseStep):
            return self._speak(step.prompt, self._begin_waiting)
        return self._speak(step.prompt, self._begin_count)

    def _speak(self, text: str, then: Continuation) -> list[Effect]:
        effects = self._stop_listening()
        self._state = RunnerState.SPEAKING
        self._speech = text
        self._after_speech = then
        return [*effects, Speak(text), self._show()]

    def _speak_then(self, text: str, then: Continuation) -> list[Effect]:
        return self._speak(text, then) if text else self._stop_listening() + then()

    def _after_say(self) -> list[Effect]:
        step = self.step
        if isinstance(step, SayStep) and step.wait:
            return self._wait(Listen(ListenMode.COMMANDS))
        return self._complete_step()

    def _begin_pause(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, PauseStep)
        self._deadline = self.clock.now() + step.seconds
        return self._wait(Listen(ListenMode.COMMANDS))

    def _begin_breathing(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, BreatheStep)
        self._pacer = Pacer(step.phases, step.cycles, step.prepare, self.clock.now())
        self._state = RunnerState.BREATHING
        listen = Listen(ListenMode.COMMANDS)
        self._listen_effect = listen
        effects: list[Effect] = [listen, self._show()]
        return effects + self._catch_up(self.clock.now())

    def _begin_listen(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, ListenStep)
        self._late_field = None
        listen = Listen(ListenMode.DICTATION, step.field, step.end_phrase, step.silence)
        return self._listen(listen)

    def _begin_count(self) -> list[Effect]:
        step = self.step
        assert isinstance(step, CountStep)
        self._late_field = None
        return self._listen(Listen(ListenMode.DICTATION, step.field or "", runner_lines.DEFAULT_END_PHRASE,
                                   COUNT_SILENCE))

    def _begin_waiting(self) -> list[Effect]:
        step = self.step
        if isinstance(step, RateStep):
            return self._wait(Listen(ListenMode.NUMBER))
        assert isinstance(step, ChooseStep)
        return self._wait(Listen(ListenMode.COMMANDS))

    def _wait(self, listen: Listen) -> list[Effect]:
        self._state = RunnerState.WAITING
        self._listen_effect = listen
        return [listen, self._show()]

    def _listen(self, listen: Listen) -> list[Effect]:
        self._state = RunnerState.LISTENING
        self._listen_effect = listen
        return [listen, self._show()]

    def _stop_listening(self) -> list[Effect]:
        if self._listen_effect is None:
            return []
        self._listen_effect = None
        return [StopListening()]

    def _complete_step(self) -> list[Effect]:
        """The current step is done: follow its `next`, else go on in order."""
        step = self.step
        if step.next:
            return self._goto(step.next)
        if self._index + 1 >= len(self.practice.steps):
            return self._finish(EndReason.COMPLETED)
        return self._enter(self._index + 1)

    def _goto(self, target: str) -> list[Effect]:
        if target == END_TARGET:
            return self._finish(EndReason.COMPLETED)
        try:
            index = self.practice.index_of(target)
        except KeyError:  # the loader rejects dangling targets; a hand-built practice just ends
            return self._finish(EndReason.COMPLETED)
        return self._enter(index)

    def _finish(self, reason: EndReason) -> list[Effect]:
        effects = self._stop_listening()
        self._state = RunnerState.ENDED
        self._confirming = False
        self._pacer = None
        self._deadline = None
        effects.append(self._show())
        if reason is EndReason.COMPLETED and self.practice.offer_support:
            effects.append(OfferSupport("practice"))
        effects.append(End(reason))
        return effects

    # ---- time ----------------------------------------------------------------------------------

    def _catch_up(self, now: float) -> list[Effect]:
        """Everything due by `now`: breathing boundaries passed, a pause step's end."""
        if self._frozen is not None or self._confirming:
            return []
        if self._state is RunnerState.WAITING and self._deadline is not None and now >= self._deadline:
            self._deadline = None
            return self._complete_step()
        pacer = self._pacer
        if self._state is not RunnerState.BREATHING or pacer is None:
            return []
        entered = pacer.advance(now)
        if not entered:
            return []
        if pacer.finished:
            return self._complete_step()
        return self._phase_cue(pacer)

    def _phase_cue(self, pacer: Pacer) -> list[Effect]:
        """The cue for the phase under way (stale ones skipped when ticks came very late)."""
        phase = pacer.phase()
        if phase is None:
            return [self._show()]
        step = self.step
        style = self._cue(step) if isinstance(step, BreatheStep) else CueStyle.TONES
        effects: list[Effect] = [PlayCue(phase.kind.value, pacer.phase_seconds(), pacer.phase_started_at,
                                         style)]
        if style is CueStyle.WORDS:
            effects.append(Speak(phase.word))
        effects.append(self._show())
        return effects

    def _cue(self, step: BreatheStep) -> CueStyle:
        return self.cue_override or step.cue

    def _begin_pause_freeze(self, now: float) -> None:
        if self._frozen is None:
            self._frozen = (self._state, now)
            if self._pacer is not None:
                self._pacer.pause(now)

    def _unfreeze(self, now: float) -> RunnerState | None:
        """Undo a pause: remaining deadlines shift by exactly the paused time; the state comes back."""
        if self._frozen is None:
            return None
        state, since = self._frozen
        self._frozen = None
        self._confirming = False
        if self._pacer is not None:
            self._pacer.resume(now)
        if self._deadline is not None:
            self._deadline += max(0.0, now - since)
        self._state = state
        return state

    def _thaw(self, now: float, announce: str = runner_lines.RESUMED) -> list[Effect]:
        """Continue exactly where the pause started, re-establishing speech, listening and cue.

        Waiting and listening steps say `announce` first; breathing re-cues the phase under way.
        """
        state = self._unfreeze(now)
        if state is None:
            return []
        if state is RunnerState.SPEAKING:
            then = self._after_speech or self._complete_step
            return self._speak(self._speech, then)
        listen = self._listen_effect or Listen(ListenMode.COMMANDS)
        self._listen_effect = listen
        if state is RunnerState.BREATHING and self._pacer is not None:
            return [listen, *self._catch_up(now), *self._resume_cue(now)]
        return [Speak(announce), listen, self._show()]

    def _resume_cue(self, now: float) -> list[Effect]:
        pacer = self._pacer
        if pacer is None or self._state is not RunnerState.BREATHING:
            return []
        phase = pacer.phase()
        remaining = pacer.remaining(now)
        if phase is None or remaining is None:
            return [self._show()]
        style = self._cue(self.step) if isinstance(self.step, BreatheStep) else CueStyle.TONES
        effects: list[Effect] = [PlayCue(phase.kind.value, remaining, now, style)]
        if style is CueStyle.WORDS:
            effects.append(Speak(phase.word))
        return [*effects, self._show()]

    # ---- events --------------------------------------------------------------------------------

    def _on_speech_finished(self, event: SpeechFinished) -> list[Effect]:
        if self._state is not RunnerState.SPEAKING or self._frozen is not None or self._confirming:
            return []
        if event.text and event.text != self._speech:
            return []
        then, self._after_speech = self._after_speech, None
        return then() if then else []

    def _on_listen_timeout(self) -> list[Effect]:
        if self._state is not RunnerState.LISTENING or self._frozen is not None:
            return []
        step = self.step
        if isinstance(step, ListenStep) and self._fields.get(step.field):
            return self._complete_step()
        if self._nudged or (isinstance(step, CountStep) and self._counted):
            return []
        self._nudged = True
        return [Speak(runner_lines.LISTEN_NUDGE), *self._relisten()]

    def _relisten(self) -> list[Effect]:
        return [self._listen_effect] if self._listen_effect else []

    def _on_utterance(self, event: Utterance, now: float) -> list[Effect]:
        step = self.step
        if self._frozen is not None or self._confirming:
            spoken = event.text.strip()
            held = event.final and spoken and not is_done(spoken)
            if held and isinstance(step, ListenStep):
                return self._append(step.field, spoken, step.prompt, step.id)
            if held and isinstance(step, CountStep) and step.field:  # kept, not counted, while paused
                return self._append(step.field, clean_answer(spoken) + ".", step.prompt, step.id)
            return self._save_late(event) if event.final else []
        if self._state is RunnerState.LISTENING and isinstance(step, ListenStep):
            return self._dictation(step, event)
        if self._state is RunnerState.LISTENING and isinstance(step, CountStep):
            return self._count(step, event, now)
        if self._state is RunnerState.WAITING and event.final:
            if isinstance(step, RateStep):
                return self._rating(step, parse_number(event.text))
            if isinstance(step, ChooseStep):
                return self._choose_by_words(step, event.text)
        return self._save_late(event) if event.final else []

    def _dictation(self, step: ListenStep, event: Utterance) -> list[Effect]:
        if not event.final:
            self._partial = event.text.strip()
            return [self._show()]
        self._partial = ""
        text, finished = split_end_phrase(event.text, step.end_phrase, runner_lines.DEFAULT_END_PHRASE)
        effects = self._append(step.field, text, step.prompt, step.id) if text else []
        if finished:
            return effects + self._complete_step()
        return [*effects, self._show()]

    def _append(self, field: str, text: str, prompt: str, step_id: str) -> list[Effect]:
        joined = " ".join(part for part in (self._fields.get(field, ""), text.strip()) if part)
        self._fields[field] = joined
        return [SaveField(field, joined, prompt, step_id)]

    def _save_late(self, event: Utterance) -> list[Effect]:
        """A final segment that settled just after its listen step ended is still kept."""
        if self._late_field is None or not event.text.strip():
            return []
        step, field = self._late_field
        if is_done(event.text):
            return []
        return self._append(field, event.text, step.prompt, step.id)

    def _count(self, step: CountStep, event: Utterance, now: float) -> list[Effect]:
        if not event.final:
            return []
        if is_done(event.text):
            return self._complete_step()
        self._counted += 1
        effects: list[Effect] = [PlayCue("tick", 0.0, now)]
        if step.field and event.text.strip():
            effects += self._append(step.field, clean_answer(event.text) + ".", step.prompt, step.id)
        if self._counted >= step.count:
            return effects + self._complete_step()
        return [*effects, self._show()]

    def _rating(self, step: RateStep, number: int | None) -> list[Effect]:
        if number is None or not 0 <= number <= 10:
            return [Speak(runner_lines.RATE_HINT), *self._relisten()]
        return [SaveRating(step.which, number), *self._complete_step()]

    def _choose_by_words(self, step: ChooseStep, text: str) -> list[Effect]:
        heard = normalize(text)
        for option in step.options:
            if normalize(option.name) in heard.split() or normalize(option.name) == heard:
                return self._goto(option.goto)
        words = heard.split()
        if step.yes and "yes" in words:
            return self._goto(step.yes)
        if step.no and "no" in words:
            return self._goto(step.no)
        if step.options:
            return self._choose_number(step, parse_number(text))
        return [Speak(runner_lines.CHOOSE_YES_NO_HINT), *self._relisten()]

    def _choose_number(self, step: ChooseStep, number: int | None) -> list[Effect]:
        if number is not None and 1 <= number <= len(step.options):
            return self._goto(step.options[number - 1].goto)
        return [Speak(runner_lines.choose_help([o.name for o in step.options])), *self._relisten()]

    # ---- intents -------------------------------------------------------------------------------

    def _on_intent(self, intent: Intent, now: float) -> list[Effect]:
        kind = intent.kind
        if kind is IntentKind.SUPPORT:
            return self._support(now)
        if self._confirming:
            return self._confirm_answer(kind, now)
        if self._frozen is not None:
            return self._paused_intent(kind, now)
        handlers: dict[IntentKind, Callable[[], list[Effect]]] = {
            IntentKind.NEXT: self._skip,
            IntentKind.SKIP: self._skip,
            IntentKind.DONE: self._skip,
            IntentKind.BACK: self._back,
            IntentKind.REPEAT: self._repeat,
            IntentKind.PAUSE: lambda: self._pause(now),
            IntentKind.END: lambda: self._ask_to_end(now),
            IntentKind.HELP: lambda: self._help(now),
            IntentKind.SLOWER: lambda: self._change_pace(+1),
            IntentKind.FASTER: lambda: self._change_pace(-1),
            IntentKind.YES: lambda: self._yes_no(True),
            IntentKind.NO: lambda: self._yes_no(False),
            IntentKind.NUMBER: lambda: self._number(intent.number),
        }
        handler = handlers.get(kind)
        return handler() if handler else []  # RESUME while running: nothing to do

    def _interrupting(self) -> list[Effect]:
        return [StopSpeaking()] if self._state is RunnerState.SPEAKING else []

    def _skip(self) -> list[Effect]:
        effects = self._interrupting()
        step = self.step
        if isinstance(step, ChooseStep) and step.default:
            return effects + self._goto(step.default)
        return effects + self._complete_step()

    def _back(self) -> list[Effect]:
        effects = self._interrupting()
        if not self._history:
            return effects + self._enter(self._index, remember=False)
        return effects + self._enter(self._history.pop(), remember=False)

    def _repeat(self) -> list[Effect]:
        return self._interrupting() + self._enter(self._index, remember=False)

    def _pause(self, now: float) -> list[Effect]:
        effects = self._interrupting()
        self._begin_pause_freeze(now)
        self._state = RunnerState.PAUSED
        listen = Listen(ListenMode.COMMANDS)
        keep = self._listen_effect
        self._listen_effect = keep or listen
        return [*effects, Speak(runner_lines.PAUSED), listen, self._show()]

    def _paused_intent(self, kind: IntentKind, now: float) -> list[Effect]:
        if kind in (IntentKind.RESUME, IntentKind.YES):
            return self._thaw(now)
        if kind in (IntentKind.NEXT, IntentKind.SKIP, IntentKind.DONE, IntentKind.BACK, IntentKind.REPEAT):
            self._unfreeze(now)
            return self._on_intent(Intent(kind), now)
        if kind is IntentKind.END:
            return self._ask_to_end(now)
        if kind in (IntentKind.HELP, IntentKind.PAUSE):
            return [Speak(runner_lines.HELP_PAUSED if kind is IntentKind.HELP else runner_lines.PAUSED)]
        return []

    def _ask_to_end(self, now: float) -> list[Effect]:
        effects = self._interrupting()
        self._begin_pause_freeze(now)
        self._confirming = True
        listen = Listen(ListenMode.COMMANDS)
        return [*effects, Speak(runner_lines.CONFIRM_END), listen, self._show()]

    def _confirm_answer(self, kind: IntentKind, now: float) -> list[Effect]:
        if kind is IntentKind.YES:
            return self._finish(EndReason.ENDED_BY_USER)
        if kind in (IntentKind.NO, IntentKind.RESUME):
            self._confirming = False
            if self._state is RunnerState.PAUSED:
                return [Speak(runner_lines.PAUSED), self._show()]
            return self._thaw(now, announce=runner_lines.CARRY_ON)
        if kind is IntentKind.END:
            return [Speak(runner_lines.CONFIRM_END)]
        return [Speak(runner_lines.CONFIRM_END_HINT)]

    def _support(self, now: float) -> list[Effect]:
        effects = self._interrupting()
        if self._frozen is None:
            self._begin_pause_freeze(now)
            self._state = RunnerState.PAUSED
        answering = self._listen_effect is not None and self._listen_effect.mode is ListenMode.DICTATION
        self._listen_effect = self._listen_effect or Listen(ListenMode.COMMANDS)
        # As any pause, it listens for commands, so that every engine hears "resume"; an answer in
        # progress keeps its dictation instead, so that what is said while the card is open is kept whole.
        listen = [] if answering else [Listen(ListenMode.COMMANDS)]
        return [*effects, OfferSupport("asked"), *listen, self._show()]

    def _help(self, now: float) -> list[Effect]:
        step = self.step
        if self._state is RunnerState.BREATHING:
            self._begin_pause_freeze(now)
            self._state = RunnerState.PAUSED
            return [Speak(runner_lines.HELP_BREATHING), self._show()]
        if self._state is RunnerState.SPEAKING:
            return [StopSpeaking(), *self._speak(runner_lines.HELP_COMMON, lambda: self._enter(self._index,
                                                                                            remember=False))]
        if isinstance(step, ListenStep):
            text = runner_lines.listen_help(step.end_phrase)
        elif isinstance(step, CountStep):
            text = runner_lines.HELP_COUNT
        elif isinstance(step, RateStep):
            text = runner_lines.HELP_RATE
        elif isinstance(step, ChooseStep):
            text = runner_lines.choose_help([option.name for option in step.options])
        else:
            text = runner_lines.HELP_COMMON
        return [Speak(text), *self._relisten()]

    def _change_pace(self, direction: int) -> list[Effect]:
        pacer = self._pacer
        if self._state is not RunnerState.BREATHING or pacer is None or pacer.finished:
            return []
        if not pacer.change_pace(direction):
            return [Speak(runner_lines.SLOWEST if direction > 0 else runner_lines.FASTEST)]
        return [Speak(runner_lines.SLOWER if direction > 0 else runner_lines.FASTER), self._show()]

    def _answering(self, step: AnyStep) -> bool:
        """A rating or a choice can be answered once asked, or while it is being asked: a key pressed
        during the prompt cuts it short (a spoken answer then is not heard: half-duplex)."""
        return isinstance(step, RateStep | ChooseStep) and self._state in (RunnerState.WAITING,
                                                                           RunnerState.SPEAKING)

    def _yes_no(self, yes: bool) -> list[Effect]:
        step = self.step
        if isinstance(step, ChooseStep) and self._answering(step):
            target = step.yes if yes else step.no
            if target:
                return self._interrupting() + self._goto(target)
            if self._state is RunnerState.SPEAKING:
                return []  # the prompt goes on: it names the options
            return [Speak(runner_lines.choose_help([option.name for option in step.options])),
                    *self._relisten()]
        if yes and self._state is RunnerState.WAITING and isinstance(step, SayStep | PauseStep):
            return self._complete_step()
        return []

    def _number(self, number: int | None) -> list[Effect]:
        step = self.step
        if not self._answering(step):
            return []
        lowest, highest = (0, 10) if isinstance(step, RateStep) else (1, len(getattr(step, "options", ())))
        valid = number is not None and lowest <= number <= highest
        if self._state is RunnerState.SPEAKING and not valid:
            return []  # the prompt goes on: it says what to answer
        effects = self._interrupting()
        if isinstance(step, RateStep):
            return effects + self._rating(step, number)
        if isinstance(step, ChooseStep) and step.options:
            return effects + self._choose_number(step, number)
        return []

    # ---- helpers -------------------------------------------------------------------------------

    def _fill(self, text: str) -> str:
        """A say text with its {field} placeholders replaced by what the user said."""
        return PLACEHOLDER.sub(lambda match: clean_answer(self._fields.get(match[1], "")) or "…", text)

    def _show(self) -> ShowStep:
        return ShowStep(self.view)
