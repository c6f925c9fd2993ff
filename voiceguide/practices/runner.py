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

from voiceguide.practices.answer_taking import on_listen_timeout, on_utterance
from voiceguide.practices.clock import Clock
from voiceguide.practices.events import (
    Effect,
    Event,
    IntentEvent,
    ListenTimedOut,
    RunnerState,
    Speak,
    SpeechFinished,
    StepView,
    Utterance,
)
from voiceguide.practices.intent_handling import on_intent
from voiceguide.practices.model import AnswerEnding, AnyStep, CueStyle, Practice
from voiceguide.practices.step_flow import StepFlow


def _one_speech(effects: list[Effect]) -> list[Effect]:
    """Keep only the last Speak of a batch: an earlier one would be cut off at once anyway."""
    speeches = [index for index, effect in enumerate(effects) if isinstance(effect, Speak)]
    if len(speeches) < 2:
        return effects
    dropped = set(speeches[:-1])
    return [effect for index, effect in enumerate(effects) if index not in dropped]


class Runner:
    """Walks one practice on an injected clock; see the module docstring for the frontend contract.

    The walk itself (steps, time, pause) is a StepFlow; answers and intents are handled in
    answer_taking and intent_handling. The runner keeps the contract: it catches up, routes each
    event, and lets a batch of effects hold at most one Speak.
    """

    def __init__(self, practice: Practice, clock: Clock, *, cue_style: CueStyle | None = None,
                 ending: AnswerEnding | None = None) -> None:
        self._flow = StepFlow(practice.settled(ending or AnswerEnding()), clock, cue_style)
        self._started = False

    @property
    def practice(self) -> Practice:
        return self._flow.practice

    @property
    def clock(self) -> Clock:
        return self._flow.clock

    @property
    def cue_override(self) -> CueStyle | None:
        return self._flow.cue_override

    @property
    def state(self) -> RunnerState:
        """What the runner is doing now; WAITING (for yes or no) while asking whether to end."""
        return self._flow.apparent_state

    @property
    def step(self) -> AnyStep:
        return self._flow.step

    @property
    def fields(self) -> dict[str, str]:
        """What the user has said so far, by journal field name."""
        return dict(self._flow.fields)

    @property
    def view(self) -> StepView:
        """The current step as a frontend should draw it."""
        return self._flow.view

    def next_deadline(self) -> float | None:
        """When the frontend must send the next Tick; None when nothing is timed."""
        return self._flow.next_deadline()

    def start(self) -> list[Effect]:
        """Begin at the first step."""
        if self._started:
            return []
        self._started = True
        return _one_speech(self._flow.enter(0, remember=False))

    def handle(self, event: Event) -> list[Effect]:
        """Take one event; returns the effects to carry out, in order. Never raises for odd input."""
        flow = self._flow
        if not self._started or flow.state is RunnerState.ENDED:
            return []
        now = flow.clock.now()
        effects = flow.catch_up(now)
        if flow.state is RunnerState.ENDED:
            return effects
        if isinstance(event, IntentEvent):
            effects += on_intent(flow, event.intent, now)
        elif isinstance(event, Utterance):
            effects += on_utterance(flow, event, now)
        elif isinstance(event, SpeechFinished):
            effects += self._on_speech_finished(event)
        elif isinstance(event, ListenTimedOut):
            effects += on_listen_timeout(flow)
        return _one_speech(effects)  # a Tick only catches up

    def _on_speech_finished(self, event: SpeechFinished) -> list[Effect]:
        flow = self._flow
        if flow.state is not RunnerState.SPEAKING or flow.timeline.frozen is not None or flow.confirming:
            return []
        if event.text and event.text != flow.speech:
            return []
        then, flow.after_speech = flow.after_speech, None
        return then() if then else []
