"""Spoken or keyed commands: skip, back, repeat, pause and resume, ending with a yes, support, help, pace."""

from __future__ import annotations

from collections.abc import Callable

from voiceguide.intents import Intent, IntentKind
from voiceguide.practices import runner_lines
from voiceguide.practices.answer_taking import choose_number, rating
from voiceguide.practices.events import (
    Effect,
    EndReason,
    Listen,
    OfferSupport,
    RunnerState,
    Speak,
    StopSpeaking,
)
from voiceguide.practices.model import (
    AnyStep,
    ChooseStep,
    CountStep,
    ListenStep,
    PauseStep,
    RateStep,
    SayStep,
)
from voiceguide.practices.step_flow import StepFlow
from voiceguide.speech.recognizer import ListenMode


def on_intent(flow: StepFlow, intent: Intent, now: float) -> list[Effect]:
    """Accepted in every state: SUPPORT always, then the yes-or-no of ending, then a pause's few commands."""
    kind = intent.kind
    if kind is IntentKind.SUPPORT:
        return _support(flow, now)
    if flow.confirming:
        return _confirm_answer(flow, kind, now)
    if flow.timeline.frozen is not None:
        return _paused_intent(flow, kind, now)
    handlers: dict[IntentKind, Callable[[], list[Effect]]] = {
        IntentKind.NEXT: lambda: _skip(flow),
        IntentKind.SKIP: lambda: _skip(flow),
        IntentKind.DONE: lambda: _skip(flow),
        IntentKind.BACK: lambda: _back(flow),
        IntentKind.REPEAT: lambda: _repeat(flow),
        IntentKind.PAUSE: lambda: _pause(flow, now),
        IntentKind.END: lambda: _ask_to_end(flow, now),
        IntentKind.HELP: lambda: _help(flow, now),
        IntentKind.SLOWER: lambda: _change_pace(flow, +1),
        IntentKind.FASTER: lambda: _change_pace(flow, -1),
        IntentKind.YES: lambda: _yes_no(flow, True),
        IntentKind.NO: lambda: _yes_no(flow, False),
        IntentKind.NUMBER: lambda: _number(flow, intent.number),
    }
    handler = handlers.get(kind)
    return handler() if handler else []  # RESUME while running: nothing to do


def _skip(flow: StepFlow) -> list[Effect]:
    effects = flow.interrupting()
    step = flow.step
    if isinstance(step, ChooseStep) and step.default:
        return effects + flow.goto(step.default)
    return effects + flow.complete_step()


def _back(flow: StepFlow) -> list[Effect]:
    effects = flow.interrupting()
    if not flow.history:
        return effects + flow.enter(flow.index, remember=False)
    return effects + flow.enter(flow.history.pop(), remember=False)


def _repeat(flow: StepFlow) -> list[Effect]:
    return flow.interrupting() + flow.enter(flow.index, remember=False)


def _pause(flow: StepFlow, now: float) -> list[Effect]:
    effects = flow.interrupting()
    flow.freeze(now)
    flow.state = RunnerState.PAUSED
    listen = Listen(ListenMode.COMMANDS)
    keep = flow.listen_effect
    flow.listen_effect = keep or listen
    return [*effects, Speak(runner_lines.PAUSED), listen, flow.show()]


def _paused_intent(flow: StepFlow, kind: IntentKind, now: float) -> list[Effect]:
    if kind in (IntentKind.RESUME, IntentKind.YES):
        return flow.thaw(now)
    if kind in (IntentKind.NEXT, IntentKind.SKIP, IntentKind.DONE, IntentKind.BACK, IntentKind.REPEAT):
        flow.unfreeze(now)
        return on_intent(flow, Intent(kind), now)
    if kind is IntentKind.END:
        return _ask_to_end(flow, now)
    if kind in (IntentKind.HELP, IntentKind.PAUSE):
        return [Speak(runner_lines.HELP_PAUSED if kind is IntentKind.HELP else runner_lines.PAUSED)]
    return []


def _ask_to_end(flow: StepFlow, now: float) -> list[Effect]:
    effects = flow.interrupting()
    flow.freeze(now)
    flow.confirming = True
    listen = Listen(ListenMode.COMMANDS)
    return [*effects, Speak(runner_lines.CONFIRM_END), listen, flow.show()]


def _confirm_answer(flow: StepFlow, kind: IntentKind, now: float) -> list[Effect]:
    if kind is IntentKind.YES:
        return flow.finish(EndReason.ENDED_BY_USER)
    if kind in (IntentKind.NO, IntentKind.RESUME):
        flow.confirming = False
        if flow.state is RunnerState.PAUSED:
            return [Speak(runner_lines.PAUSED), flow.show()]
        return flow.thaw(now, announce=runner_lines.CARRY_ON)
    if kind is IntentKind.END:
        return [Speak(runner_lines.CONFIRM_END)]
    return [Speak(runner_lines.CONFIRM_END_HINT)]


def _support(flow: StepFlow, now: float) -> list[Effect]:
    effects = flow.interrupting()
    if flow.timeline.frozen is None:
        flow.freeze(now)
        flow.state = RunnerState.PAUSED
    answering = flow.listen_effect is not None and flow.listen_effect.mode is ListenMode.DICTATION
    flow.listen_effect = flow.listen_effect or Listen(ListenMode.COMMANDS)
    # As any pause, it listens for commands, so that every engine hears "resume"; an answer in
    # progress keeps its dictation instead, so that what is said while the card is open is kept whole.
    listen = [] if answering else [Listen(ListenMode.COMMANDS)]
    return [*effects, OfferSupport("asked"), *listen, flow.show()]


def _help(flow: StepFlow, now: float) -> list[Effect]:
    step = flow.step
    if flow.state is RunnerState.BREATHING:
        flow.freeze(now)
        flow.state = RunnerState.PAUSED
        return [Speak(runner_lines.HELP_BREATHING), flow.show()]
    if flow.state is RunnerState.SPEAKING:
        return [StopSpeaking(), *flow.speak(runner_lines.HELP_COMMON,
                                            lambda: flow.enter(flow.index, remember=False))]
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
    return [Speak(text), *flow.relisten()]


def _change_pace(flow: StepFlow, direction: int) -> list[Effect]:
    pacer = flow.timeline.pacer
    if flow.state is not RunnerState.BREATHING or pacer is None or pacer.finished:
        return []
    if not pacer.change_pace(direction):
        return [Speak(runner_lines.SLOWEST if direction > 0 else runner_lines.FASTEST)]
    return [Speak(runner_lines.SLOWER if direction > 0 else runner_lines.FASTER), flow.show()]


def _answering(flow: StepFlow, step: AnyStep) -> bool:
    """A rating or a choice can be answered once asked, or while it is being asked: a key pressed
    during the prompt cuts it short (a spoken answer then is not heard: half-duplex)."""
    return isinstance(step, RateStep | ChooseStep) and flow.state in (RunnerState.WAITING,
                                                                      RunnerState.SPEAKING)


def _yes_no(flow: StepFlow, yes: bool) -> list[Effect]:
    step = flow.step
    if isinstance(step, ChooseStep) and _answering(flow, step):
        target = step.yes if yes else step.no
        if target:
            return flow.interrupting() + flow.goto(target)
        if flow.state is RunnerState.SPEAKING:
            return []  # the prompt goes on: it names the options
        return [Speak(runner_lines.choose_help([option.name for option in step.options])),
                *flow.relisten()]
    if yes and flow.state is RunnerState.WAITING and isinstance(step, SayStep | PauseStep):
        return flow.complete_step()
    return []


def _number(flow: StepFlow, number: int | None) -> list[Effect]:
    step = flow.step
    if not _answering(flow, step):
        return []
    lowest, highest = (0, 10) if isinstance(step, RateStep) else (1, len(getattr(step, "options", ())))
    valid = number is not None and lowest <= number <= highest
    if flow.state is RunnerState.SPEAKING and not valid:
        return []  # the prompt goes on: it says what to answer
    effects = flow.interrupting()
    if isinstance(step, RateStep):
        return effects + rating(flow, step, number)
    if isinstance(step, ChooseStep) and step.options:
        return effects + choose_number(flow, step, number)
    return []
