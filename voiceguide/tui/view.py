"""The runner's step view read into the shape the widgets draw (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ShownStep:
    """What the session screen shows for the current step."""

    title: str = ""
    text: str = ""
    kind: str = ""
    index: int = 0  # 1-based; 0 = not started
    total: int = 0
    phase: str = ""  # breathing phase name, empty outside breathing
    phase_seconds: float = 0.0
    phase_deadline: float | None = None  # monotonic time the phase ends
    phase_remaining: float | None = None  # seconds left when the view was made
    cycle: int = 0
    cycles: int = 0
    state: str = ""
    answer: str = ""
    counted: int = 0
    count_total: int = 0
    options: tuple[str, ...] = ()
    confirming_end: bool = False

    @property
    def paused(self) -> bool:
        return self.state == "paused"


def _text(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def shown_step(view: Any) -> ShownStep:
    """Read the runner's StepView into a ShownStep."""
    if isinstance(view, ShownStep):
        return view
    started = view.phase_started_at
    deadline = view.phase_deadline
    seconds = deadline - started if started is not None and deadline is not None else 0.0
    return ShownStep(
        title=view.practice_title,
        text=view.text,
        kind=_text(view.kind),
        index=view.step_index + 1,
        total=view.step_total,
        phase=view.phase,
        phase_seconds=seconds,
        phase_deadline=deadline,
        phase_remaining=view.phase_remaining,
        cycle=view.cycle,
        cycles=view.cycles,
        state=_text(view.state),
        answer=view.answer,
        counted=view.counted,
        count_total=view.count_total,
        options=tuple(view.options),
        confirming_end=view.confirming_end,
    )


def phase_label(phase: str) -> str:
    """A calm name for a breathing phase ("inhale" -> "Breathe in")."""
    key = phase.lower().replace("_", " ").replace("-", " ").strip()
    labels = {"inhale": "Breathe in", "exhale": "Breathe out", "hold": "Hold", "prepare": "Get ready",
              "sigh": "Breathe in a little more", "second inhale": "Breathe in a little more",
              "inhale2": "Breathe in a little more"}
    return labels.get(key, phase.replace("_", " ").capitalize())


def phase_direction(phase: str) -> int:
    """+1 for a phase that fills the lungs, -1 for one that empties them, 0 for a hold."""
    key = phase.lower()
    if "exhale" in key:
        return -1
    if "inhale" in key or "sigh" in key:
        return 1
    return 0
