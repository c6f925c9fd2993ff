"""A step's time: the breathing pacer, a pause step's end, and the freeze while paused or asking to end."""

from __future__ import annotations

from voiceguide.practices.events import Effect, PlayCue, RunnerState, Speak
from voiceguide.practices.model import BreatheStep, CueStyle, Phase
from voiceguide.practices.pacer import Pacer


class Timeline:
    """The deadlines of the step under way, all absolute; a freeze shifts them by exactly the time paused."""

    def __init__(self) -> None:
        self.pacer: Pacer | None = None
        self.deadline: float | None = None  # end of a pause step
        self.frozen: tuple[RunnerState, float] | None = None  # state before pause/confirm, and when

    def enter_step(self) -> None:
        """A new step starts with nothing timed and nothing frozen."""
        self.pacer = None
        self.deadline = None
        self.frozen = None

    def stop(self) -> None:
        """The practice ended: nothing is timed any more."""
        self.pacer = None
        self.deadline = None

    def start_pause(self, now: float, seconds: float) -> None:
        self.deadline = now + seconds

    def start_breathing(self, step: BreatheStep, now: float) -> None:
        self.pacer = Pacer(step.phases, step.cycles, step.prepare, now)

    def next_deadline(self, state: RunnerState) -> float | None:
        """When the timed part of `state` next needs a Tick; None when nothing is timed."""
        if state is RunnerState.BREATHING and self.pacer is not None:
            return self.pacer.deadline()
        if state is RunnerState.WAITING:
            return self.deadline
        return None

    def pause_step_over(self, state: RunnerState, now: float) -> bool:
        """Whether a pause step's time ran out by `now` (its deadline is then spent)."""
        if state is RunnerState.WAITING and self.deadline is not None and now >= self.deadline:
            self.deadline = None
            return True
        return False

    def freeze(self, state: RunnerState, now: float) -> None:
        """Remember `state` and stop the clock of the step (a second freeze keeps the first)."""
        if self.frozen is None:
            self.frozen = (state, now)
            if self.pacer is not None:
                self.pacer.pause(now)

    def unfreeze(self, now: float) -> RunnerState | None:
        """Undo a freeze: remaining deadlines shift by exactly the paused time; returns the state it kept."""
        if self.frozen is None:
            return None
        state, since = self.frozen
        self.frozen = None
        if self.pacer is not None:
            self.pacer.resume(now)
        if self.deadline is not None:
            self.deadline += max(0.0, now - since)
        return state


def phase_cue(phase: Phase, seconds: float, started_at: float, style: CueStyle) -> list[Effect]:
    """The cue of one breathing phase: a tone, and with spoken cues its word too."""
    effects: list[Effect] = [PlayCue(phase.kind.value, seconds, started_at, style)]
    if style is CueStyle.WORDS:
        effects.append(Speak(phase.word))
    return effects
