"""A scripted user for runner tests: answers whatever the runner waits for, and records every effect."""

from __future__ import annotations

from dataclasses import dataclass, field

from voiceguide.intents import Intent, IntentKind
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import (
    Effect,
    Event,
    IntentEvent,
    RunnerState,
    SpeechFinished,
    Tick,
    Utterance,
)
from voiceguide.practices.model import ChooseStep, CountStep, ListenStep, RateStep, SayStep
from voiceguide.practices.runner import Runner

SPEECH_SECONDS = 2.0


@dataclass
class ScriptedUser:
    """Says yes the first time a yes/no choice comes round and no after (`contrary`: no, then yes),
    picks option number `pick` (from 0, wrapping round), rates 7 then 3, answers each listen step with
    two segments and the end phrase."""

    contrary: bool = False
    pick: int = 0
    choices_seen: dict[str, int] = field(default_factory=dict)
    ratings: list[int] = field(default_factory=lambda: [7, 3])
    pending: list[Event] = field(default_factory=list)

    def respond(self, runner: Runner) -> Event:
        if self.pending:
            return self.pending.pop(0)
        step = runner.step
        if isinstance(step, RateStep):
            value = self.ratings.pop(0) if self.ratings else 5
            return IntentEvent(Intent(IntentKind.NUMBER, number=value))
        if isinstance(step, ChooseStep):
            seen = self.choices_seen.get(step.id, 0)
            self.choices_seen[step.id] = seen + 1
            if step.options:
                return Utterance(step.options[self.pick % len(step.options)].name)
            first = seen == 0
            return IntentEvent(Intent(IntentKind.YES if first != self.contrary else IntentKind.NO))
        if isinstance(step, ListenStep):
            self.pending = [Utterance(f"second part for {step.field}"), Utterance(step.end_phrase)]
            return Utterance(f"first part for {step.field}")
        if isinstance(step, CountStep):
            self.pending = [Utterance(f"thing {n}") for n in range(2, step.count + 1)]
            return Utterance("thing 1")
        assert isinstance(step, SayStep) or runner.state is RunnerState.WAITING
        return IntentEvent(Intent(IntentKind.NEXT))


def drive(runner: Runner, clock: FakeClock, user: ScriptedUser | None = None,
          max_events: int = 20000) -> list[Effect]:
    """Run the practice to its end the way a frontend would; returns every effect emitted."""
    user = user or ScriptedUser()
    effects = runner.start()
    for _ in range(max_events):
        if runner.state is RunnerState.ENDED:
            return effects
        effects += runner.handle(next_event(runner, clock, user))
    raise AssertionError(f"practice did not end after {max_events} events (state {runner.state})")


def next_event(runner: Runner, clock: FakeClock, user: ScriptedUser) -> Event:
    state = runner.state
    if state is RunnerState.SPEAKING:
        clock.advance(SPEECH_SECONDS)
        return SpeechFinished()
    deadline = runner.next_deadline()
    if deadline is not None:
        clock.set(max(deadline, clock.now()))
        return Tick(clock.now())
    clock.advance(1.0)
    return user.respond(runner)
